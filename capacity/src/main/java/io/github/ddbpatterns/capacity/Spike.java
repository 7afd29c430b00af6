package io.github.ddbpatterns.capacity;

import io.github.ddbpatterns.core.InvalidInputException;

/**
 * A period of high traffic in a generated profile: during {@code [startSecond, startSecond + durationSeconds)}
 * (and again every {@code everySeconds} when that is positive) the rate is at least {@code rate}.
 *
 * @param rate requests per second during the spike
 * @param durationSeconds how long it lasts
 * @param startSecond when it starts, from the start of the profile
 * @param everySeconds repeat period, 0 for a single spike
 */
public record Spike(double rate, int durationSeconds, int startSecond, int everySeconds) {

    /**
     * Validates the spike.
     *
     * @throws InvalidInputException if the rate is negative or not finite, the duration not positive, the start
     *     negative, or the period negative or shorter than the duration
     */
    public Spike {
        TrafficProfile.checkRate("spike rate", rate);
        if (durationSeconds <= 0) {
            throw InvalidInputException.of("spike duration", durationSeconds, "be positive (seconds)");
        }
        if (startSecond < 0) {
            throw InvalidInputException.of("spike start", startSecond, "not be negative (seconds)");
        }
        if (everySeconds < 0 || (everySeconds > 0 && everySeconds < durationSeconds)) {
            throw InvalidInputException.of(
                    "spike every", everySeconds, "be 0 (once) or at least the duration " + durationSeconds + " s");
        }
    }

    /**
     * Whether the spike is on at this second.
     *
     * @param second from the start of the profile
     * @return true during the spike
     */
    public boolean covers(int second) {
        if (second < startSecond) {
            return false;
        }
        int offset = second - startSecond;
        if (everySeconds > 0) {
            offset %= everySeconds;
        }
        return offset < durationSeconds;
    }
}
