/**
 * The {@code capacity plan} command line: {@link io.github.ddbpatterns.capacity.cli.CapacityCli} (picocli) plays a
 * traffic profile against every strategy, prints the comparison table and the recommendation, and writes a timeline
 * CSV and PNG charts (JFreeChart). Picocli and JFreeChart are optional dependencies of the module: add them to run the
 * command line; the simulator itself does not need them.
 */
@NullMarked
package io.github.ddbpatterns.capacity.cli;

import org.jspecify.annotations.NullMarked;
