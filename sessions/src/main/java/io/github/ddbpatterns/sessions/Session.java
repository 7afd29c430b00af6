package io.github.ddbpatterns.sessions;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One session: an id, the owner it belongs to (a user), a small map of string attributes, and its creation and
 * expiry instants (whole epoch seconds, as DynamoDB TTL stores them). Immutable.
 *
 * <p>A session is expired when {@code expiresAt <= now}: {@link #isExpiredAt(Instant)} is the one rule every read
 * of a {@link SessionStore} applies.
 */
public final class Session {

    private final String id;
    private final String owner;
    private final Map<String, String> attributes;
    private final Instant createdAt;
    private final Instant expiresAt;

    private Session(Builder builder) {
        this.id = Checks.notEmpty("id", builder.id);
        this.owner = Checks.notEmpty("owner", builder.owner);
        this.attributes = builder.attributes == null ? Map.of() : Map.copyOf(builder.attributes);
        this.createdAt = Checks.notNull("createdAt", builder.createdAt);
        this.expiresAt = Checks.notNull("expiresAt", builder.expiresAt);
    }

    /** A builder; id, owner, createdAt and expiresAt are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this session's values. */
    public Builder toBuilder() {
        return new Builder()
                .id(id)
                .owner(owner)
                .attributes(attributes)
                .createdAt(createdAt)
                .expiresAt(expiresAt);
    }

    /**
     * The session's id (random, 128 bits, URL-safe Base64 for sessions the store creates): a secret.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * Who the session belongs to (the owner index's partition key).
     *
     * @return the owner
     */
    public String owner() {
        return owner;
    }

    /** The session's attributes (never null, unmodifiable). */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** When it was created, truncated to whole seconds. */
    public Instant createdAt() {
        return createdAt;
    }

    /** When it expires, in whole seconds: from this instant on the session does not exist any more. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /**
     * The expiry rule: true when {@code expiresAt <= now}.
     *
     * @throws InvalidInputException if {@code now} is null
     */
    public boolean isExpiredAt(Instant now) {
        return !expiresAt.isAfter(Checks.notNull("now", now));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Session other
                && id.equals(other.id)
                && owner.equals(other.owner)
                && attributes.equals(other.attributes)
                && createdAt.equals(other.createdAt)
                && expiresAt.equals(other.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, owner, attributes, createdAt, expiresAt);
    }

    /** Shows the attribute names only: values and the id may be secrets or personal data. */
    @Override
    public String toString() {
        return "Session[attributes=" + attributes.keySet() + ", createdAt=" + createdAt + ", expiresAt=" + expiresAt
                + "]";
    }

    /** Builds a {@link Session}; instants are truncated to whole seconds. */
    public static final class Builder {

        @Nullable
        String id;

        @Nullable
        String owner;

        @Nullable
        Map<String, String> attributes;

        @Nullable
        Instant createdAt;

        @Nullable
        Instant expiresAt;

        Builder() {}

        /**
         * The id (required by {@link #build()}).
         *
         * @param id the id
         * @return this builder
         */
        public Builder id(@Nullable String id) {
            this.id = id;
            return this;
        }

        /**
         * The owner (required by {@link #build()}).
         *
         * @param owner the owner
         * @return this builder
         */
        public Builder owner(@Nullable String owner) {
            this.owner = owner;
            return this;
        }

        /**
         * The attributes (default none; copied by {@link #build()}).
         *
         * @param attributes the attributes
         * @return this builder
         */
        public Builder attributes(@Nullable Map<String, String> attributes) {
            this.attributes = attributes;
            return this;
        }

        /**
         * The creation instant, truncated to whole seconds (required by {@link #build()}).
         *
         * @param createdAt the instant
         * @return this builder
         */
        public Builder createdAt(@Nullable Instant createdAt) {
            this.createdAt = createdAt == null ? null : Instant.ofEpochSecond(createdAt.getEpochSecond());
            return this;
        }

        /**
         * The expiry instant, truncated to whole seconds (required by {@link #build()}).
         *
         * @param expiresAt the instant
         * @return this builder
         */
        public Builder expiresAt(@Nullable Instant expiresAt) {
            this.expiresAt = expiresAt == null ? null : Instant.ofEpochSecond(expiresAt.getEpochSecond());
            return this;
        }

        /** Setter used by the table schema: epoch seconds, as stored. */
        Builder createdAtEpochSecond(@Nullable Long seconds) {
            this.createdAt = seconds == null ? null : Instant.ofEpochSecond(seconds);
            return this;
        }

        /** Setter used by the table schema: epoch seconds, as stored. */
        Builder expiresAtEpochSecond(@Nullable Long seconds) {
            this.expiresAt = seconds == null ? null : Instant.ofEpochSecond(seconds);
            return this;
        }

        /**
         * The session.
         *
         * @throws InvalidInputException if id or owner is empty, or an instant is missing
         */
        public Session build() {
            return new Session(this);
        }
    }
}
