package io.github.ddbpatterns.capacity;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.capacity.CapacityUnits;
import io.github.ddbpatterns.core.capacity.ReadConsistency;
import io.github.ddbpatterns.core.internal.Checks;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Read and write request rates of one table, second by second, with the item sizes they read and write.
 * Second 0 is 00:00 UTC of the first day (the decrease quota counts UTC days).
 *
 * <pre>{@code
 * TrafficProfile sale = TrafficProfile.fromCsv(Path.of("sale.csv"));   // second,reads,writes[,readKb,writeKb]
 * TrafficProfile seed = TrafficProfile.generator()
 *         .baselineWrites(100).writeKb(1)
 *         .writeSpike(10_000, Duration.ofSeconds(120), 36_000)
 *         .writeSpike(10_000, Duration.ofSeconds(120), 72_000)
 *         .build();                                                   // one day, 86,400 seconds
 * }</pre>
 *
 * <p>How keys are spread: by default the traffic is taken as spread evenly over enough partitions; {@link
 * #withKeyShares(double...)} names hot keys, each taking a share of every second's reads and writes, and the
 * simulator then applies the per-partition limits of {@link ServiceRules} to them.
 *
 * <p>Immutable and compact: one {@code float} per second per series (a day of reads and writes is 691 KB);
 * item sizes are stored per second only when they vary. Units follow core's {@link CapacityUnits}: a write
 * costs one unit per started KB, a read one unit per started 4 KB (half when {@link ReadConsistency#EVENTUAL
 * eventually consistent}, the default).
 */
public final class TrafficProfile {

    /** Longest profile accepted: 31 days of seconds. */
    public static final int MAX_SECONDS = 31 * 86_400;
    /** Read item size when none is given, in KB. */
    public static final double DEFAULT_READ_KB = 4;
    /** Write item size when none is given, in KB. */
    public static final double DEFAULT_WRITE_KB = 1;
    /** Most hot keys a profile can name. */
    public static final int MAX_KEY_SHARES = 100;

    private static final double[] NO_KEYS = {};

    private final float[] reads;
    private final float[] writes;
    private final float[] readKb; // length 1 when constant
    private final float[] writeKb; // length 1 when constant
    private final ReadConsistency readConsistency;
    private final double constantReadUnits; // NaN when sizes vary
    private final double constantWriteUnits;
    private final float @Nullable [] measuredReadUnits; // units per read request, NaN where not measured
    private final float @Nullable [] measuredWriteUnits;
    private final double[] keyShares; // sorted, largest first

    private TrafficProfile(
            float[] reads,
            float[] writes,
            float[] readKb,
            float[] writeKb,
            ReadConsistency readConsistency,
            float @Nullable [] measuredReadUnits,
            float @Nullable [] measuredWriteUnits,
            double[] keyShares) {
        this.keyShares = keyShares;
        this.reads = reads;
        this.writes = writes;
        this.readKb = readKb;
        this.writeKb = writeKb;
        this.readConsistency = readConsistency;
        this.measuredReadUnits = measuredReadUnits;
        this.measuredWriteUnits = measuredWriteUnits;
        this.constantReadUnits = readKb.length == 1 ? readUnitsPerRequest(readKb[0], readConsistency) : Double.NaN;
        this.constantWriteUnits = writeKb.length == 1 ? writeUnitsPerRequest(writeKb[0]) : Double.NaN;
    }

    /**
     * Reads a profile from a CSV file: {@code second,reads,writes[,readKb,writeKb]}, one line per second with
     * traffic, seconds strictly increasing (missing seconds have no traffic); an optional header line
     * starting with {@code second}, blank lines and lines starting with {@code #} are skipped.
     *
     * @param csv the file (UTF-8)
     * @return the profile
     * @throws InvalidInputException naming the field, the line and the value of the first bad entry
     * @throws UncheckedIOException if the file cannot be read
     */
    public static TrafficProfile fromCsv(Path csv) {
        Checks.notNull("csv", csv);
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return fromCsv(reader, csv.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read traffic profile " + csv, e);
        }
    }

    /**
     * Reads a profile in the CSV format of {@link #fromCsv(Path)}.
     *
     * @param csv the text
     * @param sourceName named in error messages
     * @return the profile
     * @throws InvalidInputException naming the field, the line and the value of the first bad entry
     * @throws UncheckedIOException if reading fails
     */
    public static TrafficProfile fromCsv(Reader csv, String sourceName) {
        return CsvProfileReader.read(Checks.notNull("csv", csv), Checks.notNull("sourceName", sourceName));
    }

    /**
     * A generator of synthetic profiles: baseline, spikes, daily curve.
     *
     * @return a new generator
     */
    public static ProfileGenerator generator() {
        return new ProfileGenerator();
    }

    /**
     * A builder of a profile of {@code seconds} seconds, all without traffic until set.
     *
     * @param seconds the length, 1 to {@link #MAX_SECONDS}
     * @return a new builder
     * @throws InvalidInputException if {@code seconds} is out of range
     */
    public static Builder builder(int seconds) {
        return new Builder(Checks.inRange("seconds", seconds, 1, MAX_SECONDS));
    }

    /**
     * Length of the profile.
     *
     * @return seconds
     */
    public int seconds() {
        return writes.length;
    }

    /**
     * Read requests in one second.
     *
     * @param second 0-based
     * @return requests per second
     */
    public double reads(int second) {
        return reads[second];
    }

    /**
     * Write requests in one second.
     *
     * @param second 0-based
     * @return requests per second
     */
    public double writes(int second) {
        return writes[second];
    }

    /**
     * Size of the items read in one second.
     *
     * @param second 0-based
     * @return KB
     */
    public double readKb(int second) {
        return readKb.length == 1 ? readKb[0] : readKb[second];
    }

    /**
     * Size of the items written in one second.
     *
     * @param second 0-based
     * @return KB
     */
    public double writeKb(int second) {
        return writeKb.length == 1 ? writeKb[0] : writeKb[second];
    }

    /**
     * How reads are made (sets what a read unit buys).
     *
     * @return the consistency
     */
    public ReadConsistency readConsistency() {
        return readConsistency;
    }

    /**
     * Read units one read request costs in this second: measured ({@link Builder#measured}) or from the item size.
     *
     * @param second 0-based
     * @return units
     */
    public double readUnitsPerRequest(int second) {
        if (measuredReadUnits != null && !Float.isNaN(measuredReadUnits[second])) {
            return measuredReadUnits[second];
        }
        return readKb.length == 1 ? constantReadUnits : readUnitsPerRequest(readKb[second], readConsistency);
    }

    /**
     * Write units one write request costs in this second: measured ({@link Builder#measured}) or from the item size.
     *
     * @param second 0-based
     * @return units
     */
    public double writeUnitsPerRequest(int second) {
        if (measuredWriteUnits != null && !Float.isNaN(measuredWriteUnits[second])) {
            return measuredWriteUnits[second];
        }
        return writeKb.length == 1 ? constantWriteUnits : writeUnitsPerRequest(writeKb[second]);
    }

    /**
     * Read units demanded in one second.
     *
     * @param second 0-based
     * @return units
     */
    public double readUnits(int second) {
        return reads[second] * readUnitsPerRequest(second);
    }

    /**
     * Write units demanded in one second.
     *
     * @param second 0-based
     * @return units
     */
    public double writeUnits(int second) {
        return writes[second] * writeUnitsPerRequest(second);
    }

    /**
     * All read requests of the profile.
     *
     * @return requests
     */
    public double totalReads() {
        return sum(reads);
    }

    /**
     * All write requests of the profile.
     *
     * @return requests
     */
    public double totalWrites() {
        return sum(writes);
    }

    /**
     * Highest read rate.
     *
     * @return requests per second
     */
    public double peakReads() {
        return max(reads);
    }

    /**
     * Highest write rate.
     *
     * @return requests per second
     */
    public double peakWrites() {
        return max(writes);
    }

    /**
     * Highest read units in one second.
     *
     * @return units per second
     */
    public double peakReadUnits() {
        double peak = 0;
        for (int s = 0; s < reads.length; s++) {
            peak = Math.max(peak, readUnits(s));
        }
        return peak;
    }

    /**
     * Highest write units in one second.
     *
     * @return units per second
     */
    public double peakWriteUnits() {
        double peak = 0;
        for (int s = 0; s < writes.length; s++) {
            peak = Math.max(peak, writeUnits(s));
        }
        return peak;
    }

    /**
     * Writes this profile in the CSV format {@link #fromCsv(Path)} reads back, one line per second with traffic:
     * {@code second,reads,writes,readKb,writeKb}, or {@code second,reads,writes,readUnits,writeUnits} when some
     * seconds are {@link Builder#measured measured} (then every line carries the units of its second).
     *
     * @param out where to write; not closed
     * @throws UncheckedIOException if writing fails
     */
    public void writeCsv(Writer out) {
        Checks.notNull("out", out);
        boolean units = measuredReadUnits != null;
        StringBuilder line = new StringBuilder(64);
        try {
            out.write(units ? CsvProfileReader.UNITS_HEADER : "second,reads,writes,readKb,writeKb");
            out.write('\n');
            for (int s = 0; s < seconds(); s++) {
                if (reads[s] == 0 && writes[s] == 0) {
                    continue;
                }
                line.setLength(0);
                line.append(s).append(',');
                appendNumber(line, reads[s]).append(',');
                appendNumber(line, writes[s]).append(',');
                appendNumber(line, units ? readUnits(s) : readKb(s)).append(',');
                appendNumber(line, units ? writeUnits(s) : writeKb(s)).append('\n');
                out.append(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write traffic profile", e);
        }
    }

    private static StringBuilder appendNumber(StringBuilder line, double value) {
        float compact = (float) value;
        return compact == Math.rint(compact) ? line.append((long) compact) : line.append(compact);
    }

    /**
     * The shares of the table's reads and writes that go to single partition keys (hot keys), largest first.
     *
     * @return fractions in (0, 1] adding up to at most 1; empty when the traffic is taken as spread evenly
     */
    public List<Double> keyShares() {
        return Arrays.stream(keyShares).boxed().toList();
    }

    /**
     * A copy of this profile whose traffic sends {@code shares} of every second's reads and writes to single
     * partition keys (one share per key; {@code withKeyShares(0.3)}: 30 % of the traffic goes to one key). The
     * simulator limits each such key to what one partition serves ({@link ServiceRules#partitionMaxWriteUnits()},
     * {@link ServiceRules#partitionMaxReadUnits()}), whatever the table has. No share: spread evenly.
     *
     * @param shares fractions in (0, 1], adding up to at most 1, at most {@link #MAX_KEY_SHARES}
     * @return the copy
     * @throws InvalidInputException if a share is out of range, they add up to more than 1 or there are too many
     */
    public TrafficProfile withKeyShares(double... shares) {
        return new TrafficProfile(
                reads,
                writes,
                readKb,
                writeKb,
                readConsistency,
                measuredReadUnits,
                measuredWriteUnits,
                checkKeyShares(shares));
    }

    double[] keySharesArray() {
        return keyShares;
    }

    @Override
    public String toString() {
        return "TrafficProfile[" + seconds() + " s, reads total " + Math.round(totalReads()) + " peak "
                + peakReads() + "/s, writes total " + Math.round(totalWrites()) + " peak " + peakWrites()
                + "/s, " + readConsistency + " reads" + (keyShares.length == 0 ? "" : ", key shares " + keyShares())
                + "]";
    }

    static double[] checkKeyShares(double[] shares) {
        Checks.notNull("keyShares", shares);
        if (shares.length > MAX_KEY_SHARES) {
            throw InvalidInputException.of(
                    "keyShares", shares.length + " shares", "name at most " + MAX_KEY_SHARES + " keys");
        }
        double total = 0;
        for (double share : shares) {
            if (!(share > 0 && share <= 1)) {
                throw InvalidInputException.of("keyShares", share, "be fractions in (0, 1] (0.3: 30 % to one key)");
            }
            total += share;
        }
        if (total > 1 + 1e-9) {
            throw InvalidInputException.of("keyShares", Arrays.toString(shares), "add up to at most 1");
        }
        double[] sorted = shares.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length / 2; i++) {
            double swap = sorted[i];
            sorted[i] = sorted[sorted.length - 1 - i];
            sorted[sorted.length - 1 - i] = swap;
        }
        return sorted.length == 0 ? NO_KEYS : sorted;
    }

    static double writeUnitsPerRequest(double kb) {
        return CapacityUnits.writeUnits(kbToBytes(kb));
    }

    static double readUnitsPerRequest(double kb, ReadConsistency consistency) {
        return CapacityUnits.readUnits(kbToBytes(kb), consistency);
    }

    private static long kbToBytes(double kb) {
        return (long) Math.ceil(kb * CapacityUnits.WRITE_UNIT_BYTES - 1e-6);
    }

    private static double sum(float[] values) {
        double total = 0;
        for (float v : values) {
            total += v;
        }
        return total;
    }

    private static double max(float[] values) {
        double peak = 0;
        for (float v : values) {
            peak = Math.max(peak, v);
        }
        return peak;
    }

    static double checkRate(String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value) || value > Float.MAX_VALUE) {
            throw InvalidInputException.of(field, value, "be a finite number >= 0");
        }
        return value;
    }

    static double checkKb(String field, double value) {
        if (!(value > 0) || value > 400) {
            throw InvalidInputException.of(field, value, "be in (0, 400] (DynamoDB's item size limit)");
        }
        return value;
    }

    /** Builds a {@link TrafficProfile} second by second; not thread-safe. */
    public static final class Builder {

        private final float[] reads;
        private final float[] writes;
        private float[] readKb = {(float) DEFAULT_READ_KB};
        private float[] writeKb = {(float) DEFAULT_WRITE_KB};
        private ReadConsistency readConsistency = ReadConsistency.EVENTUAL;
        private float @Nullable [] measuredReadUnits;
        private float @Nullable [] measuredWriteUnits;
        private double[] keyShares = NO_KEYS;

        private Builder(int seconds) {
            this.reads = new float[seconds];
            this.writes = new float[seconds];
        }

        /**
         * Length of the profile being built.
         *
         * @return seconds
         */
        public int seconds() {
            return writes.length;
        }

        /**
         * Sets the request rates of one second.
         *
         * @param second 0-based, below {@link #seconds()}
         * @param readsPerSecond read requests, &gt;= 0
         * @param writesPerSecond write requests, &gt;= 0
         * @return this builder
         * @throws InvalidInputException if the second is out of range or a rate negative or not finite
         */
        public Builder rates(int second, double readsPerSecond, double writesPerSecond) {
            checkSecond(second);
            reads[second] = (float) checkRate("reads", readsPerSecond);
            writes[second] = (float) checkRate("writes", writesPerSecond);
            return this;
        }

        /**
         * Sets the item sizes of every second.
         *
         * @param readKb KB per read item, in (0, 400]
         * @param writeKb KB per written item, in (0, 400]
         * @return this builder
         * @throws InvalidInputException if a size is out of range
         */
        public Builder itemKb(double readKb, double writeKb) {
            this.readKb = new float[] {(float) checkKb("readKb", readKb)};
            this.writeKb = new float[] {(float) checkKb("writeKb", writeKb)};
            return this;
        }

        /**
         * Sets the item sizes of one second (the others keep theirs).
         *
         * @param second 0-based, below {@link #seconds()}
         * @param readKbOfSecond KB per read item, in (0, 400]
         * @param writeKbOfSecond KB per written item, in (0, 400]
         * @return this builder
         * @throws InvalidInputException if the second or a size is out of range
         */
        public Builder itemKb(int second, double readKbOfSecond, double writeKbOfSecond) {
            checkSecond(second);
            checkKb("readKb", readKbOfSecond);
            checkKb("writeKb", writeKbOfSecond);
            if (readKb.length == 1) {
                float constant = readKb[0];
                readKb = new float[seconds()];
                Arrays.fill(readKb, constant);
            }
            if (writeKb.length == 1) {
                float constant = writeKb[0];
                writeKb = new float[seconds()];
                Arrays.fill(writeKb, constant);
            }
            readKb[second] = (float) readKbOfSecond;
            writeKb[second] = (float) writeKbOfSecond;
            return this;
        }

        /**
         * Sets how reads are made ({@link ReadConsistency#EVENTUAL} by default).
         *
         * @param consistency the consistency
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder readConsistency(ReadConsistency consistency) {
            this.readConsistency = Checks.notNull("readConsistency", consistency);
            return this;
        }

        /**
         * Sets the shares of the traffic that go to single partition keys (see
         * {@link TrafficProfile#withKeyShares(double...)}).
         *
         * @param shares fractions in (0, 1], adding up to at most 1
         * @return this builder
         * @throws InvalidInputException if a share is out of range or they add up to more than 1
         */
        public Builder keyShares(double... shares) {
            this.keyShares = checkKeyShares(shares);
            return this;
        }

        /**
         * Builds the profile (the builder's arrays are copied).
         *
         * @return the profile
         */
        public TrafficProfile build() {
            return new TrafficProfile(
                    reads.clone(),
                    writes.clone(),
                    readKb.clone(),
                    writeKb.clone(),
                    readConsistency,
                    measuredReadUnits == null ? null : measuredReadUnits.clone(),
                    measuredWriteUnits == null ? null : measuredWriteUnits.clone(),
                    keyShares);
        }

        /**
         * Sets one second as measured: its request counts and the capacity units they consumed, as DynamoDB
         * reported them ({@link ConsumedCapacityRecorder} records profiles this way). The units of a measured
         * second are used as given, whatever the item sizes and read consistency say.
         *
         * @param second 0-based, below {@link #seconds()}
         * @param readsPerSecond read requests, &gt;= 0
         * @param writesPerSecond write requests, &gt;= 0
         * @param readUnits read units those reads consumed, &gt;= 0, and 0 when there are no reads
         * @param writeUnits write units those writes consumed, &gt;= 0, and 0 when there are no writes
         * @return this builder
         * @throws InvalidInputException if the second is out of range, a value negative or not finite, or units
         *     are given without requests
         */
        public Builder measured(
                int second, double readsPerSecond, double writesPerSecond, double readUnits, double writeUnits) {
            checkSecond(second);
            checkUnits("readUnits", readUnits, "reads", readsPerSecond);
            checkUnits("writeUnits", writeUnits, "writes", writesPerSecond);
            rates(second, readsPerSecond, writesPerSecond);
            if (measuredReadUnits == null) {
                measuredReadUnits = new float[seconds()];
                measuredWriteUnits = new float[seconds()];
                Arrays.fill(measuredReadUnits, Float.NaN);
                Arrays.fill(measuredWriteUnits, Float.NaN);
            }
            measuredReadUnits[second] = readsPerSecond == 0 ? 0 : (float) (readUnits / readsPerSecond);
            measuredWriteUnits[second] = writesPerSecond == 0 ? 0 : (float) (writeUnits / writesPerSecond);
            return this;
        }

        private static void checkUnits(String field, double units, String requestsField, double requests) {
            checkRate(field, units);
            if (units > 0 && requests == 0) {
                throw InvalidInputException.of(
                        field, units, "be 0 when " + requestsField + " is 0 (units are consumed by requests)");
            }
        }

        private void checkSecond(int second) {
            if (second < 0 || second >= seconds()) {
                throw InvalidInputException.of("second", second, "be between 0 and " + (seconds() - 1));
            }
        }
    }
}
