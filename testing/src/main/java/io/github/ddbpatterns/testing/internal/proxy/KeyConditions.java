package io.github.ddbpatterns.testing.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the partition key value of a Query: in {@code KeyConditionExpression} ({@code #n = :v}, {@code name =
 * :v} or {@code :v = #n}, names and values resolved through ExpressionAttributeNames/Values), or in the
 * legacy {@code KeyConditions} map ({@code EQ}).
 */
final class KeyConditions {

    private static final Pattern AND = Pattern.compile("(?i)\\s+and\\s+");
    private static final String OPERAND = "([#:]?[\\w.\\-]+)";
    private static final Pattern EQUALS =
            Pattern.compile("^\\s*\\(*\\s*" + OPERAND + "\\s*=\\s*" + OPERAND + "\\s*\\)*\\s*$");

    private KeyConditions() {}

    /** The typed value the query fixes for {@code attribute}, or null when none is found. */
    static JsonNode partitionKeyValue(JsonNode query, String attribute) {
        String expression = query.path("KeyConditionExpression").asText(null);
        if (expression != null) {
            JsonNode names = query.path("ExpressionAttributeNames");
            JsonNode values = query.path("ExpressionAttributeValues");
            for (String clause : AND.split(expression)) {
                Matcher m = EQUALS.matcher(clause);
                if (!m.matches()) {
                    continue;
                }
                String left = m.group(1);
                String right = m.group(2);
                if (right.startsWith(":") && attribute.equals(name(left, names))) {
                    return values.get(right);
                }
                if (left.startsWith(":") && attribute.equals(name(right, names))) {
                    return values.get(left);
                }
            }
            return null;
        }
        JsonNode condition = query.path("KeyConditions").get(attribute);
        if (condition != null
                && "EQ".equals(condition.path("ComparisonOperator").asText())) {
            return condition.path("AttributeValueList").get(0);
        }
        return null;
    }

    private static String name(String token, JsonNode names) {
        if (token.startsWith("#")) {
            return names.path(token).asText(null);
        }
        return token.startsWith(":") ? null : token;
    }
}
