package io.github.ddbpatterns.capacity;

/**
 * What client-side smoothing did to writes: how deep its queue got and how long writes waited in it (to the
 * second: 0 means written in the second it arrived).
 *
 * @param maxDepth most writes queued at the end of a second
 * @param p50DelaySeconds median added delay of a write
 * @param p99DelaySeconds 99th percentile added delay
 * @param maxDelaySeconds longest added delay
 * @param rejectedWrites writes refused because the queue was full
 * @param pendingAtEnd writes still queued when the profile ends
 */
public record QueueStats(
        double maxDepth,
        int p50DelaySeconds,
        int p99DelaySeconds,
        int maxDelaySeconds,
        double rejectedWrites,
        double pendingAtEnd) {}
