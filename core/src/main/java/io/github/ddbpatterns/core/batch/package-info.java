/**
 * BatchWriteItem / BatchGetItem that lose nothing. Entry points: {@code BatchWriter.builder()}
 * ({@link io.github.ddbpatterns.core.batch.BatchWriter}: splits into calls of 25 writes / 16 MB, never puts a
 * key twice in one call, resends UnprocessedItems with backoff, reports one
 * {@link io.github.ddbpatterns.core.batch.WriteOutcome} per write) and {@code BatchReader.builder()}
 * ({@link io.github.ddbpatterns.core.batch.BatchReader}: calls of 100 keys, resends UnprocessedKeys, reports
 * found / missing / failed per key). Both retry throttled and 5xx calls through a
 * {@link io.github.ddbpatterns.core.resilience.ResiliencePolicy}.
 */
@NullMarked
package io.github.ddbpatterns.core.batch;

import org.jspecify.annotations.NullMarked;
