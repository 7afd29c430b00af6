package io.github.ddbpatterns.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Runs contenders in rounds, each contender once per round in rotating order, so load from elsewhere on the
 * machine (and JIT or GC phases) hits all of them alike; reports each contender's median wall time and mean
 * process CPU time per run.
 *
 * <pre>{@code
 * List<Measurement> rows = new InterleavedRounds()
 *         .add("library", () -> table.query(...).join())
 *         .add("sequential loop", 1, () -> loop())      // slow: measured in one round only
 *         .run(3, 15);
 * }</pre>
 */
final class InterleavedRounds {

    private final Map<String, Callable<?>> contenders = new LinkedHashMap<>();
    private final Map<String, Integer> maxRuns = new HashMap<>();

    /** Adds a contender measured in every round. */
    InterleavedRounds add(String name, Callable<?> body) {
        contenders.put(name, body);
        return this;
    }

    /** Adds a slow contender warmed up once and measured only in the first {@code runs} rounds. */
    InterleavedRounds add(String name, int runs, Callable<?> body) {
        maxRuns.put(name, runs);
        return add(name, body);
    }

    /** Runs {@code warmupRounds} unmeasured rounds, then {@code rounds} measured ones. */
    List<Measurement> run(int warmupRounds, int rounds) throws Exception {
        List<String> names = new ArrayList<>(contenders.keySet());
        for (int round = 0; round < warmupRounds; round++) {
            for (String name : names) {
                if (!maxRuns.containsKey(name) || round == 0) {
                    contenders.get(name).call();
                }
            }
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, List<Double>> wall = new LinkedHashMap<>();
        Map<String, Double> cpu = new HashMap<>();
        names.forEach(name -> wall.put(name, new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((round + k) % names.size());
                if (round >= maxRuns.getOrDefault(name, Integer.MAX_VALUE)) {
                    continue;
                }
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                contenders.get(name).call();
                wall.get(name).add((System.nanoTime() - t0) / 1e6);
                cpu.merge(name, (os.getProcessCpuTime() - cpu0) / 1e6, Double::sum);
            }
        }
        List<Measurement> out = new ArrayList<>();
        wall.forEach((name, samples) -> out.add(Measurement.fromSamples(name, samples, cpu.get(name))));
        return out;
    }
}
