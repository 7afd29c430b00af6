package io.github.ddbpatterns.core.buffer;

import io.github.ddbpatterns.core.batch.WriteKey;
import java.time.Duration;
import java.time.Instant;

/**
 * A key whose write keeps coming back throttled: reported once per key and storm, when it has been throttled for
 * {@link WriteBufferConfig#sustainedThrottlingAfter()}, to the listener of
 * {@link WriteBuffer.Builder#onSustainedThrottling}. The buffer keeps sending it again until its deadline; this is
 * the early warning (a hot partition key: spread it, shard it, or raise capacity).
 *
 * @param key the item (its {@code toString()} shows the table and key attribute names only, never values)
 * @param throttledFor since the buffer first got the write back throttled, on the buffer's clock
 * @param requests the BatchWriteItem requests that carried the key's write so far
 * @param writes the caller writes waiting for it (the one being sent and those coalesced into it)
 * @param deadline when it is given up unless written, on the buffer's clock
 */
public record SustainedThrottling(WriteKey key, Duration throttledFor, int requests, int writes, Instant deadline) {}
