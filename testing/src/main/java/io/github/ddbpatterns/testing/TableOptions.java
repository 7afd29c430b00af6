package io.github.ddbpatterns.testing;

import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * How {@link TestTables#create} sets up a table beyond its key schema and indexes.
 *
 * <pre>{@code
 * TableOptions.builder().ttlAttribute("expiresAt").stream(StreamViewType.NEW_AND_OLD_IMAGES).build()
 * }</pre>
 */
public final class TableOptions {

    private static final TableOptions DEFAULTS = builder().build();

    private final String ttlAttribute;
    private final StreamViewType streamViewType;

    private TableOptions(Builder builder) {
        this.ttlAttribute = builder.ttlAttribute;
        this.streamViewType = builder.streamViewType;
    }

    /** No TTL, no stream. */
    public static TableOptions ofDefaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.ttlAttribute = ttlAttribute;
        builder.streamViewType = streamViewType;
        return builder;
    }

    /** The attribute DynamoDB TTL reads (epoch seconds), or null when TTL stays disabled. */
    public String ttlAttribute() {
        return ttlAttribute;
    }

    /** The stream view type, or null when the table has no stream. */
    public StreamViewType streamViewType() {
        return streamViewType;
    }

    /** Builder of {@link TableOptions}; setters validate at once. */
    public static final class Builder {
        private String ttlAttribute;
        private StreamViewType streamViewType;

        private Builder() {}

        /**
         * Enables TTL on the named attribute.
         *
         * @throws IllegalArgumentException if the name is null or blank
         */
        public Builder ttlAttribute(String attributeName) {
            if (attributeName == null || attributeName.isBlank()) {
                throw new IllegalArgumentException(
                        "ttlAttribute must be a non-blank attribute name, got: '" + attributeName + "'");
            }
            this.ttlAttribute = attributeName;
            return this;
        }

        /** Enables a DynamoDB stream with the given view type. */
        public Builder stream(StreamViewType viewType) {
            this.streamViewType = Objects.requireNonNull(viewType, "stream view type");
            return this;
        }

        public TableOptions build() {
            return new TableOptions(this);
        }
    }
}
