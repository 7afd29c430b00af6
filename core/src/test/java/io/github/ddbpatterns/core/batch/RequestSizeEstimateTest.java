package io.github.ddbpatterns.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class RequestSizeEstimateTest {

    @Test
    void requestBytes_isAtLeastTheJsonOfThePut() {
        Map<String, AttributeValue> item = Map.of(
                "pk", AttributeValue.fromS("k"), "data", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[3000])));
        WriteOp put = WriteOp.put("t", Map.of("pk", AttributeValue.fromS("k")), item);
        // base64 of 3000 bytes is 4000 characters
        assertThat(RequestSizeEstimate.requestBytes(put))
                .isGreaterThan(4000 + "{\"PutRequest\":{\"Item\":{}}}".length());
        assertThat(RequestSizeEstimate.requestBytes(WriteOp.delete("t", Map.of("pk", AttributeValue.fromS("k")))))
                .isLessThan(100);
    }
}
