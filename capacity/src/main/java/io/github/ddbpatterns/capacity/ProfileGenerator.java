package io.github.ddbpatterns.capacity;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.capacity.ReadConsistency;
import io.github.ddbpatterns.core.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Generates a synthetic {@link TrafficProfile}: a baseline rate, optionally shaped by a daily curve, with spikes
 * on top (during a spike the rate is the spike's rate when that is higher).
 *
 * <p>The daily curve multiplies the baseline by {@code 1 + amplitude * cos(2π (t - peak) / 1 day)}: with
 * amplitude 0.5 and peak 14:00 the baseline runs from 50 % at 02:00 UTC to 150 % at 14:00 UTC.
 *
 * <p>The same settings can be given as text, see {@link #parse(String)}:
 * {@code duration=1d,writes=100,writeKb=1,spike=10000x120s@10:00,spike=10000x120s@20:00,curve=0.5@14}.
 *
 * <p>Not thread-safe; {@link #build()} may be called more than once.
 */
public final class ProfileGenerator {

    private int seconds = 86_400;
    private double baselineReads;
    private double baselineWrites;
    private double readKb = TrafficProfile.DEFAULT_READ_KB;
    private double writeKb = TrafficProfile.DEFAULT_WRITE_KB;
    private ReadConsistency readConsistency = ReadConsistency.EVENTUAL;
    private double curveAmplitude;
    private double curvePeakHour;
    private final List<Spike> readSpikes = new ArrayList<>();
    private final List<Spike> writeSpikes = new ArrayList<>();
    private double[] keyShares = {};

    ProfileGenerator() {}

    /**
     * Parses a generator from {@code key=value} pairs separated by commas. Keys: {@code duration} ({@code 86400},
     * {@code 90m}, {@code 24h}, {@code 1d}), {@code writes} (or {@code baseline}) and {@code reads} (requests per
     * second), {@code writeKb}, {@code readKb}, {@code consistency} ({@code eventual}, {@code strong},
     * {@code transactional}), {@code spike} (writes) and {@code readSpike} as {@code RATExDURATION@START[/EVERY]}
     * (for example {@code 10000x120s@36000} or {@code 10000x2m@10:00/1d}), {@code curve} as
     * {@code AMPLITUDE@PEAK_HOUR} (for example {@code 0.5@14}), {@code hotKey} (the share of the traffic going to one
     * partition key, {@code 0.3}) or {@code keyShares} (one share per hot key, separated by {@code /}:
     * {@code 0.3/0.1}), see {@link TrafficProfile#withKeyShares(double...)}.
     *
     * @param spec the settings
     * @return a generator holding them
     * @throws InvalidInputException naming the key and value of the first bad setting
     */
    public static ProfileGenerator parse(String spec) {
        Checks.notNull("spec", spec);
        ProfileGenerator generator = new ProfileGenerator();
        for (String pair : spec.split(",")) {
            String item = pair.strip();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw InvalidInputException.of("spec", item, "be key=value pairs separated by commas");
            }
            String key = item.substring(0, eq).strip();
            String value = item.substring(eq + 1).strip();
            switch (key) {
                case "duration" -> generator.duration(Duration.ofSeconds(durationSeconds(key, value)));
                case "writes", "baseline" ->
                    generator.baselineWrites(TrafficProfile.checkRate(key, number(key, value)));
                case "reads" -> generator.baselineReads(TrafficProfile.checkRate(key, number(key, value)));
                case "writeKb" -> generator.writeKb(number(key, value));
                case "readKb" -> generator.readKb(number(key, value));
                case "consistency" -> generator.readConsistency(consistency(value));
                case "spike" -> generator.writeSpikes.add(spike(key, value));
                case "readSpike" -> generator.readSpikes.add(spike(key, value));
                case "hotKey" -> generator.keyShares(share(key, value));
                case "keyShares" -> {
                    String[] parts = value.split("/");
                    double[] shares = new double[parts.length];
                    for (int i = 0; i < parts.length; i++) {
                        shares[i] = share(key, parts[i]);
                    }
                    generator.keyShares(shares);
                }
                case "curve" -> {
                    int at = value.indexOf('@');
                    if (at < 0) {
                        throw InvalidInputException.of(key, value, "be AMPLITUDE@PEAK_HOUR, e.g. 0.5@14");
                    }
                    generator.dailyCurve(number(key, value.substring(0, at)), number(key, value.substring(at + 1)));
                }
                default ->
                    throw InvalidInputException.of(
                            "spec key",
                            key,
                            "be one of duration, writes, baseline, reads, writeKb, readKb, consistency, spike, readSpike,"
                                    + " curve, hotKey, keyShares");
            }
        }
        return generator;
    }

    /**
     * Sets the length of the profile (one day by default).
     *
     * @param duration whole seconds, 1 s to 31 days
     * @return this generator
     * @throws InvalidInputException if out of range
     */
    public ProfileGenerator duration(Duration duration) {
        Checks.positive("duration", duration);
        if (duration.getNano() != 0 || duration.toSeconds() > TrafficProfile.MAX_SECONDS) {
            throw InvalidInputException.of("duration", duration, "be whole seconds, at most 31 days");
        }
        this.seconds = (int) duration.toSeconds();
        return this;
    }

    /**
     * Sets the baseline write rate.
     *
     * @param writesPerSecond requests per second
     * @return this generator
     * @throws InvalidInputException if negative or not finite
     */
    public ProfileGenerator baselineWrites(double writesPerSecond) {
        this.baselineWrites = TrafficProfile.checkRate("writes", writesPerSecond);
        return this;
    }

    /**
     * Sets the baseline read rate.
     *
     * @param readsPerSecond requests per second
     * @return this generator
     * @throws InvalidInputException if negative or not finite
     */
    public ProfileGenerator baselineReads(double readsPerSecond) {
        this.baselineReads = TrafficProfile.checkRate("reads", readsPerSecond);
        return this;
    }

    /**
     * Sets the size of written items.
     *
     * @param kb in (0, 400]
     * @return this generator
     * @throws InvalidInputException if out of range
     */
    public ProfileGenerator writeKb(double kb) {
        this.writeKb = TrafficProfile.checkKb("writeKb", kb);
        return this;
    }

    /**
     * Sets the size of read items.
     *
     * @param kb in (0, 400]
     * @return this generator
     * @throws InvalidInputException if out of range
     */
    public ProfileGenerator readKb(double kb) {
        this.readKb = TrafficProfile.checkKb("readKb", kb);
        return this;
    }

    /**
     * Sets how reads are made.
     *
     * @param consistency the consistency
     * @return this generator
     * @throws InvalidInputException if null
     */
    public ProfileGenerator readConsistency(ReadConsistency consistency) {
        this.readConsistency = Checks.notNull("readConsistency", consistency);
        return this;
    }

    /**
     * Shapes the baselines by a daily cosine curve.
     *
     * @param amplitude in [0, 1]
     * @param peakHourUtc hour of the peak, in [0, 24)
     * @return this generator
     * @throws InvalidInputException if out of range
     */
    public ProfileGenerator dailyCurve(double amplitude, double peakHourUtc) {
        if (!(amplitude >= 0 && amplitude <= 1)) {
            throw InvalidInputException.of("curve amplitude", amplitude, "be in [0, 1]");
        }
        if (!(peakHourUtc >= 0 && peakHourUtc < 24)) {
            throw InvalidInputException.of("curve peak hour", peakHourUtc, "be in [0, 24)");
        }
        this.curveAmplitude = amplitude;
        this.curvePeakHour = peakHourUtc;
        return this;
    }

    /**
     * Adds a single write spike.
     *
     * @param rate writes per second during the spike
     * @param duration how long, whole seconds
     * @param startSecond when, from the start of the profile
     * @return this generator
     * @throws InvalidInputException if a value is out of range
     */
    public ProfileGenerator writeSpike(double rate, Duration duration, int startSecond) {
        writeSpikes.add(new Spike(rate, spikeSeconds(duration), startSecond, 0));
        return this;
    }

    /**
     * Adds a single read spike.
     *
     * @param rate reads per second during the spike
     * @param duration how long, whole seconds
     * @param startSecond when, from the start of the profile
     * @return this generator
     * @throws InvalidInputException if a value is out of range
     */
    public ProfileGenerator readSpike(double rate, Duration duration, int startSecond) {
        readSpikes.add(new Spike(rate, spikeSeconds(duration), startSecond, 0));
        return this;
    }

    /**
     * Adds a write spike (repeating when its {@link Spike#everySeconds()} is positive).
     *
     * @param spike the spike
     * @return this generator
     * @throws InvalidInputException if null
     */
    public ProfileGenerator writeSpike(Spike spike) {
        writeSpikes.add(Checks.notNull("spike", spike));
        return this;
    }

    /**
     * Adds a read spike (repeating when its {@link Spike#everySeconds()} is positive).
     *
     * @param spike the spike
     * @return this generator
     * @throws InvalidInputException if null
     */
    public ProfileGenerator readSpike(Spike spike) {
        readSpikes.add(Checks.notNull("spike", spike));
        return this;
    }

    /**
     * The write spikes added so far (for example to schedule scaling around them).
     *
     * @return an unmodifiable copy
     */
    public List<Spike> writeSpikes() {
        return List.copyOf(writeSpikes);
    }

    /**
     * Sends these shares of the traffic to single partition keys (see {@link TrafficProfile#withKeyShares(double...)}).
     *
     * @param shares fractions in (0, 1], adding up to at most 1
     * @return this generator
     * @throws InvalidInputException if a share is out of range or they add up to more than 1
     */
    public ProfileGenerator keyShares(double... shares) {
        this.keyShares = TrafficProfile.checkKeyShares(shares);
        return this;
    }

    /**
     * Generates the profile.
     *
     * @return the profile
     */
    public TrafficProfile build() {
        TrafficProfile.Builder builder = TrafficProfile.builder(seconds).itemKb(readKb, writeKb);
        builder.readConsistency(readConsistency).keyShares(keyShares);
        double peakSecond = curvePeakHour * 3600;
        for (int s = 0; s < seconds; s++) {
            double factor = curveAmplitude == 0
                    ? 1
                    : 1 + curveAmplitude * Math.cos(2 * Math.PI * ((s % 86_400) - peakSecond) / 86_400);
            double reads = baselineReads * factor;
            double writes = baselineWrites * factor;
            for (Spike spike : readSpikes) {
                if (spike.covers(s)) {
                    reads = Math.max(reads, spike.rate());
                }
            }
            for (Spike spike : writeSpikes) {
                if (spike.covers(s)) {
                    writes = Math.max(writes, spike.rate());
                }
            }
            builder.rates(s, reads, writes);
        }
        return builder.build();
    }

    private static int spikeSeconds(Duration duration) {
        Checks.positive("spike duration", duration);
        if (duration.getNano() != 0 || duration.toSeconds() > TrafficProfile.MAX_SECONDS) {
            throw InvalidInputException.of("spike duration", duration, "be whole seconds, at most 31 days");
        }
        return (int) duration.toSeconds();
    }

    private static Spike spike(String key, String value) {
        // RATExDURATION@START[/EVERY]
        int x = value.indexOf('x');
        int at = value.indexOf('@');
        if (x <= 0 || at < x) {
            throw InvalidInputException.of(key, value, "be RATExDURATION@START[/EVERY], e.g. 10000x120s@36000");
        }
        int slash = value.indexOf('/', at);
        double rate = number(key, value.substring(0, x));
        long duration = durationSeconds(key, value.substring(x + 1, at));
        long start = timeOfDay(key, value.substring(at + 1, slash < 0 ? value.length() : slash));
        long every = slash < 0 ? 0 : durationSeconds(key, value.substring(slash + 1));
        if (start >= TrafficProfile.MAX_SECONDS || every >= TrafficProfile.MAX_SECONDS) {
            throw InvalidInputException.of(key, value, "start and repeat within 31 days");
        }
        return new Spike(rate, (int) duration, (int) start, (int) every);
    }

    private static double share(String key, String text) {
        double value = number(key, text);
        if (!(value > 0 && value <= 1)) {
            throw InvalidInputException.of(key, text, "be a share of the traffic in (0, 1], e.g. 0.3");
        }
        return value;
    }

    private static double number(String key, String text) {
        try {
            double value = Double.parseDouble(text.strip());
            if (!Double.isFinite(value)) {
                throw InvalidInputException.of(key, text, "be a finite number");
            }
            return value;
        } catch (NumberFormatException e) {
            throw InvalidInputException.of(key, text, "be a number", e);
        }
    }

    private static long durationSeconds(String key, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("s")) {
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unit = 60;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            unit = 3600;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("d")) {
            unit = 86_400;
            t = t.substring(0, t.length() - 1);
        }
        try {
            long value = Long.parseLong(t) * unit;
            if (value <= 0 || value > TrafficProfile.MAX_SECONDS) {
                throw InvalidInputException.of(key, text, "be a positive duration of at most 31 days");
            }
            return value;
        } catch (NumberFormatException e) {
            throw InvalidInputException.of(key, text, "be a duration such as 120, 120s, 2m, 1h or 1d", e);
        }
    }

    private static long timeOfDay(String key, String text) {
        String t = text.strip();
        if (!t.contains(":")) {
            try {
                long value = Long.parseLong(t);
                if (value < 0) {
                    throw InvalidInputException.of(key, text, "start at second 0 or later");
                }
                return value;
            } catch (NumberFormatException e) {
                throw InvalidInputException.of(key, text, "start at a second or at HH:MM[:SS]", e);
            }
        }
        String[] parts = t.split(":");
        try {
            int h = Integer.parseInt(parts[0]);
            int m = Integer.parseInt(parts[1]);
            int s = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
            if (parts.length > 3 || h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) {
                throw InvalidInputException.of(key, text, "start at HH:MM[:SS] of the first day");
            }
            return h * 3600L + m * 60L + s;
        } catch (NumberFormatException e) {
            throw InvalidInputException.of(key, text, "start at HH:MM[:SS] of the first day", e);
        }
    }

    private static ReadConsistency consistency(String text) {
        try {
            return ReadConsistency.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of("consistency", text, "be eventual, strong or transactional", e);
        }
    }
}
