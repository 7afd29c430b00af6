package io.github.ddbpatterns.core.buffer;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.time.Duration;

/**
 * What the pacing of a {@link WriteBuffer} has done since the buffer was built, as {@link WriteBuffer#pacingStats()}
 * reports it. A write's pacing delay runs, on the buffer's clock, from the moment a flush takes it (or its backoff
 * after a throttle ends) to the moment the call carrying it is sent; {@link WriteBuffer} documents its bound.
 *
 * <pre>{@code
 * buffer.pacingStats().ifPresent(stats ->
 *     log.info("{} units in {} calls, delay max {} mean {}", stats.units(), stats.calls(), stats.maxDelay(),
 *              stats.meanDelay()));
 * }</pre>
 *
 * @param writeUnitsPerSecond the pace: write units per second
 * @param calls BatchWriter calls sent
 * @param writes item writes those calls carried (a write sent again after a throttle counts again; writes
 *     coalesced into it do not)
 * @param units the write units of those item writes, as the buffer counts them
 * @param totalDelay the sum of the item writes' pacing delays
 * @param maxDelay the longest pacing delay of an item write
 */
public record PacingStats(
        long writeUnitsPerSecond, long calls, long writes, long units, Duration totalDelay, Duration maxDelay) {

    /**
     * Checks the arguments.
     *
     * @throws InvalidInputException if a duration is null or negative, or a count is
     *     negative, or {@code writeUnitsPerSecond} is not positive
     */
    public PacingStats {
        Checks.positive("writeUnitsPerSecond", writeUnitsPerSecond);
        notNegative("calls", calls);
        notNegative("writes", writes);
        notNegative("units", units);
        Checks.notNegative("totalDelay", totalDelay);
        Checks.notNegative("maxDelay", maxDelay);
    }

    /**
     * The mean pacing delay of an item write.
     *
     * @return {@code totalDelay / writes}; zero before the first write
     */
    public Duration meanDelay() {
        return writes == 0 ? Duration.ZERO : totalDelay.dividedBy(writes);
    }

    private static void notNegative(String field, long value) {
        if (value < 0) {
            throw InvalidInputException.of(field, value, "not be negative");
        }
    }
}
