package io.github.ddbpatterns.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.batch.Row;
import io.github.ddbpatterns.core.internal.DecoratedClients;
import io.github.ddbpatterns.core.testsupport.ProxiedDynamoDb;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.TestTables;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/** A decorated client sends exactly the policy's attempts, counted by the proxy, whatever the SDK's own retries. */
@DynamoDbLocalTest
class DecoratedClientTest {

    static final TableSchema<Row> SCHEMA = TableSchema.fromBean(Row.class);

    private static Map<String, AttributeValue> item(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    @Test
    void decorate_whenEveryPutIsThrottled_sendsPolicyAttemptsNotSdkTimesPolicy(TestTables tables) {
        String table = tables.create(SCHEMA);
        try (ProxiedDynamoDb db =
                        ProxiedDynamoDb.start(p -> p.faults(FaultPlan.throttle().onOperation("PutItem")));
                DynamoDbAsyncClient sdkDefaults =
                        db.proxy().clients().asyncBuilder().build()) {
            DynamoDbAsyncClient resilient = ProxiedDynamoDb.fastPolicy(3).decorate(sdkDefaults);

            assertThatThrownBy(() -> resilient
                            .putItem(b -> b.tableName(table).item(item("a", "1")))
                            .join())
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(ProvisionedThroughputExceededException.class);

            // the SDK's default strategy would make up to 9 attempts per policy attempt: 27 requests
            assertThat(db.proxy().stats().requests("PutItem")).isEqualTo(3);
            assertThat(db.proxy().stats().throttled("PutItem")).isEqualTo(3);
        }
    }

    @Test
    void decorate_whenTwoServerErrorsPrecedeSuccess_succeedsOnTheThirdRequest(TestTables tables) {
        String table = tables.create(SCHEMA);
        try (ProxiedDynamoDb db = ProxiedDynamoDb.start(p -> p.faults(
                        FaultPlan.internalServerError().atRequests(1, 2).onOperation("PutItem")));
                DynamoDbAsyncClient sdkDefaults =
                        db.proxy().clients().asyncBuilder().build()) {
            DynamoDbAsyncClient resilient = ProxiedDynamoDb.fastPolicy(3).decorate(sdkDefaults);

            resilient.putItem(b -> b.tableName(table).item(item("a", "1"))).join();

            assertThat(db.proxy().stats().requests("PutItem")).isEqualTo(3);
            assertThat(db.proxy().stats().forwarded("PutItem")).isEqualTo(1);
        }
    }

    @Test
    void decorate_whenAttemptsRunOut_failsWithTheLastError(TestTables tables) {
        String table = tables.create(SCHEMA);
        try (ProxiedDynamoDb db = ProxiedDynamoDb.start(
                p -> p.faults(FaultPlan.internalServerError().onOperation("GetItem")))) {
            DynamoDbAsyncClient resilient = ProxiedDynamoDb.fastPolicy(4).decorate(db.client());

            assertThatThrownBy(() -> resilient
                            .getItem(b -> b.tableName(table).key(item("a", "1")))
                            .join())
                    .cause()
                    .isInstanceOf(InternalServerErrorException.class);
            assertThat(db.proxy().stats().requests("GetItem")).isEqualTo(4);
        }
    }

    @Test
    void enhancedClientOnDecoratedClient_retriesEachQueryPage(TestTables tables) {
        String table = tables.create(SCHEMA);
        try (ProxiedDynamoDb db = ProxiedDynamoDb.start(
                p -> p.faults(FaultPlan.throttle().atRequests(1, 2).onOperation("Query")))) {
            DynamoDbEnhancedAsyncClient enhanced = DynamoDbEnhancedAsyncClient.builder()
                    .dynamoDbClient(ProxiedDynamoDb.fastPolicy(3).decorate(db.client()))
                    .build();
            DynamoDbAsyncTable<Row> rows = enhanced.table(table, SCHEMA);
            rows.putItem(new Row("a", "1", "x")).join();

            List<Row> found = new CopyOnWriteArrayList<>();
            rows.query(QueryConditional.keyEqualTo(k -> k.partitionValue("a")))
                    .items()
                    .subscribe(found::add)
                    .join();

            assertThat(found).extracting(Row::getSk).containsExactly("1");
            assertThat(db.proxy().stats().requests("Query")).isEqualTo(3);
            assertThat(db.proxy().stats().forwarded("Query")).isEqualTo(1);
        }
    }

    @Test
    void decorate_aDecoratedClient_replacesThePolicyInsteadOfStackingIt(TestTables tables) {
        String table = tables.create(SCHEMA);
        try (ProxiedDynamoDb db =
                ProxiedDynamoDb.start(p -> p.faults(FaultPlan.throttle().onOperation("PutItem")))) {
            DynamoDbAsyncClient once = ProxiedDynamoDb.fastPolicy(3).decorate(db.client());
            DynamoDbAsyncClient twice = ProxiedDynamoDb.fastPolicy(2).decorate(once);

            assertThatThrownBy(() -> twice.putItem(b -> b.tableName(table).item(item("a", "1")))
                            .join())
                    .cause()
                    .isInstanceOf(ProvisionedThroughputExceededException.class);

            assertThat(db.proxy().stats().requests("PutItem")).isEqualTo(2);
            assertThat(DecoratedClients.undecorated(twice)).isSameAs(db.client());
        }
    }

    @Test
    void anIncrement_isRetriedOnThrottlesButNotAfterAServerErrorThatMayHaveAppliedIt(TestTables tables) {
        String table = tables.create(SCHEMA);
        try (ProxiedDynamoDb db = ProxiedDynamoDb.start(p -> p.faults(
                FaultPlan.throttle().atRequests(1).onOperation("UpdateItem"),
                FaultPlan.internalServerError().atRequests(3).onOperation("UpdateItem")))) {
            DynamoDbAsyncClient resilient = ProxiedDynamoDb.fastPolicy(3).decorate(db.client());
            java.util.function.Supplier<java.util.concurrent.CompletableFuture<?>> increment =
                    () -> resilient.updateItem(b -> b.tableName(table)
                            .key(item("a", "1"))
                            .updateExpression("ADD hits :one")
                            .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));

            increment.get().join(); // request 1 throttled (never applied), request 2 applied

            assertThatThrownBy(() -> increment.get().join()) // request 3: a 500, perhaps applied: not sent again
                    .cause()
                    .isInstanceOf(InternalServerErrorException.class);
            assertThat(db.proxy().stats().requests("UpdateItem")).isEqualTo(3);
        }
    }

    @Test
    void aTransaction_carriesTheSameIdempotencyTokenOnEveryAttempt(TestTables tables) {
        String table = tables.create(SCHEMA);
        List<String> tokens = new CopyOnWriteArrayList<>();
        ExecutionInterceptor tokenRecorder = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (context.request() instanceof TransactWriteItemsRequest transaction) {
                    tokens.add(transaction.clientRequestToken());
                }
            }
        };
        try (ProxiedDynamoDb db = ProxiedDynamoDb.start(p ->
                        p.faults(FaultPlan.internalServerError().atRequests(1).onOperation("TransactWriteItems")));
                DynamoDbAsyncClient client = SdkRetryAlignment.configure(db.proxy()
                                .clients()
                                .asyncBuilder()
                                .overrideConfiguration(o -> o.addExecutionInterceptor(tokenRecorder)))
                        .build()) {
            DynamoDbAsyncClient resilient = ProxiedDynamoDb.fastPolicy(3).decorate(client);

            resilient
                    .transactWriteItems(b ->
                            b.transactItems(t -> t.put(p -> p.tableName(table).item(item("a", "1")))))
                    .join();

            assertThat(tokens).hasSize(2).doesNotContainNull();
            assertThat(tokens.get(1)).isEqualTo(tokens.get(0));
        }
    }

    @Test
    void waiter_ofADecoratedClient_pollsThroughThePolicy(TestTables tables) {
        String table = tables.create(SCHEMA);
        try (ProxiedDynamoDb db = ProxiedDynamoDb.start(
                p -> p.faults(FaultPlan.throttle().atRequests(1).onOperation("DescribeTable")))) {
            DynamoDbAsyncClient resilient = ProxiedDynamoDb.fastPolicy(3).decorate(db.client());

            // the client makes one SDK attempt: a waiter built on it directly would stop at the throttle
            assertThat(resilient
                            .waiter()
                            .waitUntilTableExists(b -> b.tableName(table))
                            .join()
                            .matched()
                            .response())
                    .isPresent();
            assertThat(db.proxy().stats().requests("DescribeTable")).isEqualTo(2);
        }
    }

    @Test
    void decoratedClient_passesOtherMethodsThrough(TestTables tables) {
        try (ProxiedDynamoDb db = ProxiedDynamoDb.start()) {
            DynamoDbAsyncClient resilient = ResiliencePolicy.ofDefaults().decorate(db.client());

            assertThat(resilient.serviceName()).isEqualTo(db.client().serviceName());
            assertThat(resilient.listTables().join().tableNames()).isNotNull();
            assertThat(resilient.toString()).contains("Resilient");
            assertThat(resilient).isEqualTo(resilient).isNotEqualTo(db.client());
        }
    }
}
