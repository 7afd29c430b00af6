package io.github.ddbpatterns.core.capacity;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.time.Duration;

/**
 * A rough DynamoDB throughput cost estimate in a currency of your choice (prices are parameters; storage,
 * backups, streams and data transfer are not included). Defaults are the us-east-1 standard-table list
 * prices in USD as published after the November 2024 price change: on-demand 0.625 per million write
 * request units and 0.125 per million read request units; provisioned 0.00065 per WCU-hour and
 * 0.00013 per RCU-hour. Check your region's prices before quoting numbers.
 *
 * <pre>{@code
 * CostEstimator cost = CostEstimator.ofDefaults();
 * // 10 updates/s of the same 1 KB item for a month, one by one vs. coalesced to one write per second:
 * long seconds = Duration.ofDays(30).toSeconds();
 * double naive = cost.onDemandWriteCost(10 * seconds, 1024);     // ~16.2 USD
 * double coalesced = cost.onDemandWriteCost(seconds, 1024);       // ~1.62 USD
 * }</pre>
 *
 * <p>Immutable and thread-safe. Amounts are {@code double}: this is an estimate, not billing.
 */
public final class CostEstimator {

    private static final double MILLION = 1_000_000.0;
    private static final double SECONDS_PER_HOUR = 3600.0;
    private static final CostEstimator DEFAULTS = builder().build();

    private final double onDemandWritePricePerMillion;
    private final double onDemandReadPricePerMillion;
    private final double provisionedWcuHourPrice;
    private final double provisionedRcuHourPrice;

    private CostEstimator(Builder builder) {
        this.onDemandWritePricePerMillion = builder.onDemandWritePricePerMillion;
        this.onDemandReadPricePerMillion = builder.onDemandReadPricePerMillion;
        this.provisionedWcuHourPrice = builder.provisionedWcuHourPrice;
        this.provisionedRcuHourPrice = builder.provisionedRcuHourPrice;
    }

    /** An estimator with the us-east-1 list prices described above. */
    public static CostEstimator ofDefaults() {
        return DEFAULTS;
    }

    /** A builder starting from the default prices. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this estimator's prices. */
    public Builder toBuilder() {
        return new Builder()
                .onDemandWritePricePerMillion(onDemandWritePricePerMillion)
                .onDemandReadPricePerMillion(onDemandReadPricePerMillion)
                .provisionedWcuHourPrice(provisionedWcuHourPrice)
                .provisionedRcuHourPrice(provisionedRcuHourPrice);
    }

    /** Price of one million on-demand write request units. */
    public double onDemandWritePricePerMillion() {
        return onDemandWritePricePerMillion;
    }

    /** Price of one million on-demand read request units. */
    public double onDemandReadPricePerMillion() {
        return onDemandReadPricePerMillion;
    }

    /** Price of one provisioned WCU for one hour. */
    public double provisionedWcuHourPrice() {
        return provisionedWcuHourPrice;
    }

    /** Price of one provisioned RCU for one hour. */
    public double provisionedRcuHourPrice() {
        return provisionedRcuHourPrice;
    }

    /**
     * On-demand cost of consuming the given request units.
     *
     * @throws InvalidInputException if a count is negative or not finite
     */
    public double onDemandCost(double writeRequestUnits, double readRequestUnits) {
        checkAmount("writeRequestUnits", writeRequestUnits);
        checkAmount("readRequestUnits", readRequestUnits);
        return writeRequestUnits / MILLION * onDemandWritePricePerMillion
                + readRequestUnits / MILLION * onDemandReadPricePerMillion;
    }

    /**
     * On-demand cost of {@code writes} writes of items of {@code itemBytes} each
     * ({@link CapacityUnits#writeUnits} per write).
     *
     * @throws InvalidInputException if a count is negative
     */
    public double onDemandWriteCost(long writes, long itemBytes) {
        checkAmount("writes", writes);
        return onDemandCost((double) writes * CapacityUnits.writeUnits(itemBytes), 0);
    }

    /**
     * Provisioned cost of holding {@code wcu} and {@code rcu} for {@code period}.
     *
     * @throws InvalidInputException if a capacity is negative or {@code period} is null or negative
     */
    public double provisionedCost(double wcu, double rcu, Duration period) {
        checkAmount("wcu", wcu);
        checkAmount("rcu", rcu);
        Checks.notNegative("period", period);
        double hours = period.toMillis() / 1000.0 / SECONDS_PER_HOUR;
        return hours * (wcu * provisionedWcuHourPrice + rcu * provisionedRcuHourPrice);
    }

    /**
     * Provisioned cost of carrying a steady rate for {@code period} at a target utilisation (e.g. 0.7 for
     * auto scaling's usual target): capacity = rate / utilisation.
     *
     * @throws InvalidInputException if a rate is negative, {@code targetUtilisation} is not in (0, 1], or
     *     {@code period} is null or negative
     */
    public double provisionedCostForRate(
            double writeUnitsPerSecond, double readUnitsPerSecond, double targetUtilisation, Duration period) {
        if (!(targetUtilisation > 0 && targetUtilisation <= 1)) {
            throw InvalidInputException.of("targetUtilisation", targetUtilisation, "be in (0, 1]");
        }
        checkAmount("writeUnitsPerSecond", writeUnitsPerSecond);
        checkAmount("readUnitsPerSecond", readUnitsPerSecond);
        return provisionedCost(writeUnitsPerSecond / targetUtilisation, readUnitsPerSecond / targetUtilisation, period);
    }

    @Override
    public String toString() {
        return "CostEstimator[onDemand write/M=" + onDemandWritePricePerMillion + ", read/M="
                + onDemandReadPricePerMillion + ", provisioned WCU-h=" + provisionedWcuHourPrice + ", RCU-h="
                + provisionedRcuHourPrice + "]";
    }

    private static double checkAmount(String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw InvalidInputException.of(field, value, "be a finite number >= 0");
        }
        return value;
    }

    /** Builds a {@link CostEstimator}; each setter validates at once. */
    public static final class Builder {

        private double onDemandWritePricePerMillion = 0.625;
        private double onDemandReadPricePerMillion = 0.125;
        private double provisionedWcuHourPrice = 0.00065;
        private double provisionedRcuHourPrice = 0.00013;

        private Builder() {}

        /**
         * Price per million on-demand write request units.
         *
         * @throws InvalidInputException if negative or not finite
         */
        public Builder onDemandWritePricePerMillion(double price) {
            this.onDemandWritePricePerMillion = checkAmount("onDemandWritePricePerMillion", price);
            return this;
        }

        /**
         * Price per million on-demand read request units.
         *
         * @throws InvalidInputException if negative or not finite
         */
        public Builder onDemandReadPricePerMillion(double price) {
            this.onDemandReadPricePerMillion = checkAmount("onDemandReadPricePerMillion", price);
            return this;
        }

        /**
         * Price of one provisioned WCU per hour.
         *
         * @throws InvalidInputException if negative or not finite
         */
        public Builder provisionedWcuHourPrice(double price) {
            this.provisionedWcuHourPrice = checkAmount("provisionedWcuHourPrice", price);
            return this;
        }

        /**
         * Price of one provisioned RCU per hour.
         *
         * @throws InvalidInputException if negative or not finite
         */
        public Builder provisionedRcuHourPrice(double price) {
            this.provisionedRcuHourPrice = checkAmount("provisionedRcuHourPrice", price);
            return this;
        }

        /** The estimator. */
        public CostEstimator build() {
            return new CostEstimator(this);
        }
    }
}
