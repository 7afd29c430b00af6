package io.github.ddbpatterns.sharding;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.util.List;
import java.util.function.BiFunction;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A condition on the sort key applied to every shard of a logical key (the partition key is the
 * repository's business). Immutable; equal when it selects the same items.
 *
 * <pre>{@code
 * ShardQuery january = ShardQuery.where(
 *         SortKeyCondition.between(AttributeValue.fromS("2026-01"), AttributeValue.fromS("2026-02")));
 * ShardQuery orders = ShardQuery.where(SortKeyCondition.beginsWith("order#"));
 * }</pre>
 */
public final class SortKeyCondition {

    private final String operator;
    private final List<AttributeValue> values;
    private final BiFunction<String, SortKeyCondition, QueryConditional> factory;

    private SortKeyCondition(
            String operator,
            List<AttributeValue> values,
            BiFunction<String, SortKeyCondition, QueryConditional> factory) {
        this.operator = operator;
        this.values = List.copyOf(values);
        this.factory = factory;
    }

    /** Every item of the logical key. */
    public static SortKeyCondition all() {
        return new SortKeyCondition("all", List.of(), (pk, c) -> QueryConditional.keyEqualTo(key(pk)));
    }

    /**
     * Sort key equal to {@code value}.
     *
     * @throws InvalidInputException if {@code value} is null
     */
    public static SortKeyCondition equalTo(AttributeValue value) {
        Checks.notNull("value", value);
        return new SortKeyCondition("=", List.of(value), (pk, c) -> QueryConditional.keyEqualTo(key(pk, value)));
    }

    /**
     * Sort key between {@code from} and {@code to}, both included.
     *
     * @throws InvalidInputException if an argument is null
     */
    public static SortKeyCondition between(AttributeValue from, AttributeValue to) {
        Checks.notNull("from", from);
        Checks.notNull("to", to);
        return new SortKeyCondition(
                "between", List.of(from, to), (pk, c) -> QueryConditional.sortBetween(key(pk, from), key(pk, to)));
    }

    /**
     * Sort key greater than {@code value}.
     *
     * @throws InvalidInputException if {@code value} is null
     */
    public static SortKeyCondition greaterThan(AttributeValue value) {
        Checks.notNull("value", value);
        return new SortKeyCondition(">", List.of(value), (pk, c) -> QueryConditional.sortGreaterThan(key(pk, value)));
    }

    /**
     * Sort key greater than or equal to {@code value}.
     *
     * @throws InvalidInputException if {@code value} is null
     */
    public static SortKeyCondition atLeast(AttributeValue value) {
        Checks.notNull("value", value);
        return new SortKeyCondition(
                ">=", List.of(value), (pk, c) -> QueryConditional.sortGreaterThanOrEqualTo(key(pk, value)));
    }

    /**
     * Sort key less than {@code value}.
     *
     * @throws InvalidInputException if {@code value} is null
     */
    public static SortKeyCondition lessThan(AttributeValue value) {
        Checks.notNull("value", value);
        return new SortKeyCondition("<", List.of(value), (pk, c) -> QueryConditional.sortLessThan(key(pk, value)));
    }

    /**
     * Sort key less than or equal to {@code value}.
     *
     * @throws InvalidInputException if {@code value} is null
     */
    public static SortKeyCondition atMost(AttributeValue value) {
        Checks.notNull("value", value);
        return new SortKeyCondition(
                "<=", List.of(value), (pk, c) -> QueryConditional.sortLessThanOrEqualTo(key(pk, value)));
    }

    /**
     * String sort key starting with {@code prefix}.
     *
     * @throws InvalidInputException if {@code prefix} is null or empty
     */
    public static SortKeyCondition beginsWith(String prefix) {
        Checks.notEmpty("prefix", prefix);
        return new SortKeyCondition(
                "begins_with",
                List.of(AttributeValue.fromS(prefix)),
                (pk, c) -> QueryConditional.sortBeginsWith(key(pk, AttributeValue.fromS(prefix))));
    }

    /**
     * The Enhanced Client condition for one physical partition key (of the table, or of an index).
     *
     * @param physicalKey the partition key value queried
     * @return the condition
     */
    public QueryConditional forPartition(String physicalKey) {
        return factory.apply(physicalKey, this);
    }

    private static Key key(String pk) {
        return Key.builder().partitionValue(pk).build();
    }

    private static Key key(String pk, AttributeValue sort) {
        return Key.builder().partitionValue(pk).sortValue(sort).build();
    }

    /** The condition in words, e.g. {@code between AttributeValue(S=a) and AttributeValue(S=b)}. */
    String description() {
        return switch (values.size()) {
            case 0 -> operator;
            case 1 -> operator + " " + values.get(0);
            default -> operator + " " + values.get(0) + " and " + values.get(1);
        };
    }

    /** Conditions are equal when they select the same items: the same operator and values. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SortKeyCondition other && operator.equals(other.operator) && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return 31 * operator.hashCode() + values.hashCode();
    }

    @Override
    public String toString() {
        return "SortKeyCondition[" + description() + "]";
    }
}
