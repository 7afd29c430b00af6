package io.github.ddbpatterns.indexes;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.keys.OrderedNumberCodec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An attribute computed from the rest of the item on every write, typically the key of a secondary index: present
 * while the item belongs in the index, absent otherwise (a sparse index holds only items that have its key). Applied
 * by the {@link DerivedAttributes} extension. Immutable.
 *
 * <pre>{@code
 * // orders over 1,000 only: the sparse index byHighValue is keyed on customerId + highValueTotal
 * DerivedAttribute highValue = DerivedAttribute.numberWhen("highValueTotal", "total",
 *         total -> total.compareTo(BigDecimal.valueOf(1_000)) > 0);
 * // the total in bands of 100: an index sort key that changes only when the total crosses a band
 * DerivedAttribute totalBand = DerivedAttribute.band("totalBand", "total", BigDecimal.valueOf(100));
 * }</pre>
 */
public final class DerivedAttribute {

    private final String name;
    private final Set<String> sources;
    private final Function<Map<String, AttributeValue>, Optional<AttributeValue>> value;

    private DerivedAttribute(
            String name, Set<String> sources, Function<Map<String, AttributeValue>, Optional<AttributeValue>> value) {
        this.name = name;
        this.sources = sources;
        this.value = value;
    }

    /**
     * An attribute computed by {@code value} from the attributes named in {@code sources}.
     *
     * @param name the attribute written
     * @param sources the attributes it is computed from (an update that sets none of them leaves it as it is)
     * @param value the value for an item, or empty to leave the attribute out (the item leaves the index)
     * @return the derived attribute
     * @throws InvalidInputException if an argument is null or empty, or {@code name} is among the sources
     */
    public static DerivedAttribute of(
            String name, Set<String> sources, Function<Map<String, AttributeValue>, Optional<AttributeValue>> value) {
        Checks.notEmpty("name", name);
        Checks.notNull("sources", sources);
        if (sources.isEmpty() || sources.contains(name)) {
            throw InvalidInputException.of(
                    "sources", sources, "name at least one attribute, and not the derived attribute " + name);
        }
        sources.forEach(source -> Checks.notEmpty("sources[]", source));
        return new DerivedAttribute(name, Set.copyOf(sources), Checks.notNull("value", value));
    }

    /**
     * The number attribute {@code source}, copied to {@code name} while {@code when} holds for it (a sparse index
     * key); absent when the source is absent, not a number, or fails the predicate.
     *
     * @param name the attribute written
     * @param source a number attribute
     * @param when which values belong in the index
     * @return the derived attribute
     * @throws InvalidInputException if an argument is null or empty
     */
    public static DerivedAttribute numberWhen(String name, String source, Predicate<BigDecimal> when) {
        Checks.notNull("when", when);
        return of(
                name,
                Set.of(Checks.notEmpty("source", source)),
                item -> number(item, source).filter(when).map(DerivedAttribute::numberValue));
    }

    /**
     * The number attribute {@code source} rounded down to a multiple of {@code band} (a quantized key: it changes
     * only when the value crosses a band, so small updates of the source cost the index nothing when the index does
     * not project the source). Absent when the source is absent or not a number.
     *
     * @param name the attribute written
     * @param source a number attribute
     * @param band the band width, &gt; 0
     * @return the derived attribute
     * @throws InvalidInputException if an argument is null or empty, or {@code band} is not positive
     */
    public static DerivedAttribute band(String name, String source, BigDecimal band) {
        return bandWhen(name, source, band, value -> true);
    }

    /**
     * Like {@link #band}, present only while {@code when} holds for the exact value: a sparse and quantized key.
     *
     * @param name the attribute written
     * @param source a number attribute
     * @param band the band width, &gt; 0
     * @param when which exact values belong in the index
     * @return the derived attribute
     * @throws InvalidInputException if an argument is null or empty, or {@code band} is not positive
     */
    public static DerivedAttribute bandWhen(String name, String source, BigDecimal band, Predicate<BigDecimal> when) {
        Checks.notNull("band", band);
        Checks.notNull("when", when);
        if (band.signum() <= 0) {
            throw InvalidInputException.of("band", band, "be positive");
        }
        return of(
                name,
                Set.of(Checks.notEmpty("source", source)),
                item -> number(item, source)
                        .filter(when)
                        .map(value -> floorToBand(value, band))
                        .map(DerivedAttribute::numberValue));
    }

    /**
     * A string that sorts as the number attribute {@code score}, then the attribute {@code tieBreaker}: core's
     * {@link OrderedNumberCodec} encoding of the score, {@code #}, the tie-breaker's value. As an index sort key it
     * makes a descending Query with {@code Limit = N} return the exact top N by score, ties in tie-breaker order;
     * changing the score moves the item's entry (DynamoDB deletes the old entry and puts the new one). Absent when
     * either attribute is absent.
     *
     * @param name the attribute written
     * @param score a number attribute
     * @param tieBreaker a string or number attribute that tells items of equal score apart (e.g. the user id)
     * @return the derived attribute
     * @throws InvalidInputException if an argument is null or empty; when an item is written, if its score cannot be
     *     encoded (a magnitude outside about 1E-501 to 1E499)
     */
    public static DerivedAttribute scoreKey(String name, String score, String tieBreaker) {
        Checks.notEmpty("score", score);
        Checks.notEmpty("tieBreaker", tieBreaker);
        return of(name, Set.of(score, tieBreaker), item -> {
            Optional<BigDecimal> value = number(item, score);
            Optional<String> tie = text(item, tieBreaker);
            if (value.isEmpty() || tie.isEmpty()) {
                return Optional.empty();
            }
            String encoded;
            try {
                encoded = OrderedNumberCodec.encodeAscending(value.get());
            } catch (InvalidInputException e) {
                throw InvalidInputException.of(
                        score, value.get(), "have a magnitude between 1E-501 and 1E499 to sort in " + name, e);
            }
            return Optional.of(AttributeValue.fromS(encoded + "#" + tie.get()));
        });
    }

    /**
     * The attribute {@code source} as an index partition key spread over {@code shards}: the value itself for a value
     * with one shard, else {@code value#shard-k} with {@code k} picked from the attribute {@code spreadBy}, so that
     * a hot value's index entries spread over {@code n} index partitions. Absent when either attribute is absent.
     * With an {@linkplain IndexShards#adaptive adaptive} policy each computation (one per write through the
     * {@link DerivedAttributes} extension) also records the write units of the attributes written (the table
     * write's units, at least the index entry's) for the value with the policy's controller.
     *
     * @param name the attribute written (the index's partition key)
     * @param source a string or number attribute: the logical index key (e.g. the item id)
     * @param shards the shard counts
     * @param spreadBy a string or number attribute that picks the shard (e.g. the user id)
     * @return the derived attribute
     * @throws InvalidInputException if an argument is null or empty
     */
    public static DerivedAttribute shardedKey(String name, String source, IndexShards shards, String spreadBy) {
        Checks.notEmpty("source", source);
        Checks.notEmpty("spreadBy", spreadBy);
        Checks.notNull("shards", shards);
        return of(name, Set.of(source, spreadBy), item -> {
            Optional<String> value = text(item, source);
            Optional<String> spread = text(item, spreadBy);
            if (value.isEmpty() || spread.isEmpty()) {
                return Optional.empty();
            }
            shards.recordWrite(value.get(), item);
            return Optional.of(AttributeValue.fromS(shards.writeKey(value.get(), spread.get())));
        });
    }

    /**
     * The lowest value of the band {@code value} falls in: {@code floor(value / band) * band}.
     *
     * @param value a value
     * @param band the band width, &gt; 0
     * @return the band's lower bound
     */
    public static BigDecimal floorToBand(BigDecimal value, BigDecimal band) {
        return value.divide(band, 0, RoundingMode.FLOOR).multiply(band);
    }

    /**
     * The attribute written.
     *
     * @return its name
     */
    public String name() {
        return name;
    }

    /**
     * The attributes it is computed from.
     *
     * @return their names
     */
    public Set<String> sources() {
        return sources;
    }

    /**
     * Its value for {@code item}.
     *
     * @param item an item's attributes
     * @return the value, or empty when the attribute is left out
     */
    public Optional<AttributeValue> valueFor(Map<String, AttributeValue> item) {
        return value.apply(item);
    }

    @Override
    public String toString() {
        return "DerivedAttribute[" + name + " from " + sources + "]";
    }

    private static Optional<BigDecimal> number(Map<String, AttributeValue> item, String source) {
        AttributeValue value = item.get(source);
        if (value == null || value.n() == null) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(value.n()));
    }

    private static Optional<String> text(Map<String, AttributeValue> item, String source) {
        AttributeValue value = item.get(source);
        if (value == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(value.s() != null ? value.s() : value.n());
    }

    private static AttributeValue numberValue(BigDecimal value) {
        return AttributeValue.fromN(value.stripTrailingZeros().toPlainString());
    }
}
