package io.github.ddbpatterns.benchmarks.jmh;

import io.github.ddbpatterns.core.resilience.SdkRetryAlignment;
import io.github.ddbpatterns.sessions.Session;
import io.github.ddbpatterns.sessions.SessionStore;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * A near-cache hit of {@link SessionStore#get}: a live session created by this store (which caches it), read again
 * and again. The store runs against DynamoDB Local through a client that counts every request it sends; the
 * requests sent while the benchmark ran (they must be 0) are written to the file named by the system property
 * {@value #REQUESTS_FILE_PROPERTY}, when set, and printed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NearCacheBenchmark {

    /** System property naming the file that receives the requests sent during the benchmark. */
    public static final String REQUESTS_FILE_PROPERTY = "bench.nearcache.requests.file";

    private final AtomicLong requests = new AtomicLong();
    private DynamoDbLocal local;
    private DynamoDbAsyncClient client;
    private SessionStore store;
    private String id;
    private long requestsAtStart;

    @Setup(Level.Trial)
    public void start() {
        local = DynamoDbLocal.start(DynamoDbLocalMode.SERVER);
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                requests.incrementAndGet();
            }
        };
        var builder = local.clients().asyncBuilder();
        builder.overrideConfiguration(c -> c.addExecutionInterceptor(counter));
        client = SdkRetryAlignment.configure(builder).build();
        store = SessionStore.builder()
                .dynamoDbClient(client)
                .tableName("near-cache-bench")
                .build();
        store.createTable().join();
        Session session = store.create("user-42", Map.of("role", "admin")).join();
        id = session.id();
        if (store.get(id).join().isEmpty()) {
            throw new IllegalStateException("the session just created is not found");
        }
        requestsAtStart = requests.get();
        if (requestsAtStart == 0) {
            throw new IllegalStateException("the request counter saw no request: it counts nothing");
        }
    }

    @Benchmark
    public Optional<Session> hit() {
        return store.get(id).join();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        long during = requests.get() - requestsAtStart;
        System.out.println("near-cache hit benchmark: " + during + " requests sent while measuring");
        String file = System.getProperty(REQUESTS_FILE_PROPERTY);
        if (file != null) {
            Files.writeString(Path.of(file), Long.toString(during), StandardCharsets.UTF_8);
        }
        client.close();
        local.close();
    }
}
