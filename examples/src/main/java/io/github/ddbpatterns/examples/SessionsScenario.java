package io.github.ddbpatterns.examples;

import io.github.ddbpatterns.examples.readme.Preference;
import io.github.ddbpatterns.sessions.PreferenceStore;
import io.github.ddbpatterns.sessions.Session;
import io.github.ddbpatterns.sessions.SessionStore;
import io.github.ddbpatterns.sessions.SessionTableSchema;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Sessions that never come back expired (while DynamoDB still stores them), near-cache hits that cost nothing,
 * sliding expiration that rarely writes, and write-behind preferences that coalesce bursts of updates.
 */
final class SessionsScenario implements Scenario {

    static final TableSchema<Preference> PREFS = TableSchema.fromBean(Preference.class);

    @Override
    public String name() {
        return "sessions";
    }

    @Override
    public String summary() {
        return "TTL-correct session store with near-cache, and a write-behind preference store";
    }

    @Override
    public void run(DynamoDbLocal local, PrintStream out) {
        try (TestTables tables = new TestTables(local, "demo-sessions");
                ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .build()
                        .start()) {
            MutableClock clock = MutableClock.at(Instant.parse("2026-11-24T10:00:00Z"));
            String table = tables.create(SessionTableSchema.ofDefaults()); // no TTL: expired items stay stored
            SessionStore sessions = SessionStore.builder()
                    .dynamoDbClient(proxy.clients().async())
                    .tableName(table)
                    .clock(clock)
                    .timeToLive(Duration.ofHours(24))
                    .build();

            Session session =
                    sessions.create("user-42", Map.of("role", "admin")).join();
            out.printf("  created a session expiring at %s%n", session.expiresAt());
            proxy.stats().reset();
            for (int i = 0; i < 24_000; i++) { // 1,000 reads an hour for a day, each one sliding the expiry
                clock.advance(Duration.ofMillis(3_600));
                sessions.touch(session.id()).join().orElseThrow();
            }
            out.printf(
                    "  24,000 touches over 24 h: %d requests (%d writes)%n",
                    proxy.stats().requests(), proxy.stats().requests("PutItem"));

            Session shortLived =
                    sessions.create("user-42", Map.of(), Duration.ofSeconds(30)).join();
            clock.advance(Duration.ofSeconds(30));
            boolean stored = local.syncClient()
                    .getItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(shortLived.id()))))
                    .hasItem();
            out.printf(
                    "  a 30 s session, 30 s later: still stored = %s, get -> %s, sessionsOf(owner) -> %d live%n",
                    stored,
                    sessions.get(shortLived.id()).join(),
                    sessions.sessionsOf("user-42").join().size());
            out.printf(
                    "  deleteAll(user-42) deleted %d sessions%n",
                    sessions.deleteAll("user-42").join());

            String prefsTable = tables.create(PREFS);
            proxy.stats().reset();
            try (PreferenceStore<Preference> prefs = PreferenceStore.builder(PREFS)
                    .dynamoDbClient(proxy.clients().async())
                    .tableName(prefsTable)
                    .maxStaleness(Duration.ofSeconds(1))
                    .build()) {
                for (int update = 0; update < 50; update++) {
                    for (int user = 0; user < 20; user++) {
                        prefs.put(new Preference("user-" + user, "theme-" + update, update));
                    }
                }
                Preference own = prefs.get(software.amazon.awssdk.enhanced.dynamodb.Key.builder()
                                .partitionValue("user-3")
                                .build())
                        .join()
                        .orElseThrow();
                out.printf(
                        "  1,000 preference updates (20 users x 50), read-your-writes: user-3 -> %s (update %d)%n",
                        own.getTheme(), own.getFontSize());
            }
            out.printf(
                    "  persisted with %d item writes in %d BatchWriteItem calls%n",
                    Math.round(proxy.stats().consumedWriteUnits(prefsTable).values().stream()
                            .mapToDouble(d -> d)
                            .sum()),
                    proxy.stats().requests("BatchWriteItem"));
        }
    }
}
