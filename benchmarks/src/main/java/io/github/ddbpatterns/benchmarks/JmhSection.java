package io.github.ddbpatterns.benchmarks;

import io.github.ddbpatterns.benchmarks.jmh.CodecBenchmark;
import io.github.ddbpatterns.benchmarks.jmh.CursorCodecBenchmark;
import io.github.ddbpatterns.benchmarks.jmh.MergeBenchmark;
import io.github.ddbpatterns.benchmarks.jmh.NearCacheBenchmark;
import io.github.ddbpatterns.benchmarks.jmh.WriteBufferBenchmark;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The JMH micro-benchmarks, run from the suite's JVM with JMH's {@link Runner} (one fork each): the buffer's enqueue
 * and the session near-cache hit in sample-time mode (their p50 and p99), the 100-source merge, the key codecs and
 * the cursor codec in average-time mode. Their results become figures of the suite.
 */
final class JmhSection {

    private static final Figure.Group GROUP = Figure.Group.JMH;

    private final Figures figures;
    private final PrintStream out;
    private final boolean quick;

    JmhSection(Figures figures, PrintStream out, boolean quick) {
        this.figures = figures;
        this.out = out;
        this.quick = quick;
    }

    void run() throws Exception {
        Path requestsFile = Files.createTempFile("near-cache-requests", ".txt");
        Files.delete(requestsFile);
        int iterations = quick ? 1 : 3;
        int warmups = quick ? 1 : 2;
        TimeValue time = TimeValue.seconds(1);
        out.println("# JMH: enqueue and near-cache hit (sample time)");
        List<RunResult> sampled = new ArrayList<>();
        // 4 producers of distinct keys are left out: they outrun the flushing (one thread per flush, the buffer's lock
        // taken per call), fill the buffer to its capacity and then measure blocking, not enqueue (see the note)
        sampled.addAll(new Runner(options(warmups, iterations, time)
                        .include(Pattern.quote(WriteBufferBenchmark.class.getName()) + "\\.submitOneThread")
                        .include(Pattern.quote(NearCacheBenchmark.class.getName()) + "\\..*")
                        .mode(Mode.SampleTime)
                        .timeUnit(TimeUnit.NANOSECONDS)
                        .jvmArgsAppend("-D" + NearCacheBenchmark.REQUESTS_FILE_PROPERTY + "=" + requestsFile)
                        .build())
                .run());
        sampled.addAll(new Runner(options(warmups, iterations, time)
                        .include(Pattern.quote(WriteBufferBenchmark.class.getName()) + "\\.submitFourThreads")
                        .param("keys", "coalescing")
                        .mode(Mode.SampleTime)
                        .timeUnit(TimeUnit.NANOSECONDS)
                        .build())
                .run());
        for (RunResult r : sampled) {
            String method = r.getParams().getBenchmark();
            Result<?> primary = r.getPrimaryResult();
            double toMicros = 1.0 / 1_000; // sample time in ns/op
            double p50 = primary.getStatistics().getPercentile(50) * toMicros;
            double p99 = primary.getStatistics().getPercentile(99) * toMicros;
            String id;
            String label;
            if (method.endsWith(".hit")) {
                id = "jmh.near_cache.hit";
                label = "SessionStore.get, near-cache hit, 1 thread";
            } else {
                int threads = r.getParams().getThreads();
                String keys = r.getParams().getParam("keys");
                id = "jmh.enqueue.t" + threads + "." + keys;
                label = "WriteBuffer.submit, " + threads + (threads == 1 ? " thread" : " threads") + ", " + keys
                        + " keys";
            }
            figures.add(GROUP, id + ".p50", p50, "us", -1, label + ": p50 per call");
            figures.add(GROUP, id + ".p99", p99, "us", -1, label + ": p99 per call");
        }
        if (Files.exists(requestsFile)) {
            long requests = Long.parseLong(
                    Files.readString(requestsFile, StandardCharsets.UTF_8).trim());
            figures.add(
                    GROUP,
                    "jmh.near_cache.hit.requests",
                    requests,
                    "requests",
                    -1,
                    "requests the SessionStore's client sent while the near-cache hit benchmark ran (must be 0)");
            Files.delete(requestsFile);
        }
        out.println("# JMH: merge, codecs, cursor (average time)");
        Collection<RunResult> averaged = new Runner(options(warmups, iterations, time)
                        .include(Pattern.quote(MergeBenchmark.class.getName()) + "\\..*")
                        .include(Pattern.quote(CodecBenchmark.class.getName()) + "\\..*")
                        .include(Pattern.quote(CursorCodecBenchmark.class.getName()) + "\\..*")
                        .build())
                .run();
        for (RunResult r : averaged) {
            String benchmark = r.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            String className = benchmark.substring(0, benchmark.lastIndexOf('.'));
            String kind = className.endsWith("MergeBenchmark")
                    ? "merge"
                    : className.endsWith("CursorCodecBenchmark") ? "cursor" : "codec";
            Result<?> primary = r.getPrimaryResult();
            String unit = primary.getScoreUnit().replace("/op", "");
            figures.add(
                    GROUP,
                    "jmh." + kind + "." + snake(method) + ".avg",
                    primary.getScore(),
                    unit,
                    -1,
                    kind + " " + method + ": mean per call");
        }
        figures.note(
                GROUP,
                "JMH 1.37, one fork each, " + warmups + " warm-up and " + iterations
                        + " measured iterations of 1 s; enqueue and near-cache hit in sample-time mode (p50 / p99 of the"
                        + " sampled calls), the rest in average-time mode. Enqueue: WriteBufferBenchmark (a BatchWriter that"
                        + " completes at once; coalescing = 100 keys, distinct = a new key each call; 4 threads of distinct keys"
                        + " are not run: they outrun the buffer's flushing, fill it to capacity and measure blocking — in one"
                        + " run 1-2 ms per call in warm-up and an iteration that did not end within 5 minutes). Near-cache hit:"
                        + " SessionStore against DynamoDB Local, requests counted by an SDK interceptor.");
    }

    private static ChainedOptionsBuilder options(int warmups, int iterations, TimeValue time) {
        return new OptionsBuilder()
                .forks(1)
                .warmupIterations(warmups)
                .warmupTime(time)
                .measurementIterations(iterations)
                .measurementTime(time)
                .timeout(TimeValue.seconds(30))
                .shouldFailOnError(true);
    }

    /** {@code encode100Positions -> encode_100_positions}. */
    static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z0-9])", "$1_$2")
                .replaceAll("([0-9])([A-Za-z])", "$1_$2")
                .toLowerCase(Locale.ROOT);
    }
}
