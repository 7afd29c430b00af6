package io.github.ddbpatterns.benchmarks.jmh;

import io.github.ddbpatterns.core.fanout.CursorCodec;
import io.github.ddbpatterns.core.fanout.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Cost of a fan-out cursor over 100 sources (a 100-shard query page): 98 sources after a key (partition key,
 * numeric sort key), one not started, one exhausted.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CursorCodecBenchmark {

    private static final String FINGERPRINT = "events|user-42|newestFirst";

    private final CursorCodec codec =
            CursorCodec.withKey("benchmark-key-of-32-bytes-length".getBytes(StandardCharsets.UTF_8));
    private final List<SourcePosition> positions = positions();
    private final String cursor = codec.encode(FINGERPRINT, positions);

    private static List<SourcePosition> positions() {
        List<SourcePosition> positions = new ArrayList<>(100);
        positions.add(SourcePosition.NOT_STARTED);
        positions.add(SourcePosition.EXHAUSTED);
        for (int shard = 2; shard < 100; shard++) {
            positions.add(SourcePosition.after(Map.of(
                    "pk",
                    AttributeValue.fromS("user-42#" + shard),
                    "sk",
                    AttributeValue.fromN(Long.toString(1_732_406_400_000L + shard)))));
        }
        return positions;
    }

    @Benchmark
    public String encode100Positions() {
        return codec.encode(FINGERPRINT, positions);
    }

    @Benchmark
    public List<SourcePosition> decode100Positions() {
        return codec.decode(cursor, FINGERPRINT);
    }
}
