/**
 * The shared kernel of ddb-patterns: errors ({@link io.github.ddbpatterns.core.DdbPatternsException}),
 * argument checks, and the sub-packages every repository is built from (resilience, batch writing, the
 * write-coalescing buffer, fan-out with ordered merge and cursors, key codecs, hot keys, metrics).
 */
@NullMarked
package io.github.ddbpatterns.core;

import org.jspecify.annotations.NullMarked;
