package io.github.ddbpatterns.examples.demo;

/** Small helpers every scenario uses to measure and compare. */
public final class Measures {

    private Measures() {}

    /**
     * Milliseconds since {@code startNanos}.
     *
     * @param startNanos a {@link System#nanoTime()} reading
     * @return the elapsed milliseconds
     */
    public static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /**
     * {@code slow / fast}, with a floor of 1 on the divisor.
     *
     * @param slow the larger figure
     * @param fast the smaller figure
     * @return the ratio
     */
    public static double ratio(double slow, double fast) {
        return slow / Math.max(1, fast);
    }

    /**
     * "5.2x faster" when {@code libraryMillis} is the smaller, else "1.6x slower": never a gain below 1x.
     *
     * @param naiveMillis the naive way's time
     * @param libraryMillis the library's time
     * @return the comparison
     */
    public static String speed(long naiveMillis, long libraryMillis) {
        return naiveMillis >= libraryMillis
                ? String.format("%.1fx faster", ratio(naiveMillis, libraryMillis))
                : String.format("%.1fx slower", ratio(libraryMillis, naiveMillis));
    }

    /**
     * Checks a scenario's size factor (tests run a scenario smaller; the demo runs it at 1).
     *
     * @param size the factor
     * @return {@code size}
     * @throws IllegalArgumentException if {@code size} is not in (0, 1]
     */
    public static double sizeFactor(double size) {
        if (!(size > 0 && size <= 1)) {
            throw new IllegalArgumentException("size must be in (0, 1], got: " + size);
        }
        return size;
    }
}
