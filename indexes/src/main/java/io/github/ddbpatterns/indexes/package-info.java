/**
 * Secondary-index patterns that cost less to read and to write.
 *
 * <ul>
 *   <li>{@link io.github.ddbpatterns.indexes.DerivedAttribute} and the {@link
 *       io.github.ddbpatterns.indexes.DerivedAttributes} extension: index key attributes the library writes from the
 *       item on every write path, for sparse indexes (an attribute present only while a predicate holds) and
 *       quantized keys (a key that changes only when a value crosses a band).
 * </ul>
 *
 * <p>Index write costs are priced by core's {@link io.github.ddbpatterns.core.capacity.WriteCostModel}.
 */
@NullMarked
package io.github.ddbpatterns.indexes;

import org.jspecify.annotations.NullMarked;
