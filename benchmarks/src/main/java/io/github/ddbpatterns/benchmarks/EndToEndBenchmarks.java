package io.github.ddbpatterns.benchmarks;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * End-to-end benchmarks through the latency proxy, each comparing the library with naive baselines in one run.
 *
 * <pre>
 * mvn -B -q -Pe2e -DskipTests -pl benchmarks -am package -De2e.args="batch-write --items 2000"
 * </pre>
 */
@Command(
        name = "e2e",
        mixinStandardHelpOptions = true,
        description = "End-to-end benchmarks against DynamoDB Local behind a latency proxy.",
        subcommands = {
            BatchWriteBenchmark.class,
            ShardedQueryBenchmark.class,
            TimeSeriesBenchmark.class,
        })
public final class EndToEndBenchmarks implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EndToEndBenchmarks()).execute(args));
    }
}
