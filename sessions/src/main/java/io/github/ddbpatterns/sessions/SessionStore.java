package io.github.ddbpatterns.sessions;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.SharedSettings;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.table.TableLayoutException;
import io.github.ddbpatterns.core.table.TableRepository;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A session store that never returns an expired session. DynamoDB TTL deletes expired items eventually (typically
 * within 48 hours), so plain reads and queries return them; every read here applies the rule "expired when
 * {@code expiresAt <= now}" (see {@link Session#isExpiredAt}), whether or not DynamoDB deleted the item yet.
 *
 * <pre>{@code
 * SessionStore sessions = SessionStore.builder()
 *         .dynamoDbClient(DynamoDbAsyncClient.create())
 *         .tableName("sessions")
 *         .timeToLive(Duration.ofHours(24))
 *         .build();
 * sessions.createTable().join();                                  // development and tests
 * Session s = sessions.create("user-42", Map.of("role", "admin")).join();
 * Optional<Session> live = sessions.touch(s.id()).join();         // sliding expiration, rarely writes
 * int loggedOut = sessions.deleteAll("user-42").join();           // log out everywhere
 * }</pre>
 *
 * <p>The table ({@link #tableLayout()}): partition key {@code id} (S), a global secondary index
 * {@link Builder#ownerIndex} on {@code owner} (S) projecting all attributes, and TTL on
 * {@link Builder#ttlAttribute}. {@link #createTable()} creates exactly that; the store checks an existing table
 * once, before its first request, and fails with {@link TableLayoutException} when it differs.
 *
 * <p>Every request goes through the context's client ({@link PatternsContext#enhancedClient()}), so it is
 * retried by the shared {@link io.github.ddbpatterns.core.resilience.ResiliencePolicy} exactly once per attempt.
 * Expiry is decided by the shared {@link java.time.Clock}; metrics go to the shared registry:
 * {@code ddb.patterns.sessions.reads} ({@code result=hit|miss|absent}) and {@code ddb.patterns.sessions.touches}
 * ({@code result=skipped|renewed|conflict}), tag {@code table}.
 *
 * <p>Near-cache: a bounded Caffeine cache whose entries expire at their session's own {@code expiresAt} (on the
 * store's clock), so a hit is a live session and costs no request. The cache is invalidated by this instance's
 * writes only: another instance's {@code delete} is seen here when the entry expires, or earlier with
 * {@link Builder#nearCacheMaxLifetime}. Set {@link Builder#nearCacheSize} to 0 to read the table every time.
 *
 * <p>Costs: {@code get} on a miss is one strongly consistent GetItem; {@code touch} writes (one conditional
 * PutItem) only when the remaining lifetime is below {@link Builder#refreshBelow} of the time-to-live, so a
 * 24-hour session touched every 3.6 seconds for 24 hours (24,000 touches) is written once.
 * {@link #sessionsOf} is a Query on the owner index (eventually consistent) with a server-side filter on the
 * expiry: the filter saves bandwidth, not capacity (filtered-out expired items still cost read units), and the
 * same client-side check runs on what comes back.
 */
public interface SessionStore extends TableRepository {

    /**
     * A standalone builder: {@link Builder#dynamoDbClient} and {@link Builder#tableName} are required.
     *
     * @return the builder
     */
    static Builder builder() {
        return new Builder(null);
    }

    /**
     * A builder sharing {@code context}'s client, resilience policy, clock and registry; {@link Builder#tableName}
     * is required.
     *
     * @param context the shared settings
     * @return the builder
     * @throws InvalidInputException if context is null
     */
    static Builder builder(PatternsContext context) {
        return new Builder(Checks.notNull("context", context));
    }

    /**
     * Creates a session for {@code owner} living the store's time-to-live, with a random 128-bit id.
     *
     * @param owner who the session belongs to
     * @param attributes the session's attributes
     * @return the session as stored
     * @throws InvalidInputException if owner is empty or longer than 2,048 bytes, attributes is null or holds a
     *     null key or value, or the item would exceed 400 KB
     */
    default CompletableFuture<Session> create(String owner, Map<String, String> attributes) {
        return create(owner, attributes, config().timeToLive());
    }

    /**
     * Creates a session for {@code owner} living {@code timeToLive} (conditional put: never overwrites).
     *
     * @param owner who the session belongs to
     * @param attributes the session's attributes
     * @param timeToLive how long it lives (whole seconds count)
     * @return the session as stored; exceptionally with {@link TableLayoutException} when the table is missing or
     *     has another layout
     * @throws InvalidInputException if owner is empty or longer than 2,048 bytes, attributes is null or holds a
     *     null key or value, the item would exceed 400 KB, or timeToLive is not at least one second
     */
    CompletableFuture<Session> create(String owner, Map<String, String> attributes, Duration timeToLive);

    /**
     * The live session {@code id}, or empty when it does not exist or is expired ({@code expiresAt <= now}), even
     * if DynamoDB has not deleted it yet. A near-cache hit sends no request.
     *
     * @param id the session id
     * @return the live session, or empty
     * @throws InvalidInputException if id is empty or longer than a partition key may be
     */
    CompletableFuture<Optional<Session>> get(String id);

    /**
     * Sliding expiration: {@link #get}, then, when the remaining lifetime is below {@code refreshBelow} times the
     * time-to-live, extends it to now + time-to-live with one conditional write (only if nobody else changed the
     * expiry meanwhile; otherwise the fresh item is read). Returns the live session, or empty.
     *
     * @param id the session id
     * @return the live session (renewed or not), or empty
     * @throws InvalidInputException if id is empty or longer than a partition key may be
     */
    CompletableFuture<Optional<Session>> touch(String id);

    /**
     * Deletes session {@code id} (and forgets it in this instance's near-cache). Deleting a missing session is
     * not an error.
     *
     * @param id the session id
     * @return completes when the session is deleted
     * @throws InvalidInputException if id is empty or longer than a partition key may be
     */
    CompletableFuture<Void> delete(String id);

    /**
     * Deletes every session of {@code owner} found on the owner index (expired ones too) and returns how many.
     * The index is eventually consistent: a session created a moment ago may be missed.
     *
     * @param owner whose sessions to delete
     * @return how many sessions were deleted
     * @throws InvalidInputException if owner is empty or longer than 2,048 bytes
     */
    CompletableFuture<Integer> deleteAll(String owner);

    /**
     * The live sessions of {@code owner}, through the owner index with a server-side filter on the expiry plus
     * the client-side check. The index is eventually consistent.
     *
     * @param owner whose sessions to list
     * @return the live sessions, in no particular order
     * @throws InvalidInputException if owner is empty or longer than 2,048 bytes
     */
    CompletableFuture<List<Session>> sessionsOf(String owner);

    /**
     * The settings this store runs with.
     *
     * @return the settings
     */
    SessionStoreConfig config();

    /**
     * The blocking twin of this store (same cache, same table).
     *
     * @return the blocking view
     */
    default SyncSessionStore sync() {
        return new SyncSessionStore(this);
    }

    /**
     * Builds a {@link SessionStore}; every setter checks its argument at once. The shared settings
     * ({@code dynamoDbClient}, {@code resilience}, {@code clock}, {@code meterRegistry}, {@code checkTables}, ...)
     * are inherited from {@link SharedSettings}.
     */
    final class Builder extends SharedSettings<Builder> {

        @Nullable
        String tableName;

        SessionStoreConfig.Builder config = SessionStoreConfig.builder();

        Builder(@Nullable PatternsContext base) {
            super(base);
        }

        /**
         * The table (required); its layout is {@link SessionStore#tableLayout()}.
         *
         * @param tableName the table name
         * @return this builder
         * @throws InvalidInputException if null or empty
         */
        public Builder tableName(String tableName) {
            this.tableName = Checks.notEmpty("tableName", tableName);
            return this;
        }

        /**
         * Takes every setting of {@code config}.
         *
         * @param config the settings
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder config(SessionStoreConfig config) {
            this.config = Checks.notNull("config", config).toBuilder();
            return this;
        }

        /**
         * See {@link SessionStoreConfig.Builder#timeToLive}.
         *
         * @param timeToLive the lifetime of a new or renewed session
         * @return this builder
         * @throws InvalidInputException if null or shorter than one second
         */
        public Builder timeToLive(Duration timeToLive) {
            config.timeToLive(timeToLive);
            return this;
        }

        /**
         * See {@link SessionStoreConfig.Builder#ttlAttribute}.
         *
         * @param ttlAttribute the TTL attribute name
         * @return this builder
         * @throws InvalidInputException if null or empty
         */
        public Builder ttlAttribute(String ttlAttribute) {
            config.ttlAttribute(ttlAttribute);
            return this;
        }

        /**
         * See {@link SessionStoreConfig.Builder#ownerIndex}.
         *
         * @param ownerIndex the owner index name
         * @return this builder
         * @throws InvalidInputException if null or empty
         */
        public Builder ownerIndex(String ownerIndex) {
            config.ownerIndex(ownerIndex);
            return this;
        }

        /**
         * See {@link SessionStoreConfig.Builder#refreshBelow}.
         *
         * @param fraction the fraction of the time-to-live below which touch writes
         * @return this builder
         * @throws InvalidInputException if not in (0, 1]
         */
        public Builder refreshBelow(double fraction) {
            config.refreshBelow(fraction);
            return this;
        }

        /**
         * See {@link SessionStoreConfig.Builder#nearCacheSize}.
         *
         * @param size the most cached sessions; 0 disables the cache
         * @return this builder
         * @throws InvalidInputException if negative
         */
        public Builder nearCacheSize(long size) {
            config.nearCacheSize(size);
            return this;
        }

        /**
         * See {@link SessionStoreConfig.Builder#nearCacheMaxLifetime}.
         *
         * @param maxLifetime the longest a cached session is served without reading the table
         * @return this builder
         * @throws InvalidInputException if null or not positive
         */
        public Builder nearCacheMaxLifetime(Duration maxLifetime) {
            config.nearCacheMaxLifetime(maxLifetime);
            return this;
        }

        /**
         * The store. It sends no request until it is used (then it checks its table first, once).
         *
         * @return the store
         * @throws InvalidInputException if tableName is missing or not a valid table name, the TTL attribute
         *     clashes with a session attribute, or no dynamoDbClient was given (here or by the context)
         */
        public SessionStore build() {
            Checks.notEmpty("tableName", tableName);
            return new DefaultSessionStore(context(), tableName, config.build());
        }
    }
}
