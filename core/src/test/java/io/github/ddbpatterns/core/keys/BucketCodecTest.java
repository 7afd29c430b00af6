package io.github.ddbpatterns.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BucketCodecTest {

    private static final Instant T = Instant.parse("2024-11-20T13:45:30Z");
    private static final List<String> ZONES = List.of(
            "UTC",
            "America/New_York",
            "Europe/Paris",
            "Australia/Lord_Howe",
            "Asia/Kolkata",
            "Pacific/Apia",
            "America/Sao_Paulo");

    private static BucketCodec codec(Bucket bucket) {
        return BucketCodec.builder().bucket(bucket).build();
    }

    @ParameterizedTest
    @CsvSource({"HOUR,2024-11-20T13", "DAY,2024-11-20", "WEEK,2024-W47", "MONTH,2024-11"})
    void label_whenUtc_formatsBucket(Bucket bucket, String expected) {
        assertThat(codec(bucket).label(T)).isEqualTo(expected);
        assertThat(codec(bucket).partitionKey("sensor-7", T)).isEqualTo("sensor-7#" + expected);
        assertThat(codec(bucket).parseLabel(expected).contains(T)).isTrue();
    }

    @Test
    void label_whenIsoWeekCrossesYear_usesWeekBasedYear() {
        BucketCodec weeks = codec(Bucket.WEEK);
        assertThat(weeks.label(Instant.parse("2024-12-30T00:00:00Z"))).isEqualTo("2025-W01");
        assertThat(weeks.label(Instant.parse("2021-01-03T23:59:59Z"))).isEqualTo("2020-W53");
        assertThat(weeks.bucketStart(Instant.parse("2024-11-20T13:00:00Z")))
                .isEqualTo(Instant.parse("2024-11-18T00:00:00Z"));
    }

    @Test
    void label_whenZoneGiven_usesLocalCalendar() {
        BucketCodec tokyo = BucketCodec.builder()
                .bucket(Bucket.DAY)
                .zone(ZoneId.of("Asia/Tokyo"))
                .separator("|")
                .build();
        assertThat(tokyo.partitionKey("e", Instant.parse("2024-11-20T15:30:00Z")))
                .isEqualTo("e|2024-11-21");
        assertThat(tokyo.bucketStart(Instant.parse("2024-11-20T15:30:00Z")))
                .isEqualTo(Instant.parse("2024-11-20T15:00:00Z"));
    }

    @Test
    void buckets_whenHoursAcrossMidnight_listsOverlappingHoursBothWays() {
        BucketCodec hours = codec(Bucket.HOUR);
        Instant from = Instant.parse("2024-11-20T22:30:00Z");
        Instant to = Instant.parse("2024-11-21T01:00:00Z");
        assertThat(hours.buckets(from, to).map(TimeBucket::label))
                .containsExactly("2024-11-20T22", "2024-11-20T23", "2024-11-21T00");
        assertThat(hours.bucketsDescending(from, to).map(TimeBucket::label))
                .containsExactly("2024-11-21T00", "2024-11-20T23", "2024-11-20T22");
        assertThat(hours.buckets(from, from)).isEmpty();
    }

    @Test
    void buckets_whenDstFallBackInNewYork_repeatedHourIsOneTwoHourBucket() {
        BucketCodec hours = BucketCodec.builder()
                .bucket(Bucket.HOUR)
                .zone(ZoneId.of("America/New_York"))
                .build();
        Instant from = Instant.parse("2024-11-03T04:00:00Z"); // 00:00 EDT
        Instant to = Instant.parse("2024-11-03T08:00:00Z"); // 03:00 EST
        List<TimeBucket> buckets = hours.buckets(from, to).toList();
        assertThat(buckets)
                .extracting(TimeBucket::label)
                .containsExactly("2024-11-03T00", "2024-11-03T01", "2024-11-03T02");
        assertThat(Duration.between(buckets.get(1).start(), buckets.get(1).end()))
                .isEqualTo(Duration.ofHours(2));
    }

    @Test
    void buckets_whenDstSpringForward_skipsMissingHour() {
        BucketCodec hours = BucketCodec.builder()
                .bucket(Bucket.HOUR)
                .zone(ZoneId.of("Europe/Paris"))
                .build();
        Instant from = Instant.parse("2024-03-31T00:00:00Z"); // 01:00 CET
        Instant to = Instant.parse("2024-03-31T02:00:00Z"); // 04:00 CEST
        assertThat(hours.buckets(from, to).map(TimeBucket::label)).containsExactly("2024-03-31T01", "2024-03-31T03");
    }

    @Test
    void buckets_whenTenThousandYearsOfHours_isLazy() {
        AtomicInteger produced = new AtomicInteger();
        Stream<TimeBucket> all = codec(Bucket.HOUR)
                .buckets(Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("9999-12-31T00:00:00Z"));
        Iterator<TimeBucket> it = all.peek(b -> produced.incrementAndGet()).iterator();
        assertThat(it.next().label()).isEqualTo("0001-01-01T00");
        assertThat(it.next().label()).isEqualTo("0001-01-01T01");
        assertThat(produced).hasValueLessThan(5);
    }

    @Test
    void buckets_whenReversedRange_failsNamingTo() {
        assertThatThrownBy(() -> codec(Bucket.DAY).buckets(T, T.minusSeconds(1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("to must not be before from");
    }

    @Test
    void label_whenYearOutOfRange_fails() {
        assertThatThrownBy(() -> codec(Bucket.DAY).label(Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("years 0001 to 9999");
    }

    @Test
    void parseLabel_whenMalformedOrWrongSize_fails() {
        assertThatThrownBy(() -> codec(Bucket.DAY).parseLabel("2024-11"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("label must be a DAY label such as 2024-11-20");
        assertThatThrownBy(() -> codec(Bucket.WEEK).parseLabel("2024-W53")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> codec(Bucket.HOUR).parseLabel("2024-11-20T24"))
                .isInstanceOf(InvalidInputException.class);
        BucketCodec paris = BucketCodec.builder()
                .bucket(Bucket.HOUR)
                .zone(ZoneId.of("Europe/Paris"))
                .build();
        assertThatThrownBy(() -> paris.parseLabel("2024-03-31T02")).hasMessageContaining("daylight saving gap");
        assertThat(codec(Bucket.WEEK).parseLabel("2020-W53").start()).isEqualTo(Instant.parse("2020-12-28T00:00:00Z"));
    }

    @Property(tries = 400)
    void bucketOf_whenAnyInstant_containsItAndMatchesLabelStartAndNext(
            @ForAll("instants") Instant instant, @ForAll Bucket bucket, @ForAll("zones") String zone) {
        BucketCodec codec =
                BucketCodec.builder().bucket(bucket).zone(ZoneId.of(zone)).build();
        TimeBucket b = codec.bucketOf(instant);
        assertThat(b.contains(instant)).isTrue();
        assertThat(b.label()).isEqualTo(codec.label(instant));
        assertThat(codec.bucketStart(instant)).isEqualTo(b.start());
        assertThat(codec.next(instant)).isEqualTo(b.end());
        assertThat(codec.label(b.start())).isEqualTo(b.label());
        assertThat(codec.label(b.end().minusNanos(1))).isEqualTo(b.label());
        assertThat(codec.label(b.end())).isGreaterThan(b.label());
        assertThat(codec.previous(b.end())).isEqualTo(b.start());
        assertThat(codec.parseLabel(b.label())).isEqualTo(b);
    }

    @Property(tries = 150)
    void buckets_whenRandomRange_tileRangeInLabelOrderAndEveryInstantInExactlyOne(
            @ForAll("ranges") Instant[] range,
            @ForAll Bucket bucket,
            @ForAll("zones") String zone,
            @ForAll("offsets") double probe) {
        BucketCodec codec =
                BucketCodec.builder().bucket(bucket).zone(ZoneId.of(zone)).build();
        Instant from = range[0];
        Instant to = range[1];
        List<TimeBucket> ascending = codec.buckets(from, to).toList();
        assertThat(ascending).isNotEmpty();
        assertThat(ascending.get(0).contains(from)).isTrue();
        assertThat(ascending.get(ascending.size() - 1).contains(to.minusNanos(1)))
                .isTrue();
        for (int i = 1; i < ascending.size(); i++) {
            assertThat(ascending.get(i).start()).isEqualTo(ascending.get(i - 1).end());
            assertThat(ascending.get(i).label())
                    .isGreaterThan(ascending.get(i - 1).label());
        }
        List<TimeBucket> descending = codec.bucketsDescending(from, to).toList();
        List<TimeBucket> reversed = new ArrayList<>(ascending);
        Collections.reverse(reversed);
        assertThat(descending).containsExactlyElementsOf(reversed);

        long span = Duration.between(from, to).toSeconds();
        Instant inside = from.plusSeconds((long) (probe * span));
        assertThat(ascending.stream().filter(b -> b.contains(inside))).hasSize(1);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs()
                .between(
                        Instant.parse("1971-01-01T00:00:00Z").getEpochSecond(),
                        Instant.parse("2200-01-01T00:00:00Z").getEpochSecond())
                .map(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.of(ZONES);
    }

    @Provide
    Arbitrary<Double> offsets() {
        return Arbitraries.doubles().between(0, 0.999).ofScale(3);
    }

    @Provide
    Arbitrary<Instant[]> ranges() {
        Arbitrary<Long> start = Arbitraries.longs()
                .between(
                        Instant.parse("2000-01-01T00:00:00Z").getEpochSecond(),
                        Instant.parse("2100-01-01T00:00:00Z").getEpochSecond());
        Arbitrary<Long> length =
                Arbitraries.longs().between(1, Duration.ofDays(120).toSeconds());
        return Combinators.combine(start, length)
                .as((s, l) -> new Instant[] {Instant.ofEpochSecond(s), Instant.ofEpochSecond(s + l)});
    }
}
