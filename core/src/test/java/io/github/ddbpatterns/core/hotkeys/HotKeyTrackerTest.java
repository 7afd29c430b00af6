package io.github.ddbpatterns.core.hotkeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class HotKeyTrackerTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    private HotKeyTracker.Builder tracker() {
        return HotKeyTracker.builder().clock(clock).slices(10).sliceDuration(Duration.ofSeconds(1));
    }

    @Test
    void top_whenZipfStream_findsTrueHeavyHittersWithBoundsHoldingTruth() {
        HotKeyTracker tracker = tracker().capacity(50).revealKeys(true).build();
        Random random = new Random(42);
        ZipfSampler zipf = new ZipfSampler(10_000, 1.1, random);
        Map<String, Double> truth = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            String key = "user-" + zipf.next();
            tracker.recordWrite(key, 1);
            truth.merge(key, 1.0, Double::sum);
            if (i % 20 == 19) {
                clock.advance(Duration.ofMillis(1)); // 5 s in all, inside the 10 s window
            }
        }
        double seconds = 5.0;
        List<String> trueTop = truth.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(5)
                .map(Map.Entry::getKey)
                .toList();

        List<HotKey> top = tracker.top(AccessType.WRITE, 10);

        assertThat(top).hasSize(10);
        assertThat(top.subList(0, 5)).extracting(HotKey::key).containsExactlyElementsOf(trueTop);
        for (HotKey hot : top) {
            double trueRate = truth.get(hot.key()) / seconds;
            assertThat(hot.unitsPerSecond()).isGreaterThanOrEqualTo(trueRate - 1e-9);
            assertThat(hot.guaranteedUnitsPerSecond()).isLessThanOrEqualTo(trueRate + 1e-9);
            assertThat(hot.access()).isEqualTo(AccessType.WRITE);
        }
        assertThat(top)
                .isSortedAccordingTo(
                        Comparator.comparingDouble(HotKey::unitsPerSecond).reversed());
        assertThat(tracker.totalUnitsPerSecond(AccessType.WRITE)).isCloseTo(100_000 / seconds, within(1e-6));
        assertThat(tracker.top(AccessType.READ, 10)).isEmpty();
    }

    @Test
    void top_whenWindowPasses_forgetsOldKeys() {
        HotKeyTracker tracker = tracker().revealKeys(true).build();
        tracker.recordWrite("early", 100);
        clock.advance(Duration.ofSeconds(5));
        tracker.recordWrite("later", 50);
        assertThat(tracker.top(AccessType.WRITE, 5)).extracting(HotKey::key).containsExactly("early", "later");

        clock.advance(Duration.ofSeconds(5)); // "early" slice is now 10 s old: out of the window
        assertThat(tracker.top(AccessType.WRITE, 5)).extracting(HotKey::key).containsExactly("later");

        clock.advance(Duration.ofSeconds(10));
        assertThat(tracker.top(5)).isEmpty();
        assertThat(tracker.totalUnitsPerSecond(AccessType.WRITE)).isZero();
    }

    @Test
    void top_whenSteadyRateOverWindow_reportsUnitsPerSecond() {
        HotKeyTracker tracker = tracker().revealKeys(true).build();
        tracker.recordRead("k", 300);
        assertThat(tracker.top(AccessType.READ, 1).get(0).unitsPerSecond())
                .isEqualTo(300.0); // one slice covered so far
        for (int i = 0; i < 200; i++) { // 20 s at 100 units per 100 ms
            clock.advance(Duration.ofMillis(100));
            tracker.recordRead("k", 100);
        }
        HotKey hot = tracker.top(AccessType.READ, 1).get(0);
        assertThat(hot.unitsPerSecond()).isCloseTo(1000.0, within(100.0));
        assertThat(hot.maxErrorPerSecond()).isZero();
        assertThat(hot.access()).isEqualTo(AccessType.READ);
    }

    @Test
    void top_whenReadsAndWrites_tracksThemSeparately() {
        HotKeyTracker tracker = tracker().revealKeys(true).build();
        tracker.recordWrite("w", 10);
        tracker.recordRead("r", 20);
        tracker.record("w", 0, AccessType.READ); // zero units: ignored
        assertThat(tracker.top(1))
                .extracting(HotKey::key, HotKey::access)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("w", AccessType.WRITE),
                        org.assertj.core.groups.Tuple.tuple("r", AccessType.READ));
    }

    @Test
    void top_whenKeysNotRevealed_showsSha256PrefixOnly() throws Exception {
        HotKeyTracker hashed = tracker().build();
        hashed.recordWrite("alice@example.com", 5);
        HotKey hot = hashed.top(AccessType.WRITE, 1).get(0);

        byte[] sha = MessageDigest.getInstance("SHA-256").digest("alice@example.com".getBytes(StandardCharsets.UTF_8));
        String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha, 12));
        assertThat(hot.key()).isEqualTo(expected).hasSize(16).doesNotContain("alice");
        assertThat(hot.keyHash()).isEqualTo(expected);
        assertThat(hot.toString()).doesNotContain("alice");

        HotKeyTracker salted = tracker().hashSalt("pepper").build();
        salted.recordWrite("alice@example.com", 5);
        assertThat(salted.top(AccessType.WRITE, 1).get(0).keyHash())
                .isNotEqualTo(expected)
                .hasSize(16);
    }

    @Test
    void record_whenManyThreads_losesNoUnits() throws Exception {
        HotKeyTracker tracker = tracker().capacity(1000).revealKeys(true).build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(CompletableFuture.runAsync(
                        () -> {
                            for (int i = 0; i < 25_000; i++) {
                                tracker.recordWrite("key-" + (i % 100), 1);
                            }
                        },
                        pool));
            }
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                    .get();
        } finally {
            pool.shutdown();
        }
        List<HotKey> top = tracker.top(AccessType.WRITE, 100);
        assertThat(top).hasSize(100).allSatisfy(hot -> {
            assertThat(hot.unitsPerSecond()).isEqualTo(1000.0); // 1,000 units each over one covered second
            assertThat(hot.maxErrorPerSecond()).isZero();
        });
    }

    @Test
    void builderAndRecord_whenBadInput_failNamingField() {
        assertThatThrownBy(() -> HotKeyTracker.builder().capacity(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("capacity must be between 1 and 100000");
        assertThatThrownBy(() -> HotKeyTracker.builder().slices(0)).hasMessageStartingWith("slices must");
        assertThatThrownBy(() -> HotKeyTracker.builder().sliceDuration(Duration.ofNanos(1500)))
                .hasMessageStartingWith("sliceDuration must");
        HotKeyTracker tracker = tracker().build();
        assertThatThrownBy(() -> tracker.recordWrite("k", -1))
                .hasMessageStartingWith("units must be a finite number >= 0");
        assertThatThrownBy(() -> tracker.recordWrite("k", Double.NaN)).hasMessageStartingWith("units must");
        assertThatThrownBy(() -> tracker.top(AccessType.WRITE, 0)).hasMessageStartingWith("n must be positive");
        assertThat(tracker.window()).isEqualTo(Duration.ofSeconds(10));
    }

    /** Zipf(n, s) by inverse transform over the precomputed CDF; rank 1 is the most frequent. */
    static final class ZipfSampler {
        private final double[] cdf;
        private final Random random;

        ZipfSampler(int n, double s, Random random) {
            this.random = random;
            this.cdf = new double[n];
            double sum = 0;
            for (int k = 1; k <= n; k++) {
                sum += 1.0 / Math.pow(k, s);
                cdf[k - 1] = sum;
            }
            for (int k = 0; k < n; k++) {
                cdf[k] /= sum;
            }
        }

        int next() {
            int index = Arrays.binarySearch(cdf, random.nextDouble());
            return (index >= 0 ? index : -index - 1) + 1;
        }
    }
}
