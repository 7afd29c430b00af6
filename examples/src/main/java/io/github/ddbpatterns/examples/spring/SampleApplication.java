package io.github.ddbpatterns.examples.spring;

import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalMode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The sample application of the Spring Boot starter: a small REST service on DynamoDB, with the starter's
 * {@code DdbPatterns} bean and three repositories declared as the application's own beans
 * ({@link SampleRepositories}).
 *
 * <ul>
 *   <li>{@code POST /users/{id}/clicks}, {@code GET /users/{id}/clicks?limit=&cursor=}: the clicks of a hot user on a
 *       sharded table, written through a write buffer, read newest first ({@link ClicksController});</li>
 *   <li>{@code POST /companies/{id}/telemetry}, {@code GET /companies/{id}/telemetry?from=&to=&limit=&cursor=}: a
 *       company's readings in a time series, read over the half-open range {@code [from, to)}
 *       ({@link TelemetryController});</li>
 *   <li>{@code POST /sessions}, {@code GET /sessions/{id}}: login sessions that are never returned expired
 *       ({@link SessionsController});</li>
 *   <li>{@code GET /actuator/metrics}: the library's meters, {@code ddb.patterns.*}, among the others.</li>
 * </ul>
 *
 * <p>Run it with the demo: {@code mvn -B -q -Pdemo -DskipTests -pl examples -am package
 * -Ddemo.args="--scenario spring-sample"} calls every endpoint and stops; add {@code --serve} to keep it serving on
 * port 8080 ({@code --port} to change it). {@link #main} starts it on a DynamoDB Local of its own.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
public class SampleApplication {

    /** Created by Spring. */
    public SampleApplication() {}

    /**
     * Starts the application with the profile {@code local} on a DynamoDB Local that runs already (the demo's, the
     * tests' shared one).
     *
     * @param endpoint DynamoDB Local's endpoint
     * @param properties more properties ({@code name=value}), e.g. {@code server.port=0}
     * @return the running application; closing it flushes the write buffer and stops the web server
     */
    public static ConfigurableApplicationContext runOnDynamoDbLocal(URI endpoint, String... properties) {
        List<String> all = new ArrayList<>(List.of("ddb.patterns.client.endpoint=" + endpoint));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(SampleApplication.class)
                .profiles("local")
                .properties(all.toArray(String[]::new))
                .run();
    }

    /**
     * Starts DynamoDB Local (server mode) in this JVM, then the application on it, on port 8080 unless
     * {@code --server.port=...} says otherwise; DynamoDB Local stops when the application does.
     *
     * @param args Spring Boot's command line, e.g. {@code --server.port=9090}
     */
    public static void main(String[] args) {
        DynamoDbLocal local = DynamoDbLocal.start(DynamoDbLocalMode.SERVER);
        new SpringApplicationBuilder(SampleApplication.class)
                .profiles("local")
                .properties("ddb.patterns.client.endpoint=" + local.endpoint())
                .initializers(context -> ((GenericApplicationContext) context)
                        .registerBean( // created first, so closed last: after the write buffer's flush
                                "dynamoDbLocal",
                                DynamoDbLocal.class,
                                () -> local,
                                definition -> definition.setDestroyMethodName("close")))
                .run(args);
    }
}
