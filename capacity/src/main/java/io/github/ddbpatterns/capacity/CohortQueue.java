package io.github.ddbpatterns.capacity;

import java.util.Arrays;

/**
 * The smoothing queue: FIFO cohorts (writes that arrived in the same second, with their unit size) in a ring
 * buffer that grows with the number of seconds queued, and a histogram of delays that grows with the longest
 * delay, so that memory follows the queue rather than the length of the profile.
 */
final class CohortQueue {

    private int[] arrival = new int[64];
    private double[] left = new double[64];
    private double[] unitsEach = new double[64];
    private int head;
    private int size;
    private double queued;
    private double queuedUnits;
    private double[] delays = new double[64];

    void add(int second, double writes, double units) {
        if (size == arrival.length) {
            grow();
        }
        int slot = (head + size) % arrival.length;
        arrival[slot] = second;
        left[slot] = writes;
        unitsEach[slot] = units;
        size++;
        queued += writes;
        queuedUnits += writes * units;
    }

    /** Removes {@code units} from the head at second {@code t}, recording each write's delay. */
    void take(int t, double units) {
        double toTake = units;
        while (toTake > 1e-9 && size > 0) {
            double cohortUnits = left[head] * unitsEach[head];
            if (cohortUnits <= toTake + 1e-9) {
                delay(t - arrival[head], left[head]);
                queued -= left[head];
                queuedUnits -= cohortUnits;
                toTake -= cohortUnits;
                head = (head + 1) % arrival.length;
                size--;
            } else {
                double writes = toTake / unitsEach[head];
                delay(t - arrival[head], writes);
                left[head] -= writes;
                queued -= writes;
                queuedUnits -= toTake;
                toTake = 0;
            }
        }
        if (size == 0) {
            queued = 0;
            queuedUnits = 0;
        }
    }

    double writes() {
        return queued;
    }

    double units() {
        return queuedUnits;
    }

    /** The smallest delay (seconds) at or below which {@code quantile} of the taken writes were; 1.0 = max. */
    int delayPercentile(double quantile) {
        double total = 0;
        int last = 0;
        for (int d = 0; d < delays.length; d++) {
            if (delays[d] > 1e-9) {
                total += delays[d];
                last = d;
            }
        }
        if (total == 0) {
            return 0;
        }
        if (quantile >= 1.0) {
            return last;
        }
        double rank = quantile * total;
        double seen = 0;
        for (int d = 0; d < delays.length; d++) {
            seen += delays[d];
            if (seen >= rank - 1e-9) {
                return d;
            }
        }
        return last;
    }

    private void delay(int seconds, double writes) {
        if (seconds >= delays.length) {
            delays = Arrays.copyOf(delays, Math.max(seconds + 1, delays.length * 2));
        }
        delays[seconds] += writes;
    }

    private void grow() {
        int capacity = arrival.length * 2;
        int[] a = new int[capacity];
        double[] l = new double[capacity];
        double[] u = new double[capacity];
        for (int i = 0; i < size; i++) {
            int from = (head + i) % arrival.length;
            a[i] = arrival[from];
            l[i] = left[from];
            u[i] = unitsEach[from];
        }
        arrival = a;
        left = l;
        unitsEach = u;
        head = 0;
    }
}
