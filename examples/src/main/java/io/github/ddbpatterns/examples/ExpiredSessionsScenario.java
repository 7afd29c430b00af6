package io.github.ddbpatterns.examples;

import static io.github.ddbpatterns.examples.demo.Measures.millisSince;

import io.github.ddbpatterns.examples.demo.DemoClock;
import io.github.ddbpatterns.examples.demo.DemoContext;
import io.github.ddbpatterns.examples.demo.DemoScenario;
import io.github.ddbpatterns.examples.demo.DemoTarget;
import io.github.ddbpatterns.examples.demo.Plural;
import io.github.ddbpatterns.examples.demo.Progress;
import io.github.ddbpatterns.examples.demo.RequestStats;
import io.github.ddbpatterns.examples.demo.Row;
import io.github.ddbpatterns.examples.demo.ScenarioReport;
import io.github.ddbpatterns.examples.demo.Step;
import io.github.ddbpatterns.examples.demo.UnitEstimate;
import io.github.ddbpatterns.sessions.Session;
import io.github.ddbpatterns.sessions.SessionStore;
import io.github.ddbpatterns.sessions.SessionTableSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Classic problem 3, expired sessions: TTL deletion is eventual (up to 48 hours on the service), so a plain Query of
 * a user's sessions returns sessions past their expiry; the {@link SessionStore} never does. Follow-up ("the check
 * on every read costs"): 1,000 reads of one session, GetItem plus an expiry check each time against the store's
 * near-cache, whose hits need neither a check nor a request. On a test clock, on a table without TTL (the expired
 * items stay stored, as they do on the service until TTL deletes them).
 */
final class ExpiredSessionsScenario implements DemoScenario {

    static final String NAME = "expired-sessions";
    static final int SESSIONS = 20;
    static final int READS = 1_000;
    private static final String OWNER = "user-42";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "a plain query returns sessions past their TTL; the session store never does";
    }

    @Override
    public UnitEstimate endpointUnits() {
        return new UnitEstimate(SESSIONS, READS * 0.5 + 10, 1);
    }

    @Override
    public ScenarioReport run(DemoContext context) {
        ScenarioReport report = new ScenarioReport(name(), summary());
        try (DemoTarget target = context.target(NAME, b -> b)) {
            // no TTL on the table locally: expired items stay stored, as they do for up to days on the service
            String table = target.tables().create(SessionTableSchema.ofDefaults());
            DynamoDbAsyncClient client = target.async();
            RequestStats stats = target.stats();
            DemoClock clock = target.clock();
            SessionStore store = SessionStore.builder()
                    .dynamoDbClient(client)
                    .tableName(table)
                    .clock(clock.clock())
                    .timeToLive(Duration.ofHours(24))
                    .build();
            // half the sessions are short, half last a day; once the short ones are over, half have expired
            // (30 minutes and an hour on the test clock; 2 and 4 real seconds against an endpoint)
            Duration shortLife = clock.simulated() ? Duration.ofMinutes(30) : Duration.ofSeconds(2);
            List<Session> created = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                Duration ttl = i % 2 == 0 ? shortLife : Duration.ofHours(24);
                created.add(store.create(OWNER, Map.of("device", "device-" + i), ttl)
                        .join());
            }
            clock.advance(shortLife.multipliedBy(2));
            long nowSeconds = clock.now().getEpochSecond();

            // 1. the problem: a plain Query of the owner index
            stats.reset();
            long t0 = System.nanoTime();
            List<Map<String, AttributeValue>> plain = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse page = client.query(b -> b.tableName(table)
                                .indexName(SessionTableSchema.DEFAULT_OWNER_INDEX)
                                .keyConditionExpression("#o = :o")
                                .expressionAttributeNames(Map.of("#o", SessionTableSchema.OWNER))
                                .expressionAttributeValues(Map.of(":o", AttributeValue.fromS(OWNER)))
                                .exclusiveStartKey(from))
                        .join();
                plain.addAll(page.items());
                start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            long plainMillis = millisSince(t0);
            long expiredReturned =
                    plain.stream().filter(item -> expiresAt(item) <= nowSeconds).count();
            report.add(Row.of(Step.PROBLEM, "Query of the owner index, TTL not yet applied")
                    .requests(stats.requests("Query"))
                    .items(plain.size())
                    .wrong(expiredReturned)
                    .millis(plainMillis));

            // 2. the fix: the store filters by expiry on every read
            stats.reset();
            t0 = System.nanoTime();
            List<Session> live = store.sessionsOf(OWNER).join();
            long storeMillis = millisSince(t0);
            long expiredFromStore = live.stream()
                    .filter(s -> !s.expiresAt().isAfter(clock.now()))
                    .count();
            report.add(Row.of(Step.FIX, "SessionStore.sessionsOf: expired ones never returned")
                    .requests(stats.requests())
                    .items(live.size())
                    .wrong(expiredFromStore)
                    .millis(storeMillis));
            report.note(Plural.of(plain.size() - live.size(), "session") + " past expiry still stored, e.g.:");
            plain.stream()
                    .filter(item -> expiresAt(item) <= nowSeconds)
                    .limit(2)
                    .forEach(item -> report.note("  " + row(item, nowSeconds)));

            // 3. the follow-up: the cost of the check on every read
            report.followUp("the check on every read costs? (" + Plural.of(READS, "read") + " of one session)");
            String id = created.get(1).id();
            stats.reset();
            t0 = System.nanoTime();
            long wrongNaive = 0;
            try (Progress progress = context.progress("GetItem + expiry check", READS)) {
                for (int i = 0; i < READS; i++) {
                    GetItemResponse got = client.getItem(b ->
                                    b.tableName(table).key(Map.of(SessionTableSchema.ID, AttributeValue.fromS(id))))
                            .join();
                    if (!got.hasItem() || expiresAt(got.item()) <= clock.now().getEpochSecond()) {
                        wrongNaive++;
                    }
                    progress.update(i + 1);
                }
            }
            long naiveMillis = millisSince(t0);
            long naiveRequests = stats.requests();
            report.add(Row.of(Step.FOLLOW_UP, "GetItem + expiry check on every read")
                    .requests(naiveRequests)
                    .items(READS - wrongNaive)
                    .millis(naiveMillis));
            stats.reset();
            t0 = System.nanoTime();
            long found = 0;
            for (int i = 0; i < READS; i++) {
                if (store.get(id).join().isPresent()) {
                    found++;
                }
            }
            long storeReadMillis = millisSince(t0);
            long storeRequests = stats.requests();
            report.add(Row.of(Step.FOLLOW_UP, "SessionStore.get: near-cache hits, no request, no check")
                    .requests(storeRequests)
                    .items(found)
                    .wrong(READS - found)
                    .millis(storeReadMillis));
            report.headline(
                    Plural.of(expiredReturned, "expired session") + " returned",
                    Plural.of(expiredFromStore, "expired session") + " returned",
                    String.format(
                            "never expired; %s for %s", Plural.of(storeRequests, "request"), Plural.of(READS, "read")));
        }
        return report;
    }

    private static long expiresAt(Map<String, AttributeValue> item) {
        AttributeValue value = item.get(SessionTableSchema.DEFAULT_TTL_ATTRIBUTE);
        return value == null ? Long.MAX_VALUE : Long.parseLong(value.n());
    }

    private static String row(Map<String, AttributeValue> item, long nowSeconds) {
        AttributeValue device = item.getOrDefault(SessionTableSchema.ATTRIBUTES, AttributeValue.fromM(Map.of()))
                .m()
                .get("device");
        return String.format(
                "session %s of %s (%s) expired %d min ago",
                item.get(SessionTableSchema.ID).s().substring(0, 8),
                item.get(SessionTableSchema.OWNER).s(),
                device == null ? "-" : device.s(),
                (nowSeconds - expiresAt(item)) / 60);
    }
}
