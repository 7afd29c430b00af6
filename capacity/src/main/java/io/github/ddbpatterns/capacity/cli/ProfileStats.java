package io.github.ddbpatterns.capacity.cli;

import io.github.ddbpatterns.capacity.Spike;
import io.github.ddbpatterns.capacity.TrafficProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the planner derives its default strategy settings from: typical and peak demand, and the write spikes (runs of
 * seconds above a threshold, merged when less than {@link #MERGE_GAP_SECONDS} apart).
 */
final class ProfileStats {

    /** Spikes closer than this are one spike for a schedule (15 minutes). */
    static final int MERGE_GAP_SECONDS = 900;

    final double medianWriteUnits;
    final double medianReadUnits;
    final double peakWriteUnits;
    final double peakReadUnits;
    final List<Spike> spikes;
    final double maxWriteUnitsOutsideSpikes;

    private ProfileStats(
            double medianWriteUnits,
            double medianReadUnits,
            double peakWriteUnits,
            double peakReadUnits,
            List<Spike> spikes,
            double maxWriteUnitsOutsideSpikes) {
        this.medianWriteUnits = medianWriteUnits;
        this.medianReadUnits = medianReadUnits;
        this.peakWriteUnits = peakWriteUnits;
        this.peakReadUnits = peakReadUnits;
        this.spikes = spikes;
        this.maxWriteUnitsOutsideSpikes = maxWriteUnitsOutsideSpikes;
    }

    /** Medians and peaks of the profile, and its write spikes: seconds whose write units exceed {@code threshold}. */
    static ProfileStats of(TrafficProfile profile, double spikeFactor, double target) {
        int n = profile.seconds();
        float[] writes = new float[n];
        float[] reads = new float[n];
        double peakW = 0;
        double peakR = 0;
        for (int t = 0; t < n; t++) {
            writes[t] = (float) profile.writeUnits(t);
            reads[t] = (float) profile.readUnits(t);
            peakW = Math.max(peakW, writes[t]);
            peakR = Math.max(peakR, reads[t]);
        }
        float[] sortedW = writes.clone();
        float[] sortedR = reads.clone();
        Arrays.sort(sortedW);
        Arrays.sort(sortedR);
        double medianW = sortedW[n / 2];
        double medianR = sortedR[n / 2];
        double threshold = spikeFactor * Math.max(1, Math.ceil(medianW / target));
        List<Spike> spikes = new ArrayList<>();
        double outside = 0;
        int start = -1;
        int lastHigh = -1;
        double runPeak = 0;
        for (int t = 0; t <= n; t++) {
            boolean high = t < n && writes[t] > threshold;
            if (high) {
                if (start >= 0 && t - lastHigh - 1 >= MERGE_GAP_SECONDS) {
                    spikes.add(new Spike(runPeak, lastHigh + 1 - start, start, 0));
                    start = -1;
                }
                if (start < 0) {
                    start = t;
                    runPeak = 0;
                }
                lastHigh = t;
                runPeak = Math.max(runPeak, writes[t]);
            } else if (t == n && start >= 0) {
                spikes.add(new Spike(runPeak, lastHigh + 1 - start, start, 0));
            }
        }
        int next = 0;
        for (int t = 0; t < n; t++) {
            while (next < spikes.size()
                    && t >= spikes.get(next).startSecond() + spikes.get(next).durationSeconds()) {
                next++;
            }
            boolean inSpike = next < spikes.size() && spikes.get(next).covers(t);
            if (!inSpike) {
                outside = Math.max(outside, writes[t]);
            }
        }
        return new ProfileStats(medianW, medianR, peakW, peakR, List.copyOf(spikes), outside);
    }

    /** The highest mean of write units over any {@code window} consecutive seconds (the whole profile if shorter). */
    static double maxWindowMeanWriteUnits(TrafficProfile profile, int window) {
        int n = profile.seconds();
        int w = Math.min(window, n);
        double sum = 0;
        for (int t = 0; t < w; t++) {
            sum += profile.writeUnits(t);
        }
        double best = sum;
        for (int t = w; t < n; t++) {
            sum += profile.writeUnits(t) - profile.writeUnits(t - w);
            best = Math.max(best, sum);
        }
        return best / w;
    }
}
