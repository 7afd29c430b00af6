package io.github.ddbpatterns.core.table;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * One secondary index of a {@link TableLayout}: name, keys and projection. Immutable.
 *
 * <pre>{@code
 * IndexLayout byOwner = IndexLayout.of("by-owner", KeyAttribute.string("owner"));          // projection ALL
 * IndexLayout byScore = IndexLayout.of("by-score", KeyAttribute.string("itemId"), KeyAttribute.number("score"))
 *         .withProjection(ProjectionType.KEYS_ONLY, List.of());
 * }</pre>
 *
 * <p>An index taken from an Enhanced schema ({@link TableLayout#from}) has no declared projection, because a schema
 * carries none ({@link #isProjectionDeclared()} is false): the table check compares its keys only, and a table
 * created from the layout gets it with projection ALL.
 */
public final class IndexLayout {

    private final String name;
    private final KeyAttribute partitionKey;
    private final @Nullable KeyAttribute sortKey;
    private final ProjectionType projection;
    private final List<String> nonKeyAttributes;
    private final boolean projectionDeclared;

    private IndexLayout(
            String name,
            KeyAttribute partitionKey,
            @Nullable KeyAttribute sortKey,
            ProjectionType projection,
            List<String> nonKeyAttributes,
            boolean projectionDeclared) {
        this.name = Checks.notEmpty("index name", name);
        this.partitionKey = Checks.notNull("partitionKey", partitionKey);
        this.sortKey = sortKey;
        this.projection = Checks.notNull("projection", projection);
        Checks.notNull("nonKeyAttributes", nonKeyAttributes);
        nonKeyAttributes.forEach(attribute -> Checks.notEmpty("nonKeyAttributes[]", attribute));
        this.nonKeyAttributes = List.copyOf(nonKeyAttributes);
        this.projectionDeclared = projectionDeclared;
        if (projection == ProjectionType.UNKNOWN_TO_SDK_VERSION) {
            throw InvalidInputException.of("projection", projection, "be ALL, KEYS_ONLY or INCLUDE");
        }
        if ((projection == ProjectionType.INCLUDE) == this.nonKeyAttributes.isEmpty()) {
            throw InvalidInputException.of(
                    "nonKeyAttributes", this.nonKeyAttributes, "be given exactly when the projection is INCLUDE");
        }
    }

    /**
     * An index with a partition key only, projecting all attributes.
     *
     * @param name the index name
     * @param partitionKey its partition key
     * @return the index layout
     * @throws InvalidInputException if an argument is null or the name empty
     */
    public static IndexLayout of(String name, KeyAttribute partitionKey) {
        return new IndexLayout(name, partitionKey, null, ProjectionType.ALL, List.of(), true);
    }

    /**
     * An index with a partition key and a sort key, projecting all attributes.
     *
     * @param name the index name
     * @param partitionKey its partition key
     * @param sortKey its sort key
     * @return the index layout
     * @throws InvalidInputException if an argument is null or the name empty
     */
    public static IndexLayout of(String name, KeyAttribute partitionKey, KeyAttribute sortKey) {
        return new IndexLayout(
                name, partitionKey, Checks.notNull("sortKey", sortKey), ProjectionType.ALL, List.of(), true);
    }

    /**
     * This index with another projection, declared: the table check then requires the table's index to project at
     * least these attributes.
     *
     * @param newProjection ALL, KEYS_ONLY or INCLUDE
     * @param attributes the non-key attributes of an INCLUDE projection (empty otherwise)
     * @return the changed layout
     * @throws InvalidInputException if an argument is null, an attribute is empty, or the attributes do not match
     *     the projection
     */
    public IndexLayout withProjection(ProjectionType newProjection, List<String> attributes) {
        return new IndexLayout(name, partitionKey, sortKey, newProjection, attributes, true);
    }

    /** This index without a declared projection (created ALL, any projection serves it), as a schema gives it. */
    IndexLayout withUndeclaredProjection() {
        return new IndexLayout(name, partitionKey, sortKey, ProjectionType.ALL, List.of(), false);
    }

    /**
     * The index name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The index partition key.
     *
     * @return the partition key
     */
    public KeyAttribute partitionKey() {
        return partitionKey;
    }

    /**
     * The index sort key.
     *
     * @return the sort key, or empty
     */
    public Optional<KeyAttribute> sortKey() {
        return Optional.ofNullable(sortKey);
    }

    /**
     * What the index stores besides the keys.
     *
     * @return ALL, KEYS_ONLY or INCLUDE; ALL when the projection is not declared (what a table created from the
     *     layout gets)
     */
    public ProjectionType projection() {
        return projection;
    }

    /**
     * Whether the projection is declared. An index taken from an Enhanced schema ({@link TableLayout#from}) has
     * none: a schema carries no projection. The table check then compares only the index's keys, so any projection
     * of the table's index serves it, and a table created from the layout gets it with projection ALL.
     *
     * @return false for an index whose projection is not known
     */
    public boolean isProjectionDeclared() {
        return projectionDeclared;
    }

    /**
     * The attributes an INCLUDE projection adds.
     *
     * @return the attribute names (empty for ALL and KEYS_ONLY)
     */
    public List<String> nonKeyAttributes() {
        return nonKeyAttributes;
    }

    /**
     * Whether {@code found} serves reads that need this index: same keys, and a projection at least as wide (any,
     * when this one's is not declared).
     */
    boolean isServedBy(IndexLayout found) {
        if (!partitionKey.equals(found.partitionKey) || !Objects.equals(sortKey, found.sortKey)) {
            return false;
        }
        if (!projectionDeclared) {
            return true;
        }
        return switch (projection) {
            case ALL -> found.projection == ProjectionType.ALL;
            case INCLUDE ->
                found.projection == ProjectionType.ALL
                        || (found.projection == ProjectionType.INCLUDE
                                && found.nonKeyAttributes.containsAll(nonKeyAttributes));
            default -> true;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexLayout other
                && name.equals(other.name)
                && partitionKey.equals(other.partitionKey)
                && Objects.equals(sortKey, other.sortKey)
                && projection == other.projection
                && nonKeyAttributes.equals(other.nonKeyAttributes)
                && projectionDeclared == other.projectionDeclared;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, partitionKey, sortKey, projection, nonKeyAttributes, projectionDeclared);
    }

    /**
     * {@code by-owner: owner (S), projection ALL}; {@code by-owner: owner (S), projection any (created ALL)} when the
     * projection is not declared.
     */
    @Override
    public String toString() {
        return name + ": " + partitionKey + (sortKey == null ? "" : " + " + sortKey) + ", projection "
                + (projectionDeclared ? projection : "any (created ALL)")
                + (nonKeyAttributes.isEmpty() ? "" : " " + nonKeyAttributes);
    }
}
