/**
 * Sessions and preferences on DynamoDB. {@link io.github.ddbpatterns.sessions.SessionStore} never returns an
 * expired session (TTL deletion is eventual) and serves hits from a near-cache whose entries die with their
 * session; {@link io.github.ddbpatterns.sessions.PreferenceStore} is a write-behind key-value store with bounded
 * staleness over core's write-coalescing buffer.
 */
@NullMarked
package io.github.ddbpatterns.sessions;

import org.jspecify.annotations.NullMarked;
