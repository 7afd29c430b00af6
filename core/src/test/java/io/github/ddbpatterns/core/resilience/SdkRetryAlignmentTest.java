package io.github.ddbpatterns.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.LocalClients;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

@DynamoDbLocalTest
class SdkRetryAlignmentTest {

    /** Records the SDK's {@code amz-sdk-request} header of every HTTP attempt. */
    static final class AttemptHeaders implements ExecutionInterceptor {
        final List<String> values = new CopyOnWriteArrayList<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            context.httpRequest().firstMatchingHeader("amz-sdk-request").ifPresent(values::add);
        }
    }

    @Test
    void configure_setsOneSdkAttemptAndKeepsOtherOverrides(LocalClients clients) {
        AttemptHeaders headers = new AttemptHeaders();
        try (DynamoDbAsyncClient client = SdkRetryAlignment.configure(
                        clients.asyncBuilder().overrideConfiguration(o -> o.addExecutionInterceptor(headers)))
                .build()) {
            client.listTables().join();
        }
        assertThat(headers.values).containsExactly("attempt=1; max=1");
    }

    @Test
    void configure_withSdkAttempts_setsThem(LocalClients clients) {
        AttemptHeaders headers = new AttemptHeaders();
        try (DynamoDbAsyncClient client = SdkRetryAlignment.configure(
                        clients.asyncBuilder().overrideConfiguration(o -> o.addExecutionInterceptor(headers)), 2)
                .build()) {
            client.listTables().join();
        }
        assertThat(headers.values).containsExactly("attempt=1; max=2");
    }

    @Test
    void defaultClient_makesUpToNineAttempts(LocalClients clients) {
        AttemptHeaders headers = new AttemptHeaders();
        try (DynamoDbAsyncClient client = clients.asyncBuilder()
                .overrideConfiguration(o -> o.addExecutionInterceptor(headers))
                .build()) {
            client.listTables().join();
        }
        assertThat(headers.values).containsExactly("attempt=1; max=9");
    }
}
