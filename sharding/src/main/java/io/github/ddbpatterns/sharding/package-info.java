/** ddb-patterns sharding (filled by its issue). */
package io.github.ddbpatterns.sharding;
