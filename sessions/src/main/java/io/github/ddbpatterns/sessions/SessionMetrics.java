package io.github.ddbpatterns.sessions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The session store's meters: {@code ddb.patterns.sessions.reads} tagged {@code result=hit|miss|absent} (hit:
 * served by the near-cache; miss: read from the table and live; absent: missing or expired) and
 * {@code ddb.patterns.sessions.touches} tagged {@code result=skipped|renewed|conflict}; tag {@code table} on both.
 */
final class SessionMetrics {

    private final Counter hits;
    private final Counter misses;
    private final Counter absent;
    private final Counter skipped;
    private final Counter renewed;
    private final Counter conflicts;

    SessionMetrics(MeterRegistry registry, String table) {
        this.hits = reads(registry, table, "hit");
        this.misses = reads(registry, table, "miss");
        this.absent = reads(registry, table, "absent");
        this.skipped = touches(registry, table, "skipped");
        this.renewed = touches(registry, table, "renewed");
        this.conflicts = touches(registry, table, "conflict");
    }

    private static Counter reads(MeterRegistry registry, String table, String result) {
        return Counter.builder("ddb.patterns.sessions.reads")
                .description("session reads by outcome")
                .tag("table", table)
                .tag("result", result)
                .register(registry);
    }

    private static Counter touches(MeterRegistry registry, String table, String result) {
        return Counter.builder("ddb.patterns.sessions.touches")
                .description("touch calls by outcome")
                .tag("table", table)
                .tag("result", result)
                .register(registry);
    }

    void hit() {
        hits.increment();
    }

    void miss() {
        misses.increment();
    }

    void absent() {
        absent.increment();
    }

    void skipped() {
        skipped.increment();
    }

    void renewed() {
        renewed.increment();
    }

    void conflict() {
        conflicts.increment();
    }
}
