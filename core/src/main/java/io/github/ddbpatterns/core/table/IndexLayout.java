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
 */
public final class IndexLayout {

    private final String name;
    private final KeyAttribute partitionKey;
    private final @Nullable KeyAttribute sortKey;
    private final ProjectionType projection;
    private final List<String> nonKeyAttributes;

    private IndexLayout(
            String name,
            KeyAttribute partitionKey,
            @Nullable KeyAttribute sortKey,
            ProjectionType projection,
            List<String> nonKeyAttributes) {
        this.name = Checks.notEmpty("index name", name);
        this.partitionKey = Checks.notNull("partitionKey", partitionKey);
        this.sortKey = sortKey;
        this.projection = Checks.notNull("projection", projection);
        this.nonKeyAttributes = List.copyOf(Checks.notNull("nonKeyAttributes", nonKeyAttributes));
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
        return new IndexLayout(name, partitionKey, null, ProjectionType.ALL, List.of());
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
        return new IndexLayout(name, partitionKey, Checks.notNull("sortKey", sortKey), ProjectionType.ALL, List.of());
    }

    /**
     * This index with another projection.
     *
     * @param newProjection ALL, KEYS_ONLY or INCLUDE
     * @param attributes the non-key attributes of an INCLUDE projection (empty otherwise)
     * @return the changed layout
     * @throws InvalidInputException if the attributes do not match the projection
     */
    public IndexLayout withProjection(ProjectionType newProjection, List<String> attributes) {
        return new IndexLayout(name, partitionKey, sortKey, newProjection, attributes);
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
     * @return ALL, KEYS_ONLY or INCLUDE
     */
    public ProjectionType projection() {
        return projection;
    }

    /**
     * The attributes an INCLUDE projection adds.
     *
     * @return the attribute names (empty for ALL and KEYS_ONLY)
     */
    public List<String> nonKeyAttributes() {
        return nonKeyAttributes;
    }

    /** Whether {@code found} serves reads that need this index: same keys, and a projection at least as wide. */
    boolean isServedBy(IndexLayout found) {
        if (!partitionKey.equals(found.partitionKey) || !Objects.equals(sortKey, found.sortKey)) {
            return false;
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
                && nonKeyAttributes.equals(other.nonKeyAttributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, partitionKey, sortKey, projection, nonKeyAttributes);
    }

    /** {@code by-owner: owner (S), projection ALL}. */
    @Override
    public String toString() {
        return name + ": " + partitionKey + (sortKey == null ? "" : " + " + sortKey) + ", projection " + projection
                + (nonKeyAttributes.isEmpty() ? "" : " " + nonKeyAttributes);
    }
}
