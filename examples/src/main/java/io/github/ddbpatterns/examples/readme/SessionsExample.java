package io.github.ddbpatterns.examples.readme;

import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.sessions.PreferenceStore;
import io.github.ddbpatterns.sessions.Session;
import io.github.ddbpatterns.sessions.SessionStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/** The README's sessions section: sessions that never come back expired, and write-behind preferences. */
public final class SessionsExample {

    private SessionsExample() {}

    /**
     * Creates a session and reads it back, then writes and reads a preference.
     *
     * @param ddb the entry point
     * @param sessionsTable the sessions table to create and use
     * @param prefsTable the preferences table to create and use
     * @return the preference read back
     */
    public static Preference run(DdbPatterns ddb, String sessionsTable, String prefsTable) {
        // tag::sessions[]
        SessionStore sessions = ddb.sessions()
                .tableName(sessionsTable)
                .timeToLive(Duration.ofHours(24))
                .build();
        sessions.createTable().join(); // id key, by-owner index, TTL on expiresAt
        Session session = sessions.create("user-7", Map.of("cart", "3 items")).join();
        Optional<Session> live = sessions.touch(session.id()).join(); // empty once expired, deleted or not
        sessions.deleteAll("user-7").join(); // log out everywhere
        // end::sessions[]
        if (live.isEmpty()) {
            throw new IllegalStateException("a fresh session was not found");
        }
        // tag::preferences[]
        try (PreferenceStore<Preference> prefs = ddb.preferences(TableSchema.fromBean(Preference.class))
                .tableName(prefsTable)
                .maxStaleness(Duration.ofSeconds(1)) // other instances see a write within 1 s
                .build()) {
            prefs.createTable().join();
            prefs.put(new Preference("user-7", "dark", 14)); // 10 updates a second cost 1 write a second
            Preference mine = prefs.get("user-7").join().orElseThrow(); // read-your-writes, at once
            prefs.delete("user-9"); // buffered too
            // end::preferences[]
            return mine;
            // tag::preferences[]
        } // close() persists everything pending
        // end::preferences[]
    }
}
