package io.github.ddbpatterns.testing.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class KeyConditionsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void partitionKeyValue_whenNamePlaceholder_resolvesNameAndValue() throws Exception {
        JsonNode q = JSON.readTree("{\"KeyConditionExpression\":\"#s > :s AND #p = :p\","
                + "\"ExpressionAttributeNames\":{\"#p\":\"pk\",\"#s\":\"sk\"},"
                + "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"user-1\"},\":s\":{\"N\":\"5\"}}}");
        assertThat(KeyConditions.partitionKeyValue(q, "pk").path("S").asText()).isEqualTo("user-1");
    }

    @Test
    void partitionKeyValue_whenPlainNameReversedOrParenthesized_findsValue() throws Exception {
        JsonNode q = JSON.readTree("{\"KeyConditionExpression\":\"(:v = pk) and begins_with(sk, :x)\","
                + "\"ExpressionAttributeValues\":{\":v\":{\"S\":\"a\"},\":x\":{\"S\":\"b\"}}}");
        assertThat(KeyConditions.partitionKeyValue(q, "pk").path("S").asText()).isEqualTo("a");
        assertThat(KeyConditions.partitionKeyValue(q, "other")).isNull();
    }

    @Test
    void partitionKeyValue_whenLegacyKeyConditions_readsEq() throws Exception {
        JsonNode q = JSON.readTree("{\"KeyConditions\":{\"pk\":{\"ComparisonOperator\":\"EQ\","
                + "\"AttributeValueList\":[{\"N\":\"7\"}]}}}");
        assertThat(KeyConditions.partitionKeyValue(q, "pk").path("N").asText()).isEqualTo("7");
    }
}
