package io.github.ddbpatterns.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Murmur3Test {

    // Reference values from Guava's Hashing.murmur3_32_fixed(0) (MurmurHash3_x86_32), covering every tail length.
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|0",
                "a|3c2569b2",
                "ab|9bbfd75f",
                "abc|b3dd93fa",
                "abcd|43ed676a",
                "hello|248bfa47",
                "The quick brown fox jumps over the lazy dog|2e4ff723",
                "user-42|b972dad0",
                "order-2024-11-20-000123|e0003000",
                "日本語キー|dffdd7d8"
            })
    void hash32_whenReferenceInputs_matchesReferenceImplementation(String input, String expectedHex) {
        int hash = Murmur3.hash32(input.getBytes(StandardCharsets.UTF_8), 0);
        assertThat(Integer.toHexString(hash)).isEqualTo(expectedHex);
    }
}
