/**
 * BatchWriteItem / BatchGetItem that lose nothing: {@link io.github.ddbpatterns.core.batch.BatchWriter}
 * splits, de-duplicates keys per call, retries UnprocessedItems and reports one outcome per write.
 */
@NullMarked
package io.github.ddbpatterns.core.batch;

import org.jspecify.annotations.NullMarked;
