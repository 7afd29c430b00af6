/**
 * Capacity planning for DynamoDB tables: {@link io.github.ddbpatterns.capacity.TrafficProfile} (from CSV or a
 * {@link io.github.ddbpatterns.capacity.ProfileGenerator}), {@link io.github.ddbpatterns.capacity.ServiceRules}
 * (every AWS figure as a parameter), {@link io.github.ddbpatterns.capacity.CapacitySimulator} playing the profile
 * against each {@link io.github.ddbpatterns.capacity.Strategy}, and a
 * {@link io.github.ddbpatterns.capacity.Recommendation}. Builds on core's
 * {@link io.github.ddbpatterns.core.capacity.CapacityUnits} and
 * {@link io.github.ddbpatterns.core.capacity.CostEstimator}.
 */
@NullMarked
package io.github.ddbpatterns.capacity;

import org.jspecify.annotations.NullMarked;
