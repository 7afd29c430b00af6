/**
 * The runnable demo of every ddb-patterns scenario on DynamoDB Local: {@link io.github.ddbpatterns.examples.Demo}.
 */
@NullMarked
package io.github.ddbpatterns.examples;

import org.jspecify.annotations.NullMarked;
