/**
 * Sessions and preferences on DynamoDB. {@link io.github.ddbpatterns.sessions.SessionStore} never returns an
 * expired session (TTL deletion is eventual) and serves hits from a near-cache whose entries die with their
 * session; {@link io.github.ddbpatterns.sessions.PreferenceStore} is a write-behind key-value store with bounded
 * staleness over core's write-coalescing buffer. Both are created from the shared
 * {@link io.github.ddbpatterns.core.PatternsContext} (or standalone with a client), explain and create their table
 * ({@link io.github.ddbpatterns.core.table.TableRepository}), and have blocking twins ({@code sync()}).
 *
 * <pre>{@code
 * PatternsContext context = PatternsContext.builder().dynamoDbClient(DynamoDbAsyncClient.create()).build();
 * SessionStore sessions = SessionStore.builder(context).tableName("sessions").build();
 * sessions.createTable().join();
 * Session session = sessions.create("user-42", Map.of("role", "admin")).join();
 *
 * try (PreferenceStore<Pref> prefs = PreferenceStore.builder(context, TableSchema.fromBean(Pref.class))
 *         .tableName("prefs")
 *         .build()) {
 *     prefs.createTable().join();
 *     prefs.put(new Pref("user-42", "dark"));
 * }
 * }</pre>
 */
@NullMarked
package io.github.ddbpatterns.sessions;

import org.jspecify.annotations.NullMarked;
