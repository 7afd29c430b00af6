/**
 * Capacity planning for DynamoDB tables: {@link io.github.ddbpatterns.capacity.TrafficProfile}, from CSV or from a
 * {@link io.github.ddbpatterns.capacity.ProfileGenerator}. Builds on core's
 * {@link io.github.ddbpatterns.core.capacity.CapacityUnits}.
 */
@NullMarked
package io.github.ddbpatterns.capacity;

import org.jspecify.annotations.NullMarked;
