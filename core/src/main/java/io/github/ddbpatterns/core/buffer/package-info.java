/**
 * The write-coalescing buffer: {@link io.github.ddbpatterns.core.buffer.WriteBuffer} keeps the last write per
 * item for a short window and writes the survivors as 25-item BatchWriteItem calls through a
 * {@link io.github.ddbpatterns.core.batch.BatchWriter}, with bounded memory, backpressure, dead letters and
 * metrics. {@link io.github.ddbpatterns.core.buffer.TypedWriteBuffer} is the typed view over an Enhanced table.
 */
@NullMarked
package io.github.ddbpatterns.core.buffer;

import org.jspecify.annotations.NullMarked;
