package io.github.ddbpatterns.sessions;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.internal.CheckedTableRepository;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.keys.ItemSize;
import io.github.ddbpatterns.core.keys.KeyValidator;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.github.ddbpatterns.core.table.TableLayout;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * The {@link SessionStore} over one Enhanced async table of the context's Enhanced client: every request goes
 * through the context's decorated client (the shared policy, once) after the table check.
 */
final class DefaultSessionStore extends CheckedTableRepository implements SessionStore {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TTL_NAME = "#ttl";

    private final DynamoDbAsyncTable<Session> table;
    private final DynamoDbAsyncIndex<Session> ownerIndex;
    private final TableSchema<Session> schema;
    private final SessionStoreConfig config;
    private final Clock clock;
    private final SessionNearCache cache;
    private final SessionMetrics metrics;

    DefaultSessionStore(PatternsContext context, String tableName, SessionStoreConfig config) {
        super(context, layoutOf(tableName, config), "SessionStore");
        this.config = config;
        this.schema = SessionTableSchema.of(config.ttlAttribute(), config.ownerIndex());
        this.table = context.enhancedClient().table(tableName, schema);
        this.ownerIndex = table.index(config.ownerIndex());
        this.clock = context.clock();
        this.cache = new SessionNearCache(config.nearCacheSize(), config.nearCacheMaxLifetime(), clock);
        this.metrics = new SessionMetrics(context.meterRegistry(), tableName);
    }

    /** The id key, the owner index (ALL: sessionsOf maps whole sessions from it) and TTL on the expiry attribute. */
    private static TableLayout layoutOf(String tableName, SessionStoreConfig config) {
        return TableLayout.from(tableName, SessionTableSchema.of(config.ttlAttribute(), config.ownerIndex()))
                .indexProjection(config.ownerIndex(), ProjectionType.ALL, List.of())
                .timeToLive(config.ttlAttribute())
                .build();
    }

    @Override
    public CompletableFuture<Session> create(String owner, Map<String, String> attributes, Duration timeToLive) {
        checkOwner(owner);
        Checks.notNull("timeToLive", timeToLive);
        if (timeToLive.compareTo(Duration.ofSeconds(1)) < 0) {
            throw InvalidInputException.of("timeToLive", timeToLive, "be at least one second");
        }
        checkAttributes(attributes);
        Instant now = clock.instant();
        Session session = Session.builder()
                .id(newId())
                .owner(owner)
                .attributes(attributes)
                .createdAt(now)
                .expiresAt(now.plus(timeToLive))
                .build();
        checkSize(session);
        Expression absent = Expression.builder()
                .expression("attribute_not_exists(#id)")
                .putExpressionName("#id", SessionTableSchema.ID)
                .build();
        PutItemEnhancedRequest<Session> request = PutItemEnhancedRequest.builder(Session.class)
                .item(session)
                .conditionExpression(absent)
                .build();
        return check.then(() -> table.putItem(request)).thenApply(ignored -> {
            cache.written(session);
            return session;
        });
    }

    @Override
    public CompletableFuture<Optional<Session>> get(String id) {
        checkId(id);
        Session cached = cache.get(id);
        if (cached != null) {
            metrics.hit();
            return CompletableFuture.completedFuture(Optional.of(cached));
        }
        return read(id);
    }

    /** A strongly consistent read, filtered by the expiry rule, filling the cache. */
    private CompletableFuture<Optional<Session>> read(String id) {
        long generation = cache.readStarts();
        Key key = Key.builder().partitionValue(id).build();
        return check.then(() -> table.getItem(b -> b.key(key).consistentRead(true)))
                .thenApply(session -> {
                    if (session == null || session.isExpiredAt(clock.instant())) {
                        metrics.absent();
                        return Optional.empty();
                    }
                    metrics.miss();
                    cache.fill(session, generation);
                    return Optional.of(session);
                });
    }

    @Override
    public CompletableFuture<Optional<Session>> touch(String id) {
        return get(id).thenCompose(found -> {
            if (found.isEmpty()) {
                return CompletableFuture.completedFuture(found);
            }
            Session session = found.get();
            Instant now = clock.instant();
            Duration remaining = Duration.between(now, session.expiresAt());
            long thresholdNanos = (long) (config.timeToLive().toNanos() * config.refreshBelow());
            Instant renewedExpiry =
                    Instant.ofEpochSecond(now.plus(config.timeToLive()).getEpochSecond());
            if (remaining.toNanos() >= thresholdNanos || !renewedExpiry.isAfter(session.expiresAt())) {
                metrics.skipped();
                return CompletableFuture.completedFuture(found);
            }
            return renew(session, renewedExpiry);
        });
    }

    /** Extends the expiry if nobody changed it since {@code session} was read; otherwise reads the fresh item. */
    private CompletableFuture<Optional<Session>> renew(Session session, Instant renewedExpiry) {
        Session renewed = session.toBuilder().expiresAt(renewedExpiry).build();
        Expression unchanged = Expression.builder()
                .expression(TTL_NAME + " = :seen")
                .putExpressionName(TTL_NAME, config.ttlAttribute())
                .putExpressionValue(
                        ":seen",
                        AttributeValue.fromN(Long.toString(session.expiresAt().getEpochSecond())))
                .build();
        PutItemEnhancedRequest<Session> request = PutItemEnhancedRequest.builder(Session.class)
                .item(renewed)
                .conditionExpression(unchanged)
                .build();
        return check.then(() -> table.putItem(request))
                .handle((ignored, failure) -> {
                    if (failure == null) {
                        metrics.renewed();
                        cache.written(renewed);
                        return CompletableFuture.completedFuture(Optional.of(renewed));
                    }
                    if (DynamoDbErrors.unwrap(failure) instanceof ConditionalCheckFailedException) {
                        // another instance renewed or deleted it: the table has the truth
                        metrics.conflict();
                        cache.invalidate(session.id());
                        return read(session.id());
                    }
                    return CompletableFuture.<Optional<Session>>failedFuture(DynamoDbErrors.unwrap(failure));
                })
                .thenCompose(next -> next);
    }

    @Override
    public CompletableFuture<Void> delete(String id) {
        checkId(id);
        cache.invalidate(id);
        Key key = Key.builder().partitionValue(id).build();
        return check.then(() -> table.deleteItem(key)).thenRun(() -> cache.invalidate(id));
    }

    @Override
    public CompletableFuture<Integer> deleteAll(String owner) {
        checkOwner(owner);
        return queryOwner(owner, null).thenCompose(sessions -> {
            List<CompletableFuture<Void>> deletes = new ArrayList<>(sessions.size());
            for (Session session : sessions) {
                deletes.add(delete(session.id()));
            }
            return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new))
                    .thenApply(ignored -> sessions.size());
        });
    }

    @Override
    public CompletableFuture<List<Session>> sessionsOf(String owner) {
        checkOwner(owner);
        Instant now = clock.instant();
        Expression live = Expression.builder()
                .expression(TTL_NAME + " > :now")
                .putExpressionName(TTL_NAME, config.ttlAttribute())
                .putExpressionValue(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())))
                .build();
        return queryOwner(owner, live).thenApply(sessions -> {
            Instant checkedAt = clock.instant();
            List<Session> result = new ArrayList<>(sessions.size());
            for (Session session : sessions) {
                if (!session.isExpiredAt(checkedAt)) {
                    result.add(session);
                }
            }
            return List.copyOf(result);
        });
    }

    private CompletableFuture<List<Session>> queryOwner(String owner, @Nullable Expression filter) {
        QueryEnhancedRequest.Builder request = QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.keyEqualTo(
                        Key.builder().partitionValue(owner).build()));
        if (filter != null) {
            request.filterExpression(filter);
        }
        QueryEnhancedRequest query = request.build();
        return check.then(() -> {
            List<Session> found = new ArrayList<>();
            return ownerIndex
                    .query(query)
                    .subscribe(page -> found.addAll(page.items()))
                    .thenApply(ignored -> found);
        });
    }

    @Override
    public SessionStoreConfig config() {
        return config;
    }

    /** For tests: entries in the near-cache. */
    long cachedCount() {
        return cache.size();
    }

    private static void checkId(String id) {
        Checks.notEmpty("id", id);
        KeyValidator.checkPartitionKey(SessionTableSchema.ID, AttributeValue.fromS(id));
    }

    /** The owner is the owner index's partition key: 1 to 2,048 bytes. */
    private static void checkOwner(String owner) {
        Checks.notEmpty("owner", owner);
        KeyValidator.checkPartitionKey(SessionTableSchema.OWNER, AttributeValue.fromS(owner));
    }

    private static void checkAttributes(Map<String, String> attributes) {
        Checks.notNull("attributes", attributes);
        for (Map.Entry<String, String> entry : attributes.entrySet()) {
            if (entry.getKey() == null || entry.getKey().isEmpty()) {
                throw InvalidInputException.of("attributes key", entry.getKey(), "be a non-empty string");
            }
            KeyValidator.checkWellFormed("attributes key", entry.getKey());
            if (entry.getValue() == null) {
                throw InvalidInputException.of("attributes['" + entry.getKey() + "']", null, "not be null");
            }
            KeyValidator.checkWellFormed("attributes['" + entry.getKey() + "']", entry.getValue());
        }
    }

    private void checkSize(Session session) {
        long size = ItemSize.of(schema.itemToMap(session, true));
        if (size > ItemSize.MAX_ITEM_BYTES) {
            throw InvalidInputException.of(
                    "attributes",
                    session.attributes().size() + " entries, " + size + " bytes as an item",
                    "fit in one item of at most " + ItemSize.MAX_ITEM_BYTES + " bytes (400 KB)");
        }
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "SessionStore[" + table.tableName() + ", " + config + "]";
    }
}
