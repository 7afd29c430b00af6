package io.github.ddbpatterns.examples.readme;

import io.github.ddbpatterns.capacity.CapacitySimulator;
import io.github.ddbpatterns.capacity.ConsumedCapacityRecorder;
import io.github.ddbpatterns.capacity.SimulationReport;
import io.github.ddbpatterns.capacity.Strategy;
import io.github.ddbpatterns.capacity.TrafficProfile;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/** The README's capacity section: record what a running application consumes, then plan its capacity. */
public final class CapacityExample {

    private CapacityExample() {}

    /**
     * Records what {@code application} consumes on {@code tableName}, then compares three capacity strategies for
     * that traffic.
     *
     * @param tableName the table the application uses
     * @param application the application's work, given the recording client
     * @return the comparison
     */
    public static SimulationReport run(String tableName, Consumer<DynamoDbAsyncClient> application) {
        // tag::recorder[]
        ConsumedCapacityRecorder recorder = ConsumedCapacityRecorder.builder()
                .sampleRate(0.1) // asks DynamoDB on 1 request in 10 and counts each answer 10 times
                .window(Duration.ofDays(1)) // keeps the last day, second by second (2 MB a table or index)
                .build();
        DynamoDbAsyncClient dynamoDb = DynamoDbAsyncClient.builder()
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder))
                .build();
        // end::recorder[]
        try (dynamoDb) {
            application.accept(dynamoDb);
            // tag::plan[]
            TrafficProfile recorded = recorder.profile(tableName); // the units DynamoDB charged, per second
            SimulationReport report = CapacitySimulator.ofDefaults()
                    .simulate(
                            recorded,
                            List.of(
                                    Strategy.onDemand(),
                                    Strategy.provisioned(100, 100),
                                    Strategy.autoScaling(10, 1_000)));
            System.out.println(report.table());
            System.out.println(report.recommend().reason());
            // end::plan[]
            return report;
        }
    }
}
