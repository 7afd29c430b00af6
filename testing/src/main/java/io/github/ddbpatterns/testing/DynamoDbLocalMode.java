package io.github.ddbpatterns.testing;

import java.util.Locale;

/** How {@link DynamoDbLocal} runs DynamoDB Local. */
public enum DynamoDbLocalMode {
    /** {@code ServerRunner} in this JVM on a free loopback port: real HTTP, every client kind. The default. */
    SERVER,
    /** In-process, no HTTP: only the sync client, and no proxy can sit in front of it. Fastest start. */
    EMBEDDED,
    /** Testcontainers {@code amazon/dynamodb-local}; needs a Docker engine. */
    CONTAINER;

    /** The system property that selects the mode of {@link DynamoDbLocal#shared()}. */
    public static final String PROPERTY = "ddbpatterns.local.mode";

    /**
     * Parses a mode name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the setting and the accepted values if {@code name} is unknown
     */
    public static DynamoDbLocalMode parse(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                    PROPERTY + " must be one of SERVER, EMBEDDED, CONTAINER, got: '" + name + "'");
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    PROPERTY + " must be one of SERVER, EMBEDDED, CONTAINER, got: '" + name + "'", e);
        }
    }
}
