/** ddb-patterns examples (filled by its issue). */
package io.github.ddbpatterns.examples;
