package io.github.ddbpatterns.capacity;

/** Small step-shaped profiles for the rule tests. */
final class Profiles {

    private Profiles() {}

    /**
     * Writes of 1 KB at piecewise-constant rates: {@code steps} alternates a number of seconds and a rate, e.g.
     * {@code writes(600, 0, 600, 200)} is 10 idle minutes then 10 minutes at 200 writes/s.
     */
    static TrafficProfile writes(double... steps) {
        int seconds = 0;
        for (int i = 0; i < steps.length; i += 2) {
            seconds += (int) steps[i];
        }
        TrafficProfile.Builder builder = TrafficProfile.builder(seconds);
        int t = 0;
        for (int i = 0; i < steps.length; i += 2) {
            for (int end = t + (int) steps[i]; t < end; t++) {
                builder.rates(t, 0, steps[i + 1]);
            }
        }
        return builder.build();
    }
}
