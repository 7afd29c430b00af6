package io.github.ddbpatterns.sessions;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The session near-cache: a bounded Caffeine cache whose entries live exactly as long as their session (capped by
 * {@code maxLifetime}), measured on the store's clock. A hit is a live session without any check or request.
 *
 * <p>Read-through fills race with this instance's writes (a read started before {@code invalidate} could put the
 * deleted session back); every write bumps a generation, and a fill is dropped when the generation moved since
 * its read started.
 */
final class SessionNearCache {

    private final @Nullable Cache<String, Session> cache;
    private final Clock clock;
    private final AtomicLong generation = new AtomicLong();

    SessionNearCache(long maximumSize, Duration maxLifetime, Clock clock) {
        this.clock = clock;
        if (maximumSize == 0) {
            this.cache = null;
            return;
        }
        long capNanos = maxLifetime.toNanos();
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .ticker(new ClockTicker(clock))
                .executor(Runnable::run)
                .expireAfter(new Expiry<String, Session>() {
                    @Override
                    public long expireAfterCreate(String id, Session session, long currentTime) {
                        return lifetime(session, capNanos);
                    }

                    @Override
                    public long expireAfterUpdate(String id, Session session, long currentTime, long currentDuration) {
                        return lifetime(session, capNanos);
                    }

                    @Override
                    public long expireAfterRead(String id, Session session, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    private long lifetime(Session session, long capNanos) {
        long remaining = Duration.between(clock.instant(), session.expiresAt()).toNanos();
        return Math.max(0, Math.min(remaining, capNanos));
    }

    /** A live cached session, or null. */
    @Nullable
    Session get(String id) {
        return cache == null ? null : cache.getIfPresent(id);
    }

    /** The generation to pass to {@link #fill} after a read that starts now. */
    long readStarts() {
        return generation.get();
    }

    /** Caches a session read from the table, unless this instance wrote since the read started. */
    void fill(Session session, long generationAtRead) {
        if (cache == null || session.isExpiredAt(clock.instant())) {
            return;
        }
        synchronized (this) {
            if (generation.get() == generationAtRead) {
                cache.put(session.id(), session);
            }
        }
    }

    /** Caches a session this instance just wrote. */
    void written(Session session) {
        synchronized (this) {
            generation.incrementAndGet();
            if (cache != null && !session.isExpiredAt(clock.instant())) {
                cache.put(session.id(), session);
            }
        }
    }

    /** Forgets a session this instance is deleting (call before and after the delete). */
    void invalidate(String id) {
        synchronized (this) {
            generation.incrementAndGet();
            if (cache != null) {
                cache.invalidate(id);
            }
        }
    }

    /** Number of entries (including expired ones not yet cleaned up). */
    long size() {
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return cache.estimatedSize();
    }

    Instant now() {
        return clock.instant();
    }
}
