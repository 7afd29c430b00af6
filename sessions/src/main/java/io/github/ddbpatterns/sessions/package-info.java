/** ddb-patterns sessions (filled by its issue). */
package io.github.ddbpatterns.sessions;
