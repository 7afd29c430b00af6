/**
 * Finding hot partition keys and sizing shards for them. Entry points:
 * {@link io.github.ddbpatterns.core.hotkeys.HotKeyTracker} (approximate top-K keys by read and write rate over
 * a sliding window), {@link io.github.ddbpatterns.core.hotkeys.ShardCountAdvisor} (rate to shard count) and
 * {@link io.github.ddbpatterns.core.hotkeys.HotKeyMetrics} (Micrometer binder). Keys are hashed in every
 * report unless the user opts in to raw keys.
 */
@NullMarked
package io.github.ddbpatterns.core.hotkeys;

import org.jspecify.annotations.NullMarked;
