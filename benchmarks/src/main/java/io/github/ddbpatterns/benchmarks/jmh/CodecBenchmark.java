package io.github.ddbpatterns.benchmarks.jmh;

import io.github.ddbpatterns.core.keys.OrderedNumberCodec;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Cost of the key codecs on the write and read paths: order-preserving numbers and shard-suffixed keys. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {

    private final ShardKeyCodec shardKeys = ShardKeyCodec.ofDefaults();
    private final long number = 1_732_406_400_123L;
    private final String encodedNumber = OrderedNumberCodec.encodeAscending(number);
    private final String physicalKey = shardKeys.encode("user-42", 17);
    private final String attributeValue = "order-2026-01-01T00:00:00Z-000042";

    @Benchmark
    public String orderedNumberEncode() {
        return OrderedNumberCodec.encodeAscending(number);
    }

    @Benchmark
    public long orderedNumberDecode() {
        return OrderedNumberCodec.decodeLong(encodedNumber);
    }

    @Benchmark
    public String shardKeyEncode() {
        return shardKeys.encode("user-42", 17);
    }

    @Benchmark
    public Object shardKeyDecode() {
        return shardKeys.decode(physicalKey);
    }

    @Benchmark
    public int calculatedShard() {
        return shardKeys.calculatedShard(attributeValue, 100);
    }
}
