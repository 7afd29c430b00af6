/** ddb-patterns benchmarks (filled by its issue). */
package io.github.ddbpatterns.benchmarks;
