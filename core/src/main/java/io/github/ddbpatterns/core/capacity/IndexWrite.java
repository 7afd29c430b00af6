package io.github.ddbpatterns.core.capacity;

/**
 * What one table write costs one secondary index: the index writes DynamoDB makes (0, 1 or 2) and the write units
 * they consume.
 *
 * @param index the index name
 * @param writes 0 (the index holds nothing that changed), 1 (the entry is put, removed, or its projected attributes
 *     change) or 2 (an index key attribute changed: the old entry is deleted and the new one put)
 * @param units write units: one per started KB of each index entry written
 */
public record IndexWrite(String index, int writes, long units) {}
