package io.github.ddbpatterns.core.batch;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Identity of an item: table name plus primary key. Two writes with equal {@code WriteKey}s target the same
 * item, so they may not share a BatchWriteItem call, and a coalescing buffer keeps only the last. Number values
 * are kept in canonical form, as DynamoDB stores them ("10.0", "1E1" and "10" name the same item).
 *
 * @param tableName the table
 * @param key the primary key attributes
 */
public record WriteKey(String tableName, Map<String, AttributeValue> key) {

    public WriteKey {
        Map<String, AttributeValue> canonical = new HashMap<>();
        key.forEach((name, value) -> canonical.put(
                name, value == null || value.n() == null ? value : AttributeValue.fromN(canonicalNumber(value.n()))));
        key = Map.copyOf(canonical);
    }

    private static String canonicalNumber(String number) {
        try {
            BigDecimal value = new BigDecimal(number.trim()).stripTrailingZeros();
            long exponent = (long) value.precision() - value.scale() - 1;
            if (exponent > 125 || exponent < -130) {
                return number; // outside DynamoDB's range (which rejects it): no huge plain string
            }
            return value.toPlainString();
        } catch (NumberFormatException e) {
            return number; // not a number: DynamoDB rejects the request, leave the text as given
        }
    }

    /** Shows the table and the key attribute names only (key values may be personal data). */
    @Override
    public String toString() {
        return tableName + new TreeMap<>(key).keySet();
    }
}
