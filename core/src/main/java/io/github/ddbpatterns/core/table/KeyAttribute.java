package io.github.ddbpatterns.core.table;

import io.github.ddbpatterns.core.internal.Checks;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * One key attribute of a table or index: its name and scalar type (S, N or B).
 *
 * @param name the attribute name
 * @param type its DynamoDB type
 */
public record KeyAttribute(String name, ScalarAttributeType type) {

    /**
     * Checks the values.
     *
     * @throws io.github.ddbpatterns.core.InvalidInputException if the name is empty or the type null or unknown
     */
    public KeyAttribute {
        Checks.notEmpty("name", name);
        Checks.notNull("type", type);
        if (type == ScalarAttributeType.UNKNOWN_TO_SDK_VERSION) {
            throw io.github.ddbpatterns.core.InvalidInputException.of("type", type, "be S, N or B");
        }
    }

    /**
     * A string key attribute.
     *
     * @param name the attribute name
     * @return the key attribute
     */
    public static KeyAttribute string(String name) {
        return new KeyAttribute(name, ScalarAttributeType.S);
    }

    /**
     * A number key attribute.
     *
     * @param name the attribute name
     * @return the key attribute
     */
    public static KeyAttribute number(String name) {
        return new KeyAttribute(name, ScalarAttributeType.N);
    }

    /** {@code pk (S)}. */
    @Override
    public String toString() {
        return name + " (" + type + ")";
    }
}
