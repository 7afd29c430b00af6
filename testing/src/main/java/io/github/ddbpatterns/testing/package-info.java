/**
 * DynamoDB Local for tests: {@link io.github.ddbpatterns.testing.DynamoDbLocal} (embedded, loopback server or
 * Testcontainers), the JUnit 5 extension {@link io.github.ddbpatterns.testing.DynamoDbLocalTest}, a
 * {@link io.github.ddbpatterns.testing.MutableClock}, and {@link io.github.ddbpatterns.testing.ThrottlingProxy}, a
 * loopback proxy that adds the real service's partition throttling, latency and faults to DynamoDB Local.
 */
@NullMarked
package io.github.ddbpatterns.testing;

import org.jspecify.annotations.NullMarked;
