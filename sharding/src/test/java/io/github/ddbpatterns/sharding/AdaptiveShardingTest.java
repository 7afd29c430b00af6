package io.github.ddbpatterns.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

class AdaptiveShardingTest {

    @Test
    void targetUtilisation_whenOutsideZeroToOne_failsNamingFieldAndValue() {
        assertThatThrownBy(() -> AdaptiveSharding.builder().targetUtilisation(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("targetUtilisation must be in (0, 1], got: 0.0");
        assertThatThrownBy(() -> AdaptiveSharding.builder().targetUtilisation(1.5))
                .hasMessageContaining("targetUtilisation")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> AdaptiveSharding.builder().targetUtilisation(Double.NaN))
                .hasMessageContaining("targetUtilisation");
        assertThat(AdaptiveSharding.builder().targetUtilisation(1).build().targetUtilisation())
                .isEqualTo(1.0);
    }

    @Test
    void coolDown_whenZeroOrNegative_failsNamingFieldAndValue() {
        assertThatThrownBy(() -> AdaptiveSharding.builder().coolDown(Duration.ZERO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("coolDown")
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> AdaptiveSharding.builder().coolDown(Duration.ofSeconds(-1)))
                .hasMessageContaining("coolDown")
                .hasMessageContaining("PT-1S");
    }

    @Test
    void maxShards_whenOutOfRange_failsNamingFieldAndValue() {
        assertThatThrownBy(() -> AdaptiveSharding.builder().maxShards(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("maxShards must be between 1 and 1000, got: 0");
        assertThatThrownBy(() -> AdaptiveSharding.builder().maxShards(1001))
                .hasMessage("maxShards must be between 1 and 1000, got: 1001");
    }

    @Test
    void window_whenShorterThan100Ms_failsNamingFieldAndValue() {
        assertThatThrownBy(() -> AdaptiveSharding.builder().window(Duration.ofMillis(50)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("window")
                .hasMessageContaining("PT0.05S");
    }

    @Test
    void reportThreshold_byDefault_isATenthOfTheShardTarget() {
        AdaptiveSharding settings = AdaptiveSharding.builder()
                .writeUnitsPerPartition(100)
                .targetUtilisation(0.5)
                .build();

        assertThat(settings.reportThreshold()).isEqualTo(5.0);
        assertThat(settings.toBuilder().build().reportThreshold()).isEqualTo(5.0);
    }

    @Test
    void build_whenAdaptiveWithoutTableShardMap_failsNamingShardMapBeforeAnyRequest() {
        DynamoDbAsyncClient client = DynamoDbAsyncClient.builder()
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .endpointOverride(java.net.URI.create("http://127.0.0.1:9"))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create())
                .build();
        try (client) {
            assertThatThrownBy(() -> ShardedTable.builder(Event.SCHEMA)
                            .dynamoDbClient(client)
                            .tableName("events")
                            .logicalKey(Event::getUserId)
                            .shards(4)
                            .adaptive(AdaptiveSharding.ofDefaults())
                            .build())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("shardMap must be a TableShardMap");
        }
    }
}
