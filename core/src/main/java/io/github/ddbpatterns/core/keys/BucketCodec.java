package io.github.ddbpatterns.core.keys;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.stream.Stream;

/**
 * Time-bucket partition keys for a time series: {@code <entity><separator><label>}, e.g.
 * {@code sensor-7#2024-11-20} for {@link Bucket#DAY}. Buckets are local calendar units of a {@link ZoneId}
 * (UTC by default); labels sort lexicographically in time order, so "newest first" and "oldest first" are
 * plain string orders.
 *
 * <pre>{@code
 * BucketCodec days = BucketCodec.builder().bucket(Bucket.DAY).build();
 * days.label(Instant.parse("2024-11-20T13:45:00Z"));                  // "2024-11-20"
 * days.partitionKey("sensor-7", Instant.parse("2024-11-20T13:45:00Z")); // "sensor-7#2024-11-20"
 * days.buckets(from, to).map(TimeBucket::label).toList();              // every day overlapping [from, to)
 * }</pre>
 *
 * <p>Daylight saving time: in a zone with DST, a local hour that does not exist has no bucket, and a
 * local hour that occurs twice is one bucket of two hours. Every instant still falls in exactly one
 * bucket and labels stay strictly increasing. Instants must fall in years 0001 to 9999 of the zone (the
 * labels are fixed-width). Immutable and thread-safe.
 */
public final class BucketCodec {

    private final Bucket bucket;
    private final ZoneId zone;
    private final String separator;

    private BucketCodec(Builder builder) {
        this.bucket = builder.bucket;
        this.zone = builder.zone;
        this.separator = builder.separator;
    }

    /** Daily UTC buckets with separator {@code #}. */
    public static BucketCodec ofDefaults() {
        return builder().build();
    }

    /** A builder starting from the defaults (DAY, UTC, {@code #}). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this codec's settings. */
    public Builder toBuilder() {
        return new Builder().bucket(bucket).zone(zone).separator(separator);
    }

    /** The bucket size. */
    public Bucket bucket() {
        return bucket;
    }

    /** The zone whose calendar defines the buckets. */
    public ZoneId zone() {
        return zone;
    }

    /** The separator between entity and label. */
    public String separator() {
        return separator;
    }

    /**
     * The label of the bucket holding {@code instant}, e.g. {@code 2024-11-20T13} for HOUR.
     *
     * @throws InvalidInputException if {@code instant} is null or outside years 0001-9999 in the zone
     */
    public String label(Instant instant) {
        return bucket.format(local(instant));
    }

    /**
     * The partition key {@code <entity><separator><label>} of {@code instant}.
     *
     * @throws InvalidInputException if {@code entity} is empty, or {@code instant} is null or out of range
     */
    public String partitionKey(String entity, Instant instant) {
        Checks.notEmpty("entity", entity);
        return entity + separator + label(instant);
    }

    /**
     * The partition key of a bucket already labelled.
     *
     * @throws InvalidInputException if {@code entity} or {@code label} is empty
     */
    public String partitionKey(String entity, TimeBucket bucket) {
        Checks.notEmpty("entity", entity);
        Checks.notNull("bucket", bucket);
        return entity + separator + bucket.label();
    }

    /**
     * The first instant of the bucket holding {@code instant}.
     *
     * @throws InvalidInputException if {@code instant} is null or out of range
     */
    public Instant bucketStart(Instant instant) {
        return toInstant(bucket.truncate(local(instant)));
    }

    /**
     * The first instant of the bucket after the one holding {@code instant} (usually called with a
     * bucket start).
     *
     * @throws InvalidInputException if {@code instant} is null or out of range
     */
    public Instant next(Instant instant) {
        return toInstant(bucket.plus(bucket.truncate(local(instant)), 1));
    }

    /**
     * The first instant of the bucket before the one holding {@code instant}.
     *
     * @throws InvalidInputException if {@code instant} is null or out of range, or the bucket before is
     *     out of range
     */
    public Instant previous(Instant instant) {
        Instant start = bucketStart(instant);
        return bucketStart(start.minusNanos(1));
    }

    /**
     * The bucket holding {@code instant}.
     *
     * @throws InvalidInputException if {@code instant} is null or out of range
     */
    public TimeBucket bucketOf(Instant instant) {
        LocalDateTime localStart = bucket.truncate(local(instant));
        return new TimeBucket(bucket.format(localStart), toInstant(localStart), toInstant(bucket.plus(localStart, 1)));
    }

    /**
     * The bucket a label names (the inverse of {@link #label(Instant)}).
     *
     * @throws InvalidInputException if {@code label} is not a label of this codec's bucket size, or names a
     *     local hour skipped by a daylight saving change
     */
    public TimeBucket parseLabel(String label) {
        Checks.notNull("label", label);
        LocalDateTime localStart;
        try {
            localStart = bucket.parse(label);
        } catch (DateTimeException e) {
            throw InvalidInputException.of(
                    "label",
                    label,
                    "be a " + bucket + " label such as " + bucket.format(LocalDateTime.of(2024, 11, 20, 13, 0)),
                    e);
        }
        if (!yearInRange(localStart) || !bucket.format(localStart).equals(label)) {
            throw InvalidInputException.of("label", label, "be a canonical " + bucket + " label");
        }
        Instant start = toInstant(localStart);
        Instant end = toInstant(bucket.plus(localStart, 1));
        if (!start.isBefore(end)) {
            throw InvalidInputException.of(
                    "label", label, "name a time that exists in zone " + zone + " (daylight saving gap)");
        }
        return new TimeBucket(label, start, end);
    }

    /**
     * Every bucket overlapping the half-open range {@code [from, to)}, oldest first. The stream is lazy:
     * a year of hours is computed one bucket at a time as it is consumed. Empty when {@code from}
     * equals {@code to}.
     *
     * <pre>{@code
     * codec.buckets(Instant.parse("2024-11-20T22:30:00Z"), Instant.parse("2024-11-21T01:00:00Z"))
     *      .map(TimeBucket::label);   // HOUR: 2024-11-20T22, 2024-11-20T23, 2024-11-21T00
     * }</pre>
     *
     * @throws InvalidInputException if either bound is null or out of range, or {@code to} is before
     *     {@code from}
     */
    public Stream<TimeBucket> buckets(Instant from, Instant to) {
        checkRange(from, to);
        if (from.equals(to)) {
            return Stream.empty();
        }
        return Stream.iterate(bucketOf(from), b -> b.start().isBefore(to), this::after);
    }

    /**
     * Every bucket overlapping {@code [from, to)}, newest first (lazy, like {@link #buckets}).
     *
     * @throws InvalidInputException if either bound is null or out of range, or {@code to} is before
     *     {@code from}
     */
    public Stream<TimeBucket> bucketsDescending(Instant from, Instant to) {
        checkRange(from, to);
        if (from.equals(to)) {
            return Stream.empty();
        }
        TimeBucket last = bucketOf(to.minusNanos(1));
        return Stream.iterate(last, b -> b.end().isAfter(from), this::before);
    }

    @Override
    public String toString() {
        return "BucketCodec[" + bucket + ", " + zone + ", '" + separator + "']";
    }

    private TimeBucket after(TimeBucket current) {
        Instant start = current.end();
        LocalDateTime local = LocalDateTime.ofInstant(start, zone);
        if (!yearInRange(local)) {
            // Only reached one step past the stream's end condition (nothing lies after year 9999).
            return new TimeBucket("", start, start);
        }
        LocalDateTime localStart = bucket.truncate(local);
        return new TimeBucket(bucket.format(localStart), toInstant(localStart), toInstant(bucket.plus(localStart, 1)));
    }

    private TimeBucket before(TimeBucket current) {
        LocalDateTime previousLocal = LocalDateTime.ofInstant(current.start().minusNanos(1), zone);
        if (!yearInRange(previousLocal)) {
            // Only reached one step past the stream's end condition (nothing lies before year 0001).
            return new TimeBucket("", current.start(), current.start());
        }
        LocalDateTime localStart = bucket.truncate(previousLocal);
        return new TimeBucket(bucket.format(localStart), toInstant(localStart), current.start());
    }

    private void checkRange(Instant from, Instant to) {
        local(from);
        local(to.equals(from) ? to : to.minusNanos(1));
        if (to.isBefore(from)) {
            throw InvalidInputException.of("to", to, "not be before from " + from);
        }
    }

    private LocalDateTime local(Instant instant) {
        Checks.notNull("instant", instant);
        LocalDateTime local;
        try {
            local = LocalDateTime.ofInstant(instant, zone);
        } catch (DateTimeException e) {
            throw InvalidInputException.of("instant", instant, "fall in years 0001 to 9999", e);
        }
        if (!yearInRange(local)) {
            throw InvalidInputException.of("instant", instant, "fall in years 0001 to 9999 in zone " + zone);
        }
        return local;
    }

    private static boolean yearInRange(LocalDateTime local) {
        int year = local.getYear();
        int weekYear = local.get(IsoFields.WEEK_BASED_YEAR);
        return year >= 1 && year <= 9999 && weekYear >= 1 && weekYear <= 9999;
    }

    private Instant toInstant(LocalDateTime localStart) {
        // ofLocal: in an overlap the earlier offset (the bucket starts at its first occurrence); in a gap
        // the time moves forward by the gap's length (the first instant that exists).
        return ZonedDateTime.ofLocal(localStart, zone, null).toInstant();
    }

    /** Builds a {@link BucketCodec}; each setter validates at once. */
    public static final class Builder {

        private Bucket bucket = Bucket.DAY;
        private ZoneId zone = ZoneOffset.UTC;
        private String separator = "#";

        private Builder() {}

        /**
         * The bucket size, {@link Bucket#DAY} by default.
         *
         * @throws InvalidInputException if null
         */
        public Builder bucket(Bucket bucket) {
            this.bucket = Checks.notNull("bucket", bucket);
            return this;
        }

        /**
         * The zone whose local calendar defines buckets, UTC by default.
         *
         * @throws InvalidInputException if null
         */
        public Builder zone(ZoneId zone) {
            this.zone = Checks.notNull("zone", zone);
            return this;
        }

        /**
         * The separator between entity and label, {@code #} by default.
         *
         * @throws InvalidInputException if null or empty
         */
        public Builder separator(String separator) {
            this.separator = Checks.notEmpty("separator", separator);
            return this;
        }

        /** The codec. */
        public BucketCodec build() {
            return new BucketCodec(this);
        }
    }
}
