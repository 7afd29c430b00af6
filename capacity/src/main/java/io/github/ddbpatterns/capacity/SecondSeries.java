package io.github.ddbpatterns.capacity;

import java.util.Arrays;

/**
 * A ring of the latest {@code window} seconds of one scope's requests and units, for {@link
 * ConsumedCapacityRecorder}; 24 bytes a second. Thread-safe.
 */
final class SecondSeries {

    private static final int DAY = 86_400;
    private static final long UNUSED = Long.MIN_VALUE;

    private final int window;
    private final long[] secondOf;
    private final float[] reads;
    private final float[] writes;
    private final float[] readUnits;
    private final float[] writeUnits;
    private long last = UNUSED;

    SecondSeries(int window) {
        this.window = window;
        this.secondOf = new long[window];
        Arrays.fill(secondOf, UNUSED);
        this.reads = new float[window];
        this.writes = new float[window];
        this.readUnits = new float[window];
        this.writeUnits = new float[window];
    }

    synchronized void add(long second, boolean write, double requests, double units) {
        if (last != UNUSED && second <= last - window) {
            return; // older than the window (a clock stepped back): nowhere to keep it
        }
        int slot = (int) Math.floorMod(second, (long) window);
        if (secondOf[slot] != second) {
            secondOf[slot] = second;
            reads[slot] = 0;
            writes[slot] = 0;
            readUnits[slot] = 0;
            writeUnits[slot] = 0;
        }
        if (write) {
            writes[slot] += (float) requests;
            writeUnits[slot] += (float) units;
        } else {
            reads[slot] += (float) requests;
            readUnits[slot] += (float) units;
        }
        last = Math.max(last, second);
    }

    synchronized boolean isEmpty() {
        return last == UNUSED;
    }

    /** Seconds kept, from 00:00 UTC of the first one's day to the last one, each measured. */
    synchronized TrafficProfile profile() {
        long first = last;
        for (int slot = 0; slot < window; slot++) {
            if (kept(slot)) {
                first = Math.min(first, secondOf[slot]);
            }
        }
        long dayStart = Math.floorDiv(first, DAY) * DAY;
        TrafficProfile.Builder profile = TrafficProfile.builder(Math.toIntExact(last - dayStart + 1));
        for (int slot = 0; slot < window; slot++) {
            if (kept(slot)) {
                profile.measured(
                        (int) (secondOf[slot] - dayStart),
                        requests(reads[slot], readUnits[slot]),
                        requests(writes[slot], writeUnits[slot]),
                        readUnits[slot],
                        writeUnits[slot]);
            }
        }
        return profile.build();
    }

    synchronized RecordedTraffic totals() {
        double r = 0;
        double w = 0;
        double ru = 0;
        double wu = 0;
        for (int slot = 0; slot < window; slot++) {
            if (kept(slot)) {
                r += reads[slot];
                w += writes[slot];
                ru += readUnits[slot];
                wu += writeUnits[slot];
            }
        }
        return new RecordedTraffic(r, w, ru, wu);
    }

    private boolean kept(int slot) {
        return secondOf[slot] != UNUSED && secondOf[slot] > last - window;
    }

    /** Units with no request counted (a batch whose items all came back unprocessed still charged): one request. */
    private static float requests(float requests, float units) {
        return requests == 0 && units > 0 ? 1 : requests;
    }
}
