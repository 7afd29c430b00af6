package io.github.ddbpatterns.sessions;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.time.Duration;

/**
 * The settings of a {@link SessionStore} of its own, immutable; the shared ones (client, policy, clock, registry)
 * come from {@link io.github.ddbpatterns.core.SharedSettings}.
 */
public final class SessionStoreConfig {

    private static final SessionStoreConfig DEFAULTS = new Builder().build();

    private final Duration timeToLive;
    private final String ttlAttribute;
    private final String ownerIndex;
    private final double refreshBelow;
    private final long nearCacheSize;
    private final Duration nearCacheMaxLifetime;

    private SessionStoreConfig(Builder b) {
        this.timeToLive = b.timeToLive;
        this.ttlAttribute = b.ttlAttribute;
        this.ownerIndex = b.ownerIndex;
        this.refreshBelow = b.refreshBelow;
        this.nearCacheSize = b.nearCacheSize;
        this.nearCacheMaxLifetime = b.nearCacheMaxLifetime;
    }

    /** 24 h time-to-live, TTL attribute {@code expiresAt}, index {@code by-owner}, refresh below 0.5, 10,000
     * cached sessions living at most their own lifetime. */
    public static SessionStoreConfig ofDefaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults of {@link #ofDefaults()}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these settings.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return new Builder()
                .timeToLive(timeToLive)
                .ttlAttribute(ttlAttribute)
                .ownerIndex(ownerIndex)
                .refreshBelow(refreshBelow)
                .nearCacheSize(nearCacheSize)
                .nearCacheMaxLifetime(nearCacheMaxLifetime);
    }

    /** The lifetime of a new or refreshed session. */
    public Duration timeToLive() {
        return timeToLive;
    }

    /** The attribute holding the expiry (epoch seconds, the table's TTL attribute). */
    public String ttlAttribute() {
        return ttlAttribute;
    }

    /** The GSI whose partition key is the owner. */
    public String ownerIndex() {
        return ownerIndex;
    }

    /** touch() writes when the remaining lifetime is below this fraction of the time-to-live. */
    public double refreshBelow() {
        return refreshBelow;
    }

    /** Most sessions held in the near-cache; 0 disables it. */
    public long nearCacheSize() {
        return nearCacheSize;
    }

    /** The longest a cached session is served without reading the table (never beyond its own expiry). */
    public Duration nearCacheMaxLifetime() {
        return nearCacheMaxLifetime;
    }

    @Override
    public String toString() {
        return "SessionStoreConfig[timeToLive=" + timeToLive + ", ttlAttribute=" + ttlAttribute + ", ownerIndex="
                + ownerIndex + ", refreshBelow=" + refreshBelow + ", nearCacheSize=" + nearCacheSize
                + ", nearCacheMaxLifetime=" + nearCacheMaxLifetime + "]";
    }

    /** Builds a {@link SessionStoreConfig}; every setter checks its argument at once. */
    public static final class Builder {

        private Duration timeToLive = Duration.ofHours(24);
        private String ttlAttribute = SessionTableSchema.DEFAULT_TTL_ATTRIBUTE;
        private String ownerIndex = SessionTableSchema.DEFAULT_OWNER_INDEX;
        private double refreshBelow = 0.5;
        private long nearCacheSize = 10_000;
        private Duration nearCacheMaxLifetime = Duration.ofDays(365 * 100L);

        private Builder() {}

        /**
         * The lifetime of a new or refreshed session (default 24 h); DynamoDB TTL counts in whole seconds.
         *
         * @throws InvalidInputException if null or shorter than one second
         */
        public Builder timeToLive(Duration timeToLive) {
            Checks.notNull("timeToLive", timeToLive);
            if (timeToLive.compareTo(Duration.ofSeconds(1)) < 0) {
                throw InvalidInputException.of("timeToLive", timeToLive, "be at least one second");
            }
            this.timeToLive = timeToLive;
            return this;
        }

        /**
         * The TTL attribute name (default {@code expiresAt}); it must hold epoch seconds as a Number.
         *
         * @throws InvalidInputException if null or empty
         */
        public Builder ttlAttribute(String ttlAttribute) {
            this.ttlAttribute = Checks.notEmpty("ttlAttribute", ttlAttribute);
            return this;
        }

        /**
         * The owner GSI name (default {@code by-owner}).
         *
         * @throws InvalidInputException if null or empty
         */
        public Builder ownerIndex(String ownerIndex) {
            this.ownerIndex = Checks.notEmpty("ownerIndex", ownerIndex);
            return this;
        }

        /**
         * touch() writes when the remaining lifetime drops below this fraction of the time-to-live (default 0.5:
         * one write per half lifetime at most, whatever the read rate; 1 writes on every touch).
         *
         * @throws InvalidInputException if not in (0, 1]
         */
        public Builder refreshBelow(double fraction) {
            if (!(fraction > 0 && fraction <= 1)) {
                throw InvalidInputException.of("refreshBelow", fraction, "be in (0, 1]");
            }
            this.refreshBelow = fraction;
            return this;
        }

        /**
         * Most sessions held in the near-cache (default 10,000); 0 disables the cache.
         *
         * @throws InvalidInputException if negative
         */
        public Builder nearCacheSize(long size) {
            if (size < 0) {
                throw InvalidInputException.of("nearCacheSize", size, "be zero or positive");
            }
            this.nearCacheSize = size;
            return this;
        }

        /**
         * Caps how long a cached session is served without reading the table (default: no cap besides the
         * session's own expiry). A cap bounds how long another instance's invalidate goes unseen here.
         *
         * @throws InvalidInputException if null or not positive
         */
        public Builder nearCacheMaxLifetime(Duration maxLifetime) {
            this.nearCacheMaxLifetime = Checks.positive("nearCacheMaxLifetime", maxLifetime);
            return this;
        }

        /**
         * The settings.
         *
         * @return the settings
         */
        public SessionStoreConfig build() {
            return new SessionStoreConfig(this);
        }
    }
}
