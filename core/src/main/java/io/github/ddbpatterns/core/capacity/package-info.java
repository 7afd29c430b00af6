/**
 * Capacity-unit and cost arithmetic. Entry points:
 * {@link io.github.ddbpatterns.core.capacity.CapacityUnits} (WCU/RCU for item sizes, reads and queries) and
 * {@link io.github.ddbpatterns.core.capacity.CostEstimator} (on-demand and provisioned prices).
 */
@NullMarked
package io.github.ddbpatterns.core.capacity;

import org.jspecify.annotations.NullMarked;
