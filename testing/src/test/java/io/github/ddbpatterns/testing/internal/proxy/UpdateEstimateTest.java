package io.github.ddbpatterns.testing.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class UpdateEstimateTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void after_withPlainSetAndRemove_appliesThemToTheStoredItem() throws Exception {
        JsonNode before = JSON.readTree("{\"id\":{\"S\":\"a\"},\"g\":{\"S\":\"g1\"},\"p\":{\"S\":\"p\"}}");
        JsonNode request = JSON.readTree("{\"UpdateExpression\":\"SET #g = :g, q = :q REMOVE p\","
                + "\"ExpressionAttributeNames\":{\"#g\":\"g\"},"
                + "\"ExpressionAttributeValues\":{\":g\":{\"S\":\"g2\"},\":q\":{\"N\":\"1\"}}}");

        ObjectNode after = UpdateEstimate.after(before, key("a"), request);

        assertThat(after).isEqualTo(JSON.readTree("{\"id\":{\"S\":\"a\"},\"g\":{\"S\":\"g2\"},\"q\":{\"N\":\"1\"}}"));
        assertThat(before.has("p")).isTrue(); // the stored item is not changed
    }

    @Test
    void after_withFunctionsArithmeticAndNestedPaths_leavesThoseAttributesAsStored() throws Exception {
        JsonNode before = JSON.readTree("{\"id\":{\"S\":\"a\"},\"n\":{\"N\":\"1\"},\"m\":{\"M\":{}}}");
        JsonNode request = JSON.readTree("{\"UpdateExpression\":"
                + "\"set n = n + :one, g = if_not_exists(g, :g), m.x = :g ADD c :one\","
                + "\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"},\":g\":{\"S\":\"g\"}}}");

        assertThat(UpdateEstimate.after(before, key("a"), request)).isEqualTo(before);
    }

    @Test
    void after_withoutStoredItemAndLegacyAttributeUpdates_startsFromTheKey() throws Exception {
        JsonNode request = JSON.readTree("{\"AttributeUpdates\":{\"g\":{\"Action\":\"PUT\",\"Value\":{\"S\":\"g\"}},"
                + "\"p\":{\"Action\":\"DELETE\"}}}");

        assertThat(UpdateEstimate.after(null, key("a"), request))
                .isEqualTo(JSON.readTree("{\"id\":{\"S\":\"a\"},\"g\":{\"S\":\"g\"}}"));
    }

    static ObjectNode key(String id) {
        ObjectNode key = JSON.createObjectNode();
        key.putObject("id").put("S", id);
        return key;
    }
}
