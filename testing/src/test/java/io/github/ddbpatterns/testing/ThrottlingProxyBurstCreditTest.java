package io.github.ddbpatterns.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/** {@link ThrottlingProxy.Builder#tableBurstCredit}: how much unused table capacity a table banks and starts with. */
@DynamoDbLocalTest
class ThrottlingProxyBurstCreditTest {

    static final TableSchema<Thing> SCHEMA = TableSchema.fromBean(Thing.class);

    @Test
    void putItem_whenTableBurstCreditIsThreeSeconds_admitsThreeSecondsOfCapacityAtOnceAndBanksNoMore(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .clock(clock)
                        .tableCapacity(1, 10)
                        .tableBurstCredit(Duration.ofSeconds(3))
                        .build()
                        .start();
                DynamoDbClient client = proxy.clients()
                        .syncBuilder()
                        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                        .build()) {
            // 10 WCU/s with 3 s of credit: 30 units = three items of 10 units (~10 KB), then a throttle
            assertThat(putUntilThrottled(client, table, "start")).isEqualTo(3);

            // a long quiet spell banks 3 s of capacity, not 300 s
            clock.advance(Duration.ofMinutes(5));
            assertThat(putUntilThrottled(client, table, "later")).isEqualTo(3);

            clock.advance(Duration.ofSeconds(1));
            assertThat(putUntilThrottled(client, table, "next")).isEqualTo(1);
            assertThat(proxy.stats().throttled("PutItem")).isEqualTo(3);
        }
    }

    @Test
    void tableBurstCredit_whenNullOrUnderOneMillisecond_failsNamingSettingAndValue() {
        ThrottlingProxy.Builder builder = ThrottlingProxy.builder().target(URI.create("http://127.0.0.1:1"));
        assertThatThrownBy(() -> builder.tableBurstCredit(null)).hasMessage("tableBurstCredit must not be null");
        assertThatThrownBy(() -> builder.tableBurstCredit(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tableBurstCredit must be at least 1 ms, got: PT0S");
        assertThat(ThrottlingProxy.Builder.DEFAULT_TABLE_BURST_CREDIT).isEqualTo(Duration.ofSeconds(300));
    }

    /** Puts items of 10 write units until one is throttled; returns how many went through. */
    private static int putUntilThrottled(DynamoDbClient client, String table, String prefix) {
        for (int i = 0; ; i++) {
            String id = prefix + i;
            try {
                client.putItem(b -> b.tableName(table).item(ThrottlingProxyTest.item(id, "s", 10 * 1024 - 100)));
            } catch (ProvisionedThroughputExceededException throttled) {
                return i;
            }
        }
    }
}
