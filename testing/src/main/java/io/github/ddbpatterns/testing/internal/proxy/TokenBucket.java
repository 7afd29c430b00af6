package io.github.ddbpatterns.testing.internal.proxy;

/**
 * A token bucket refilled continuously at {@code rate} units per second up to {@code capacity}. Starts full.
 * The balance may go negative (a read is charged after its size is known): the debt is then refilled first.
 * Not thread-safe; {@link CapacityLedger} guards it.
 */
final class TokenBucket {

    private final double ratePerNano;
    private final double capacity;
    private double balance;
    private long lastNanos;

    TokenBucket(double ratePerSecond, double capacity, long nowNanos) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.capacity = capacity;
        this.balance = capacity;
        this.lastNanos = nowNanos;
    }

    void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            balance = Math.min(capacity, balance + elapsed * ratePerNano);
            lastNanos = nowNanos;
        }
    }

    /** True when {@code units} can be taken now: enough balance, or a full bucket (for oversize requests). */
    boolean canTake(double units) {
        return balance >= units || balance >= capacity;
    }

    boolean hasAny() {
        return balance > 0;
    }

    void take(double units) {
        balance -= units;
    }

    double balance() {
        return balance;
    }
}
