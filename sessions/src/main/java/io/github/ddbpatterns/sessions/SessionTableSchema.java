package io.github.ddbpatterns.sessions;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;

import io.github.ddbpatterns.core.internal.Checks;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * The table layout of {@link Session}: partition key {@code id} (S), {@code owner} (S, partition key of the owner
 * index), {@code attributes} (M of S), {@code createdAt} (N, epoch seconds) and the TTL attribute (N, epoch
 * seconds, the name you choose). {@link SessionStore#tableLayout()} is the table this schema needs (with the
 * owner index and TTL), and {@link SessionStore#createTable()} creates it.
 *
 * <pre>{@code
 * TableSchema<Session> schema = SessionTableSchema.of("expiresAt", "by-owner");
 * DynamoDbAsyncTable<Session> raw = context.enhancedClient().table("sessions", schema);
 * }</pre>
 */
public final class SessionTableSchema {

    /** The partition key attribute. */
    public static final String ID = "id";
    /** The owner attribute (partition key of the owner index). */
    public static final String OWNER = "owner";
    /** The attributes map. */
    public static final String ATTRIBUTES = "attributes";
    /** Creation time, epoch seconds. */
    public static final String CREATED_AT = "createdAt";
    /** The default TTL attribute name. */
    public static final String DEFAULT_TTL_ATTRIBUTE = "expiresAt";
    /** The default owner index name. */
    public static final String DEFAULT_OWNER_INDEX = "by-owner";

    private SessionTableSchema() {}

    /**
     * The schema with the default names ({@value #DEFAULT_TTL_ATTRIBUTE}, {@value #DEFAULT_OWNER_INDEX}).
     */
    public static TableSchema<Session> ofDefaults() {
        return of(DEFAULT_TTL_ATTRIBUTE, DEFAULT_OWNER_INDEX);
    }

    /**
     * The schema storing the expiry in {@code ttlAttribute} and declaring the owner index {@code ownerIndex}.
     *
     * @throws io.github.ddbpatterns.core.InvalidInputException if a name is empty or the TTL attribute name is
     *     one of the other attribute names
     */
    public static TableSchema<Session> of(String ttlAttribute, String ownerIndex) {
        Checks.notEmpty("ttlAttribute", ttlAttribute);
        Checks.notEmpty("ownerIndex", ownerIndex);
        if (ttlAttribute.equals(ID)
                || ttlAttribute.equals(OWNER)
                || ttlAttribute.equals(ATTRIBUTES)
                || ttlAttribute.equals(CREATED_AT)) {
            throw io.github.ddbpatterns.core.InvalidInputException.of(
                    "ttlAttribute",
                    ttlAttribute,
                    "differ from the session's other attributes (id, owner, attributes, createdAt)");
        }
        return StaticImmutableTableSchema.builder(Session.class, Session.Builder.class)
                .newItemBuilder(Session::builder, Session.Builder::build)
                .addAttribute(
                        String.class,
                        a -> a.name(ID)
                                .getter(Session::id)
                                .setter(Session.Builder::id)
                                .tags(primaryPartitionKey()))
                .addAttribute(
                        String.class,
                        a -> a.name(OWNER)
                                .getter(Session::owner)
                                .setter(Session.Builder::owner)
                                .tags(secondaryPartitionKey(ownerIndex)))
                .addAttribute(
                        EnhancedType.mapOf(String.class, String.class),
                        a -> a.name(ATTRIBUTES).getter(Session::attributes).setter(Session.Builder::attributes))
                .addAttribute(
                        Long.class,
                        a -> a.name(CREATED_AT)
                                .getter(s -> s.createdAt().getEpochSecond())
                                .setter(Session.Builder::createdAtEpochSecond))
                .addAttribute(
                        Long.class,
                        a -> a.name(ttlAttribute)
                                .getter(s -> s.expiresAt().getEpochSecond())
                                .setter(Session.Builder::expiresAtEpochSecond))
                .build();
    }
}
