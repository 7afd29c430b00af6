/**
 * Key codecs: how logical keys become DynamoDB physical keys. Entry points:
 * {@link io.github.ddbpatterns.core.keys.ShardKeyCodec} (write-sharding suffixes),
 * {@link io.github.ddbpatterns.core.keys.BucketCodec} (time buckets, {@code entity#2024-11-20}),
 * {@link io.github.ddbpatterns.core.keys.OrderedNumberCodec} (numbers as order-preserving string sort keys),
 * {@link io.github.ddbpatterns.core.keys.ItemSize} and {@link io.github.ddbpatterns.core.keys.KeyValidator}
 * (DynamoDB's size rules, checked before any request). All types here are pure, immutable and thread-safe.
 */
@NullMarked
package io.github.ddbpatterns.core.keys;

import org.jspecify.annotations.NullMarked;
