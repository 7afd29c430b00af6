package io.github.ddbpatterns.examples.demo;

import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalMode;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.io.PrintStream;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.regions.Region;

/**
 * What a scenario runs with: where its tables live ({@link #target}), where to print, and progress reporting.
 * Scenarios ask for a {@link DemoTarget} and never look at which backend is behind it, so the same code runs against
 * DynamoDB Local and, with {@code --endpoint}, against DynamoDB itself.
 */
public final class DemoContext {

    private final @Nullable DynamoDbLocal local;
    private final @Nullable URI endpoint;
    private final @Nullable Region region;
    private final String tablePrefix;
    private final PrintStream out;
    private final boolean terminal;

    private DemoContext(
            @Nullable DynamoDbLocal local,
            @Nullable URI endpoint,
            @Nullable Region region,
            String tablePrefix,
            PrintStream out,
            boolean terminal) {
        this.local = local;
        this.endpoint = endpoint;
        this.region = region;
        this.tablePrefix = Objects.requireNonNull(tablePrefix, "tablePrefix");
        this.out = Objects.requireNonNull(out, "out");
        this.terminal = terminal;
    }

    /**
     * Scenarios against DynamoDB Local behind the throttling proxy.
     *
     * @param local DynamoDB Local over HTTP (server or container mode)
     * @param out where to print
     * @param terminal whether {@code out} is a terminal ({@code System.console() != null})
     * @return the context
     * @throws IllegalArgumentException if {@code local} runs embedded (the proxy needs an HTTP endpoint)
     */
    public static DemoContext local(DynamoDbLocal local, PrintStream out, boolean terminal) {
        if (local.mode() == DynamoDbLocalMode.EMBEDDED) {
            throw new IllegalArgumentException("the demo needs DynamoDB Local over HTTP (the proxy sits in front of"
                    + " it), got mode: " + local.mode());
        }
        return new DemoContext(local, null, null, "demo", out, terminal);
    }

    /**
     * Scenarios against a real DynamoDB endpoint, with tables named {@code tablePrefix-<scenario>-<n>}.
     *
     * @param endpoint the endpoint
     * @param region the signing region
     * @param tablePrefix the prefix of every table created
     * @param out where to print
     * @param terminal whether {@code out} is a terminal
     * @return the context
     */
    public static DemoContext endpoint(
            URI endpoint, Region region, String tablePrefix, PrintStream out, boolean terminal) {
        return new DemoContext(
                null,
                Objects.requireNonNull(endpoint, "endpoint"),
                Objects.requireNonNull(region, "region"),
                tablePrefix,
                out,
                terminal);
    }

    /**
     * A place for one scenario's tables and requests: against DynamoDB Local a proxy with {@code limits} (and a
     * test clock); against an endpoint the endpoint itself ({@code limits} are the service's own, so they are not
     * applied). Close it when the scenario ends: its tables are deleted.
     *
     * @param scenario the scenario's name, part of its table names
     * @param limits the proxy's partitions, capacity, latency and faults, in the proxy's scale
     * @return the target
     */
    public DemoTarget target(String scenario, UnaryOperator<ThrottlingProxy.Builder> limits) {
        String prefix = tablePrefix + "-" + scenario;
        if (local != null) {
            return DemoTarget.local(local, prefix, limits);
        }
        return DemoTarget.endpoint(Objects.requireNonNull(endpoint), Objects.requireNonNull(region), prefix);
    }

    /**
     * Whether the scenarios run against a real endpoint.
     *
     * @return true with {@code --endpoint}
     */
    public boolean againstEndpoint() {
        return local == null;
    }

    /**
     * DynamoDB Local, when the scenarios run against it.
     *
     * @return DynamoDB Local, empty against an endpoint
     */
    public Optional<DynamoDbLocal> local() {
        return Optional.ofNullable(local);
    }

    /**
     * Where to print.
     *
     * @return the stream
     */
    public PrintStream out() {
        return out;
    }

    /**
     * Whether {@link #out()} is a terminal.
     *
     * @return true when progress may redraw a line in place
     */
    public boolean terminal() {
        return terminal;
    }

    /**
     * Progress of a step of {@code total} units of work; close it when the step ends.
     *
     * @param label what the step does
     * @param total the units of work (0: unknown)
     * @return the progress
     */
    public Progress progress(String label, long total) {
        return new Progress(out, label, total, terminal, System::nanoTime);
    }
}
