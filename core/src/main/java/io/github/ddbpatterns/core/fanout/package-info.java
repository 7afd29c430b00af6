/**
 * Parallel fan-out over many paginated DynamoDB queries, merged into one stream: unordered, ordered by a
 * sort-key comparator (k-way merge), or in source sequence with a window that starts at one source and widens
 * while sources come back short; with exact limits
 * and opaque, signed cursors. The entry point is {@link io.github.ddbpatterns.core.fanout.FanOut}; sources are
 * {@link io.github.ddbpatterns.core.fanout.PagedSource}s, usually
 * {@link io.github.ddbpatterns.core.fanout.QuerySource}s over the Enhanced async client.
 */
@NullMarked
package io.github.ddbpatterns.core.fanout;

import org.jspecify.annotations.NullMarked;
