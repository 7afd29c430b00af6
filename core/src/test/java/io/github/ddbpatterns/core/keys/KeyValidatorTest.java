package io.github.ddbpatterns.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class KeyValidatorTest {

    private final KeyValidator validator = KeyValidator.of("pk", "sk");

    @Test
    void validateItem_whenValid_returnsSize() {
        long size = validator.validateItem(Map.of(
                "pk", AttributeValue.fromS("u"), "sk", AttributeValue.fromN("1"), "v", AttributeValue.fromS("abc")));
        assertThat(size).isEqualTo((2 + 1) + (2 + 2) + (1 + 3));
    }

    @Test
    void validateKey_whenPartitionKeyTooLong_namesAttributeAndSizeButNotValue() {
        String secret = "secret-" + "x".repeat(2100);
        assertThatThrownBy(() -> validator.validateKey(
                        Map.of("pk", AttributeValue.fromS(secret), "sk", AttributeValue.fromS("a"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("partition key attribute 'pk' must be 1..2048 bytes, got: 2107 bytes (value not shown)")
                .satisfies(
                        e -> assertThat(((InvalidInputException) e).field()).isEqualTo("partition key attribute 'pk'"));
    }

    @Test
    void validateKey_whenLimitsExactlyReached_accepts() {
        assertThatCode(() -> validator.validateKey(Map.of(
                        "pk",
                        AttributeValue.fromS("é".repeat(1024)),
                        "sk",
                        AttributeValue.fromB(SdkBytes.fromByteArray(new byte[1024])))))
                .doesNotThrowAnyException();
    }

    @Test
    void validateKey_whenSortKeyTooLongOrEmptyOrMissingOrWrongType_fails() {
        assertThatThrownBy(() -> validator.validateKey(
                        Map.of("pk", AttributeValue.fromS("u"), "sk", AttributeValue.fromS("x".repeat(1025)))))
                .hasMessage("sort key attribute 'sk' must be 1..1024 bytes, got: 1025 bytes (value not shown)");
        assertThatThrownBy(() ->
                        validator.validateKey(Map.of("pk", AttributeValue.fromS(""), "sk", AttributeValue.fromS("a"))))
                .hasMessage("partition key attribute 'pk' must be 1..2048 bytes, got: 0 bytes (value not shown)");
        assertThatThrownBy(() -> validator.validateKey(Map.of("pk", AttributeValue.fromS("u"))))
                .hasMessage("sort key attribute 'sk' must be present, got: null");
        assertThatThrownBy(() -> validator.validateKey(
                        Map.of("pk", AttributeValue.fromBool(true), "sk", AttributeValue.fromS("a"))))
                .hasMessageStartingWith("partition key attribute 'pk' must be of type S, N or B");
    }

    @Test
    void validateItem_whenOver400Kb_failsWithSize() {
        Map<String, AttributeValue> item = Map.of(
                "pk",
                AttributeValue.fromS("u"),
                "sk",
                AttributeValue.fromS("a"),
                "blob",
                AttributeValue.fromS("x".repeat(409_600)));
        assertThatThrownBy(() -> validator.validateItem(item))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("item must be at most 409600 bytes (400 KB), got: 409610 bytes (value not shown)");
    }

    @Test
    void of_whenBadNames_failsFast() {
        assertThatThrownBy(() -> KeyValidator.of("")).hasMessageStartingWith("partitionKey must");
        assertThatThrownBy(() -> KeyValidator.of("pk", "pk")).hasMessageStartingWith("sortKey must differ");
        assertThat(KeyValidator.of("pk").sortKey()).isEmpty();
    }
}
