/**
 * Not API: helpers shared by the ddb-patterns modules (argument checks, blocking waits, client decoration). Public
 * only because other ddb-patterns modules use them; they may change in any release without notice.
 */
@NullMarked
package io.github.ddbpatterns.core.internal;

import org.jspecify.annotations.NullMarked;
