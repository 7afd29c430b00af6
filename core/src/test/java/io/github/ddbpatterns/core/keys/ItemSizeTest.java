package io.github.ddbpatterns.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemSizeTest {

    @Test
    void of_whenScalarAttributes_sumsNamesAndValues() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", AttributeValue.fromS("user-42")); // 2 + 7 = 9
        item.put("n", AttributeValue.fromN("12345")); // 1 + (3 + 1) = 5
        item.put("bin", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[10]))); // 3 + 10 = 13
        item.put("ok", AttributeValue.fromBool(true)); // 2 + 1 = 3
        item.put("none", AttributeValue.fromNul(true)); // 4 + 1 = 5
        item.put("é", AttributeValue.fromS("日本")); // 2 + 6 = 8
        assertThat(ItemSize.of(item)).isEqualTo(9 + 5 + 13 + 3 + 5 + 8);
    }

    @Test
    void numberSize_whenLeadingAndTrailingZeros_countsSignificantDigitsOnly() {
        assertThat(ItemSize.numberSize("0")).isEqualTo(1);
        assertThat(ItemSize.numberSize("7")).isEqualTo(2); // 1 digit -> 1 + 1
        assertThat(ItemSize.numberSize("12")).isEqualTo(2); // 2 digits -> 1 + 1
        assertThat(ItemSize.numberSize("123")).isEqualTo(3); // 3 digits -> 2 + 1
        assertThat(ItemSize.numberSize("1000000")).isEqualTo(2); // trailing zeros trimmed
        assertThat(ItemSize.numberSize("0.00123")).isEqualTo(3); // leading zeros trimmed
        assertThat(ItemSize.numberSize("-123.45")).isEqualTo(4); // 5 digits -> 3 + 1
        assertThat(ItemSize.numberSize("12345678901234567890123456789012345678"))
                .isEqualTo(20);
        assertThatThrownBy(() -> ItemSize.numberSize("12a"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("number must be a decimal number");
    }

    @Test
    void of_whenNestedListMapAndSets_addsContainerAndElementOverhead() {
        AttributeValue list = AttributeValue.fromL(List.of(AttributeValue.fromS("ab"), AttributeValue.fromN("1")));
        // 3 + (1 + 2) + (1 + 2) = 9
        AttributeValue map = AttributeValue.fromM(Map.of("k", AttributeValue.fromS("abc"), "l", list));
        // 3 + (1 + 1 + 3) + (1 + 1 + 9) = 19
        AttributeValue emptyList = AttributeValue.fromL(List.of());
        AttributeValue ss = AttributeValue.fromSs(List.of("a", "bcd"));
        AttributeValue ns = AttributeValue.fromNs(List.of("1", "123"));
        AttributeValue bs = AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("xy"), SdkBytes.fromUtf8String("z")));
        assertThat(ItemSize.ofValue(list)).isEqualTo(9);
        assertThat(ItemSize.ofValue(map)).isEqualTo(19);
        assertThat(ItemSize.ofValue(emptyList)).isEqualTo(3);
        assertThat(ItemSize.ofValue(ss)).isEqualTo(4);
        assertThat(ItemSize.ofValue(ns)).isEqualTo(2 + 3);
        assertThat(ItemSize.ofValue(bs)).isEqualTo(3);
        assertThat(ItemSize.of(Map.of("m", map, "e", emptyList))).isEqualTo(1 + 19 + 1 + 3);
    }

    @Test
    void ofValue_whenNoTypeSet_fails() {
        assertThatThrownBy(() -> ItemSize.ofValue(AttributeValue.builder().build()))
                .isInstanceOf(InvalidInputException.class);
    }

    @Property(tries = 500)
    void utf8Length_whenAnyString_matchesJdkEncoder(@ForAll String text) {
        assertThat(ItemSize.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }
}
