package io.github.ddbpatterns.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.Row;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.batch.WriteOutcome;
import io.github.ddbpatterns.core.fanout.CursorCodec;
import io.github.ddbpatterns.core.internal.DecoratedClients;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.core.testsupport.ProxiedDynamoDb;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.TestTables;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

@DynamoDbLocalTest
class PatternsContextTest {

    private static WriteOp put(String table, String pk) {
        Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("1"));
        return WriteOp.put(table, item, item);
    }

    @Test
    void build_withoutClient_namesTheMissingField() {
        assertThatThrownBy(() -> PatternsContext.builder().build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dynamoDbClient must be set");
    }

    @Test
    void build_withOnlyAClient_usesTheDocumentedDefaults() {
        try (ProxiedDynamoDb db = ProxiedDynamoDb.start()) {
            PatternsContext context =
                    PatternsContext.builder().dynamoDbClient(db.client()).build();

            assertThat(context.resilience().maxAttempts()).isEqualTo(ResiliencePolicy.DEFAULT_MAX_ATTEMPTS);
            assertThat(context.cursorCodec()).isSameAs(CursorCodec.perJvm());
            assertThat(context.clock()).isEqualTo(Clock.systemUTC());
            assertThat(context.executor()).isEmpty();
            assertThat(context.checkTables()).isTrue();
            assertThat(context.undecoratedClient()).isSameAs(db.client());
            assertThat(DecoratedClients.policyOf(context.dynamoDbClient())).containsSame(context.resilience());
        }
    }

    @Test
    void build_fromADecoratedClient_decoratesTheClientUnderIt() {
        try (ProxiedDynamoDb db = ProxiedDynamoDb.start()) {
            DynamoDbAsyncClient decorated = ResiliencePolicy.ofDefaults().decorate(db.client());

            PatternsContext context =
                    PatternsContext.builder().dynamoDbClient(decorated).build();

            assertThat(context.undecoratedClient()).isSameAs(db.client());
        }
    }

    @Test
    void batchWriter_fromContext_sendsThePolicyAttemptsOnceWhateverTheSdkRetries(TestTables tables) {
        String table = tables.create(TableSchema.fromBean(Row.class));
        try (ProxiedDynamoDb db =
                        ProxiedDynamoDb.start(p -> p.faults(FaultPlan.throttle().onOperation("BatchWriteItem")));
                DynamoDbAsyncClient sdkDefaults =
                        db.proxy().clients().asyncBuilder().build()) {
            PatternsContext context = PatternsContext.builder()
                    .dynamoDbClient(sdkDefaults)
                    .resilience(ProxiedDynamoDb.fastPolicy(3))
                    .build();

            BatchWriteResult result = context.batchWriter()
                    .build()
                    .write(List.of(put(table, "a")))
                    .join();

            assertThat(result.failed())
                    .singleElement()
                    .extracting(WriteOutcome.Failed::cause)
                    .isInstanceOf(ProvisionedThroughputExceededException.class);
            assertThat(db.proxy().stats().requests("BatchWriteItem")).isEqualTo(3);
        }
    }

    @Test
    void componentBuilder_overridingASetting_changesThatComponentOnly(TestTables tables) {
        String table = tables.create(TableSchema.fromBean(Row.class));
        try (ProxiedDynamoDb db =
                ProxiedDynamoDb.start(p -> p.faults(FaultPlan.throttle().onOperation("BatchWriteItem")))) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            PatternsContext context = PatternsContext.builder()
                    .dynamoDbClient(db.client())
                    .resilience(ProxiedDynamoDb.fastPolicy(4))
                    .meterRegistry(registry)
                    .build();

            context.batchWriter()
                    .resilience(ProxiedDynamoDb.fastPolicy(2))
                    .build()
                    .write(List.of(put(table, "a")))
                    .join();

            assertThat(db.proxy().stats().requests("BatchWriteItem")).isEqualTo(2);
            assertThat(context.resilience().maxAttempts()).isEqualTo(4);
            assertThat(context.toBuilder().build()).isSameAs(context);
            assertThat(registry.find("ddb.patterns.batch.requests").meters()).isNotEmpty();
        }
    }

    @Test
    void sharedSettings_rejectBadValuesNamingTheField() {
        PatternsContext.Builder builder = PatternsContext.builder();

        assertThatThrownBy(() -> builder.dynamoDbClient(null)).hasMessageContaining("dynamoDbClient");
        assertThatThrownBy(() -> builder.resilience(null)).hasMessageContaining("resilience");
        assertThatThrownBy(() -> builder.meterRegistry(null)).hasMessageContaining("meterRegistry");
        assertThatThrownBy(() -> builder.cursorCodec(null)).hasMessageContaining("cursorCodec");
        assertThatThrownBy(() -> builder.clock(null)).hasMessageContaining("clock");
        assertThatThrownBy(() -> builder.executor(null)).hasMessageContaining("executor");
    }
}
