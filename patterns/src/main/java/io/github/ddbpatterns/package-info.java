/**
 * The application entry point of ddb-patterns: {@link io.github.ddbpatterns.DdbPatterns}, built once from a DynamoDB
 * async client, creates every pattern (sharded tables and counters, time series, sessions, preferences, batch
 * writer and reader, write buffers, fan-outs) with the same client, resilience policy, metrics, cursor key and
 * clock.
 */
@NullMarked
package io.github.ddbpatterns;

import org.jspecify.annotations.NullMarked;
