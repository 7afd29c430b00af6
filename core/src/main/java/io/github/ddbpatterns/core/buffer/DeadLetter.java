package io.github.ddbpatterns.core.buffer;

import io.github.ddbpatterns.core.batch.WriteOp;

/**
 * A write the buffer finally gave up on, handed to the dead-letter callback of {@link WriteBuffer.Builder#deadLetter}.
 * The futures of this write and of every write it superseded completed exceptionally with {@link #error()}.
 *
 * @param write the write that failed (the last write for its key in its flush window)
 * @param error why; its cause is the underlying failure reported by the {@link io.github.ddbpatterns.core.batch.BatchWriter}
 * @param supersededWrites how many earlier writes of the same key were coalesced into {@code write}
 */
public record DeadLetter(WriteOp write, WriteFailedException error, int supersededWrites) {}
