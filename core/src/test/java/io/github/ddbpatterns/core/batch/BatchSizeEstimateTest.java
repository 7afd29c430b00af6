package io.github.ddbpatterns.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class BatchSizeEstimateTest {

    @Test
    void itemBytes_countsNamesAndValuesByDynamoDbRules() {
        Map<String, AttributeValue> item = Map.of(
                "pk", AttributeValue.fromS("abc"),                            // 2 + 3
                "n", AttributeValue.fromN("12345"),                           // 1 + (1 + 3)
                "b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[10])), // 1 + 10
                "t", AttributeValue.fromBool(true),                           // 1 + 1
                "l", AttributeValue.fromL(List.of(AttributeValue.fromS("xy"))), // 1 + 3 + 1 + 2
                "é", AttributeValue.fromS("ü"));                              // 2 + 2
        assertThat(BatchSizeEstimate.itemBytes(item)).isEqualTo(5 + 5 + 11 + 2 + 7 + 4);
    }

    @Test
    void requestBytes_isAtLeastTheJsonOfThePut() {
        Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("k"),
                "data", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[3000])));
        WriteOp put = WriteOp.put("t", Map.of("pk", AttributeValue.fromS("k")), item);
        // base64 of 3000 bytes is 4000 characters
        assertThat(BatchSizeEstimate.requestBytes(put)).isGreaterThan(4000 + "{\"PutRequest\":{\"Item\":{}}}".length());
        assertThat(BatchSizeEstimate.requestBytes(WriteOp.delete("t", Map.of("pk", AttributeValue.fromS("k")))))
                .isLessThan(100);
    }
}
