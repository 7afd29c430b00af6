package io.github.ddbpatterns.sessions;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;

/**
 * A session store that never returns an expired session. DynamoDB TTL deletes expired items eventually (typically
 * within 48 hours), so plain reads and queries return them; every read here applies the rule "expired when
 * {@code expiresAt <= now}" (see {@link Session#isExpiredAt}), whether or not DynamoDB deleted the item yet.
 *
 * <pre>{@code
 * SessionStore sessions = SessionStore.builder()
 *     .client(enhancedAsyncClient).tableName("sessions")
 *     .timeToLive(Duration.ofHours(24))
 *     .build();
 * Session s = sessions.create("user-42", Map.of("role", "admin")).join();
 * Optional<Session> live = sessions.touch(s.id()).join();   // sliding expiration, rarely writes
 * sessions.invalidateAll("user-42").join();                   // log out everywhere
 * }</pre>
 *
 * <p>Near-cache: a bounded Caffeine cache whose entries expire at their session's own {@code expiresAt} (on the
 * store's clock), so a hit is a live session and costs no request. The cache is invalidated by this instance's
 * writes only: another instance's {@code invalidate} is seen here when the entry expires, or earlier with
 * {@link Builder#nearCacheMaxLifetime}. Set {@link Builder#nearCacheSize} to 0 to read the table every time.
 *
 * <p>Costs: {@code get} on a miss is one strongly consistent GetItem; {@code touch} writes (one conditional
 * PutItem) only when the remaining lifetime is below {@link Builder#refreshBelow} of the time-to-live, so a
 * session read 1,000 times an hour is written about once per half lifetime, not 1,000 times.
 * {@link #sessionsOf} is a Query on the owner index (eventually consistent) with a server-side filter on the
 * expiry: the filter saves bandwidth, not capacity (filtered-out expired items still cost read units), and the
 * same client-side check runs on what comes back.
 */
public interface SessionStore {

    /** A builder; {@link Builder#client} and {@link Builder#tableName} are required. */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Creates a session for {@code owner} living the store's time-to-live, with a random 128-bit id.
     *
     * @throws InvalidInputException if owner is empty, attributes is null or holds a null key or value, or the
     *     item would exceed 400 KB
     */
    default CompletableFuture<Session> create(String owner, Map<String, String> attributes) {
        return create(owner, attributes, config().timeToLive());
    }

    /**
     * Creates a session for {@code owner} living {@code timeToLive} (conditional put: never overwrites).
     *
     * @throws InvalidInputException if owner is empty, attributes is null or holds a null key or value, the item
     *     would exceed 400 KB, or timeToLive is not at least one second
     */
    CompletableFuture<Session> create(String owner, Map<String, String> attributes, Duration timeToLive);

    /**
     * The live session {@code id}, or empty when it does not exist or is expired ({@code expiresAt <= now}), even
     * if DynamoDB has not deleted it yet. A near-cache hit sends no request.
     *
     * @throws InvalidInputException if id is empty or longer than a partition key may be
     */
    CompletableFuture<Optional<Session>> get(String id);

    /**
     * Sliding expiration: {@link #get}, then, when the remaining lifetime is below {@code refreshBelow} times the
     * time-to-live, extends it to now + time-to-live with one conditional write (only if nobody else changed the
     * expiry meanwhile; otherwise the fresh item is read). Returns the live session, or empty.
     *
     * @throws InvalidInputException if id is empty or longer than a partition key may be
     */
    CompletableFuture<Optional<Session>> touch(String id);

    /**
     * Deletes session {@code id} (and forgets it in this instance's near-cache). Deleting a missing session is
     * not an error.
     *
     * @throws InvalidInputException if id is empty or longer than a partition key may be
     */
    CompletableFuture<Void> invalidate(String id);

    /**
     * Deletes every session of {@code owner} found on the owner index (expired ones too) and returns how many.
     * The index is eventually consistent: a session created a moment ago may be missed.
     *
     * @throws InvalidInputException if owner is empty
     */
    CompletableFuture<Integer> invalidateAll(String owner);

    /**
     * The live sessions of {@code owner}, through the owner index with a server-side filter on the expiry plus
     * the client-side check. The index is eventually consistent.
     *
     * @throws InvalidInputException if owner is empty
     */
    CompletableFuture<List<Session>> sessionsOf(String owner);

    /** The settings this store runs with. */
    SessionStoreConfig config();

    /** A blocking view of this store (same cache, same table). */
    default SyncSessionStore blocking() {
        return new SyncSessionStore(this);
    }

    /** Builds a {@link SessionStore}; every setter checks its argument at once. */
    final class Builder {

        @Nullable
        DynamoDbEnhancedAsyncClient client;

        @Nullable
        String tableName;

        SessionStoreConfig.Builder config = SessionStoreConfig.builder();
        Clock clock = Clock.systemUTC();
        ResiliencePolicy policy = ResiliencePolicy.ofDefaults();
        MeterRegistry meterRegistry = new CompositeMeterRegistry();

        Builder() {}

        /**
         * The Enhanced async client (required).
         *
         * @throws InvalidInputException if null
         */
        public Builder client(DynamoDbEnhancedAsyncClient client) {
            this.client = Checks.notNull("client", client);
            return this;
        }

        /**
         * The table (required); its layout is {@link SessionTableSchema#of}.
         *
         * @throws InvalidInputException if null or empty
         */
        public Builder tableName(String tableName) {
            this.tableName = Checks.notEmpty("tableName", tableName);
            return this;
        }

        /**
         * Takes every setting of {@code config}.
         *
         * @throws InvalidInputException if null
         */
        public Builder config(SessionStoreConfig config) {
            this.config = Checks.notNull("config", config).toBuilder();
            return this;
        }

        /**
         * See {@link SessionStoreConfig.Builder#timeToLive}.
         *
         * @throws InvalidInputException if null or shorter than one second
         */
        public Builder timeToLive(Duration timeToLive) {
            config.timeToLive(timeToLive);
            return this;
        }

        /**
         * See {@link SessionStoreConfig.Builder#ttlAttribute}.
         *
         * @throws InvalidInputException if null or empty
         */
        public Builder ttlAttribute(String ttlAttribute) {
            config.ttlAttribute(ttlAttribute);
            return this;
        }

        /**
         * See {@link SessionStoreConfig.Builder#ownerIndex}.
         *
         * @throws InvalidInputException if null or empty
         */
        public Builder ownerIndex(String ownerIndex) {
            config.ownerIndex(ownerIndex);
            return this;
        }

        /**
         * See {@link SessionStoreConfig.Builder#refreshBelow}.
         *
         * @throws InvalidInputException if not in (0, 1]
         */
        public Builder refreshBelow(double fraction) {
            config.refreshBelow(fraction);
            return this;
        }

        /**
         * See {@link SessionStoreConfig.Builder#nearCacheSize}.
         *
         * @throws InvalidInputException if negative
         */
        public Builder nearCacheSize(long size) {
            config.nearCacheSize(size);
            return this;
        }

        /**
         * See {@link SessionStoreConfig.Builder#nearCacheMaxLifetime}.
         *
         * @throws InvalidInputException if null or not positive
         */
        public Builder nearCacheMaxLifetime(Duration maxLifetime) {
            config.nearCacheMaxLifetime(maxLifetime);
            return this;
        }

        /**
         * The clock deciding expiry, for reads and for the near-cache alike (default system UTC).
         *
         * @throws InvalidInputException if null
         */
        public Builder clock(Clock clock) {
            this.clock = Checks.notNull("clock", clock);
            return this;
        }

        /**
         * Retry, circuit breaker and rate limit around every request (default {@link ResiliencePolicy#ofDefaults}).
         *
         * @throws InvalidInputException if null
         */
        public Builder policy(ResiliencePolicy policy) {
            this.policy = Checks.notNull("policy", policy);
            return this;
        }

        /**
         * Where metrics go (default: none): {@code ddb.patterns.sessions.reads} ({@code result=hit|miss|absent})
         * and {@code ddb.patterns.sessions.touches} ({@code result=skipped|renewed|conflict}), tag {@code table}.
         *
         * @throws InvalidInputException if null
         */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = Checks.notNull("meterRegistry", meterRegistry);
            return this;
        }

        /**
         * The store.
         *
         * @throws InvalidInputException if client or tableName is missing
         */
        public SessionStore build() {
            Checks.notNull("client", client);
            Checks.notEmpty("tableName", tableName);
            return new DefaultSessionStore(this);
        }
    }
}
