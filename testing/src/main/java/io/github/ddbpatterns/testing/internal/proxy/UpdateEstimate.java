package io.github.ddbpatterns.testing.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An estimate of the item after an UpdateItem, used to admit the write before it is applied: applies the actions
 * whose result is plain — {@code SET a = :v} and {@code REMOVE a} on top-level attributes (names or {@code #n}),
 * legacy {@code AttributeUpdates} PUT and DELETE without value — and leaves every other attribute as it was. The
 * proxy charges the exact cost from the item read after the write; the estimate only decides admission.
 */
final class UpdateEstimate {

    private static final Pattern CLAUSE = Pattern.compile("(?i)\\b(SET|REMOVE|ADD|DELETE)\\b");
    private static final Pattern NAME = Pattern.compile("#?[A-Za-z0-9_\\-]+");

    private UpdateEstimate() {}

    /** The estimated item after {@code request} is applied to {@code before} (null when there was no item). */
    static ObjectNode after(JsonNode before, ObjectNode key, JsonNode request) {
        ObjectNode item = before != null && before.isObject()
                ? ((ObjectNode) before).deepCopy()
                : JsonNodeFactory.instance.objectNode().setAll(key);
        String expression = request.path("UpdateExpression").asText(null);
        if (expression != null) {
            apply(
                    item,
                    expression,
                    request.path("ExpressionAttributeNames"),
                    request.path("ExpressionAttributeValues"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        request.path("AttributeUpdates").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String action = e.getValue().path("Action").asText("PUT");
            JsonNode value = e.getValue().get("Value");
            if ("PUT".equals(action) && value != null) {
                item.set(e.getKey(), value);
            } else if ("DELETE".equals(action) && value == null) {
                item.remove(e.getKey());
            }
        }
        return item;
    }

    private static void apply(ObjectNode item, String expression, JsonNode names, JsonNode values) {
        java.util.regex.Matcher m = CLAUSE.matcher(expression);
        List<int[]> starts = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        while (m.find()) {
            if (depth(expression, m.start()) == 0) {
                starts.add(new int[] {m.start(), m.end()});
                kinds.add(m.group(1).toUpperCase(Locale.ROOT));
            }
        }
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : expression.length();
            String body = expression.substring(starts.get(i)[1], end);
            for (String action : splitTopLevel(body)) {
                if ("SET".equals(kinds.get(i))) {
                    int eq = action.indexOf('=');
                    if (eq < 0) {
                        continue;
                    }
                    String path = action.substring(0, eq).trim();
                    String operand = action.substring(eq + 1).trim();
                    String name = resolve(path, names);
                    if (name != null
                            && operand.startsWith(":")
                            && NAME.matcher(operand.substring(1)).matches()) {
                        JsonNode value = values.get(operand);
                        if (value != null) {
                            item.set(name, value);
                        }
                    }
                } else if ("REMOVE".equals(kinds.get(i))) {
                    String name = resolve(action.trim(), names);
                    if (name != null) {
                        item.remove(name);
                    }
                }
            }
        }
    }

    /** The attribute name of a top-level path ({@code a} or {@code #n}), null for nested paths. */
    private static String resolve(String path, JsonNode names) {
        if (!NAME.matcher(path).matches()) {
            return null;
        }
        if (path.startsWith("#")) {
            JsonNode name = names.get(path);
            return name == null ? null : name.asText();
        }
        return path;
    }

    private static List<String> splitTopLevel(String body) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(body.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(body.substring(start));
        return parts;
    }

    private static int depth(String s, int upTo) {
        int depth = 0;
        for (int i = 0; i < upTo; i++) {
            if (s.charAt(i) == '(') {
                depth++;
            } else if (s.charAt(i) == ')') {
                depth--;
            }
        }
        return depth;
    }
}
