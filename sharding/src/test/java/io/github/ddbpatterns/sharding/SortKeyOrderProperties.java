package io.github.ddbpatterns.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The merge comparator agrees with DynamoDB's sort-key order for strings, numbers and binaries. */
class SortKeyOrderProperties {

    @Property
    void compare_whenStrings_ordersByUnsignedUtf8Bytes(@ForAll String a, @ForAll String b) {
        int expected = Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

        int actual = SortKeyOrder.INSTANCE.compare(AttributeValue.fromS(a), AttributeValue.fromS(b));

        assertThat(Integer.signum(actual)).isEqualTo(Integer.signum(expected));
    }

    @Property
    void compare_whenNumbers_ordersByValueNotText(@ForAll long a, @ForAll int scale) {
        BigDecimal x = BigDecimal.valueOf(a, Math.floorMod(scale, 10));
        BigDecimal y = x.add(BigDecimal.ONE);

        int actual = SortKeyOrder.INSTANCE.compare(
                AttributeValue.fromN(y.toPlainString()), AttributeValue.fromN(x.toPlainString()));

        assertThat(actual).isPositive();
    }

    @Property
    void compare_whenBinaries_ordersByUnsignedBytes(@ForAll byte[] a, @ForAll byte[] b) {
        int actual = SortKeyOrder.INSTANCE.compare(
                AttributeValue.fromB(SdkBytes.fromByteArray(a)), AttributeValue.fromB(SdkBytes.fromByteArray(b)));

        assertThat(Integer.signum(actual)).isEqualTo(Integer.signum(Arrays.compareUnsigned(a, b)));
    }
}
