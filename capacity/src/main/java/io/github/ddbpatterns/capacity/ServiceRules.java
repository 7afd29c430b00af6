package io.github.ddbpatterns.capacity;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.capacity.CostEstimator;
import io.github.ddbpatterns.core.internal.Checks;
import java.time.Duration;

/**
 * The DynamoDB figures the simulator plays by, each a parameter because AWS changes them. Defaults and their
 * sources (as published when this class was written; re-check them before quoting numbers):
 * <ul>
 *   <li><b>Prices</b> ({@link #prices()}, core's {@link CostEstimator}): us-east-1 standard tables after the
 *       1 November 2024 change, on-demand 0.625 USD per million write request units and 0.125 USD per million
 *       read request units; provisioned 0.00065 USD per WCU-hour and 0.00013 USD per RCU-hour. Source:
 *       <a href="https://aws.amazon.com/dynamodb/pricing/on-demand/">DynamoDB on-demand pricing</a> and
 *       <a href="https://aws.amazon.com/dynamodb/pricing/provisioned/">provisioned pricing</a>.</li>
 *   <li><b>On-demand scaling</b>: a table serves up to {@link #onDemandPeakMultiplier() 2x} its previous peak
 *       instantly; more than that within {@link #onDemandPeakWindow() 30 minutes} may throttle; a new table can
 *       drive {@link #onDemandWarmWriteUnits() 4,000} write and {@link #onDemandWarmReadUnits() 12,000} read
 *       request units per second at once (its warm throughput); the default per-table quota is
 *       {@link #onDemandTableMaxWriteUnits() 40,000} of each. Sources: Developer Guide,
 *       <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html">
 *       DynamoDB on-demand capacity mode</a> (initial throughput and scaling properties);
 *       <a href="https://repost.aws/knowledge-center/on-demand-table-throttling-dynamodb">AWS re:Post knowledge
 *       center, "My on-demand DynamoDB table has throttling"</a> ("If you exceed double your previous traffic's
 *       peak within 30 minutes, then you might experience throttling");
 *       <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html">Quotas in
 *       Amazon DynamoDB</a> (throughput default quotas).</li>
 *   <li><b>Burst capacity</b> (provisioned): up to {@link #burstWindow() 300 seconds} of unused capacity is kept
 *       and spent when demand exceeds the provisioned rate, best-effort. Source: Developer Guide,
 *       <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/burst-adaptive-capacity.html">
 *       DynamoDB burst and adaptive capacity</a>. {@code burstWindow(Duration.ZERO)} models a table whose burst
 *       has been used up by DynamoDB's own background work.</li>
 *   <li><b>Partitions</b>: each serves at most {@link #partitionMaxWriteUnits() 1,000} write and
 *       {@link #partitionMaxReadUnits() 3,000} read units per second, in both modes. Source: the same re:Post
 *       article and the burst and adaptive capacity page. Applied to the hot keys a profile names
 *       ({@link TrafficProfile#keyShares()}): each key's share of a second's units above the limit is throttled
 *       under every strategy, whatever the table's capacity; the rest of the traffic is taken as spread over
 *       enough partitions (a profile without key shares is limited by the table only).</li>
 *   <li><b>Target-tracking auto scaling</b>: the target utilisation is between
 *       {@link #minTargetUtilisation() 20 %} and {@link #maxTargetUtilisation() 90 %} (70 % is the console's
 *       default, {@link #defaultTargetUtilisation()}); scaling out starts when consumed capacity breaches the
 *       target for {@link #scaleOutDatapoints() 2} consecutive one-minute datapoints, and the table update then
 *       takes a few minutes ({@link #scalingUpdateLag()}, an assumption of 2 minutes: AWS says "CloudWatch
 *       alarms might have a short delay of up to a few minutes" and the update "a few minutes"); scaling in
 *       starts after {@link #scaleInDatapoints() 15} consecutive datapoints {@link #scaleInMargin() 20
 *       percentage points} or more below the target. Sources: Developer Guide,
 *       <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ProvisionedThroughput.html">
 *       DynamoDB provisioned capacity mode</a> ("Auto scaling triggers when your consumed capacity breaches the
 *       configured target utilization for two consecutive minutes") and
 *       <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/AutoScaling.html">Managing
 *       throughput capacity automatically with DynamoDB auto scaling</a> (15 datapoints, 20-90 %);
 *       <a href="https://repost.aws/knowledge-center/dynamodb-auto-scaling">AWS re:Post knowledge center,
 *       "DynamoDB auto scaling"</a> (decrease when utilisation is 20 % or more below the target for 15
 *       consecutive minutes).</li>
 *   <li><b>Decreases</b>: a table's provisioned throughput can be decreased {@link #freeDecreasesPerDay() 4}
 *       times at any time in a UTC day, then once more per {@link #decreaseInterval() hour} without a
 *       decrease (27 a day). Source:
 *       <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html">Quotas in
 *       Amazon DynamoDB</a>, "Decreasing provisioned throughput".</li>
 *   <li><b>Billing of a capacity change within an hour</b> ({@link #provisionedBilling()}): not documented that
 *       we found; pro-rated per second by default, or the hour's peak for the whole hour.</li>
 * </ul>
 *
 * <p>Immutable; {@link #ofDefaults()} or {@link #builder()}, {@link #toBuilder()}.
 */
public final class ServiceRules {

    /** Default lower bound of the target utilisation (20 %). */
    public static final double DEFAULT_MIN_TARGET_UTILISATION = 0.20;
    /** Default upper bound of the target utilisation (90 %). */
    public static final double DEFAULT_MAX_TARGET_UTILISATION = 0.90;

    private static final ServiceRules DEFAULTS = builder().build();

    private final CostEstimator prices;
    private final double onDemandPeakMultiplier;
    private final Duration onDemandPeakWindow;
    private final double onDemandWarmWriteUnits;
    private final double onDemandWarmReadUnits;
    private final double onDemandTableMaxWriteUnits;
    private final double onDemandTableMaxReadUnits;
    private final Duration burstWindow;
    private final double partitionMaxWriteUnits;
    private final double partitionMaxReadUnits;
    private final double minTargetUtilisation;
    private final double maxTargetUtilisation;
    private final double defaultTargetUtilisation;
    private final int scaleOutDatapoints;
    private final int scaleInDatapoints;
    private final double scaleInMargin;
    private final Duration scalingUpdateLag;
    private final int freeDecreasesPerDay;
    private final Duration decreaseInterval;
    private final double hoursPerMonth;
    private final ProvisionedBilling provisionedBilling;

    private ServiceRules(Builder b) {
        if (b.minTargetUtilisation > b.maxTargetUtilisation) {
            throw InvalidInputException.of(
                    "minTargetUtilisation",
                    b.minTargetUtilisation,
                    "not exceed maxTargetUtilisation " + b.maxTargetUtilisation);
        }
        if (b.defaultTargetUtilisation < b.minTargetUtilisation
                || b.defaultTargetUtilisation > b.maxTargetUtilisation) {
            throw InvalidInputException.of(
                    "defaultTargetUtilisation",
                    b.defaultTargetUtilisation,
                    "be between " + b.minTargetUtilisation + " and " + b.maxTargetUtilisation);
        }
        this.prices = b.prices;
        this.onDemandPeakMultiplier = b.onDemandPeakMultiplier;
        this.onDemandPeakWindow = b.onDemandPeakWindow;
        this.onDemandWarmWriteUnits = b.onDemandWarmWriteUnits;
        this.onDemandWarmReadUnits = b.onDemandWarmReadUnits;
        this.onDemandTableMaxWriteUnits = b.onDemandTableMaxWriteUnits;
        this.onDemandTableMaxReadUnits = b.onDemandTableMaxReadUnits;
        this.burstWindow = b.burstWindow;
        this.partitionMaxWriteUnits = b.partitionMaxWriteUnits;
        this.partitionMaxReadUnits = b.partitionMaxReadUnits;
        this.minTargetUtilisation = b.minTargetUtilisation;
        this.maxTargetUtilisation = b.maxTargetUtilisation;
        this.defaultTargetUtilisation = b.defaultTargetUtilisation;
        this.scaleOutDatapoints = b.scaleOutDatapoints;
        this.scaleInDatapoints = b.scaleInDatapoints;
        this.scaleInMargin = b.scaleInMargin;
        this.scalingUpdateLag = b.scalingUpdateLag;
        this.freeDecreasesPerDay = b.freeDecreasesPerDay;
        this.decreaseInterval = b.decreaseInterval;
        this.hoursPerMonth = b.hoursPerMonth;
        this.provisionedBilling = b.provisionedBilling;
    }

    /**
     * The rules with the defaults listed above.
     *
     * @return the default rules
     */
    public static ServiceRules ofDefaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these rules.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.prices = prices;
        b.onDemandPeakMultiplier = onDemandPeakMultiplier;
        b.onDemandPeakWindow = onDemandPeakWindow;
        b.onDemandWarmWriteUnits = onDemandWarmWriteUnits;
        b.onDemandWarmReadUnits = onDemandWarmReadUnits;
        b.onDemandTableMaxWriteUnits = onDemandTableMaxWriteUnits;
        b.onDemandTableMaxReadUnits = onDemandTableMaxReadUnits;
        b.burstWindow = burstWindow;
        b.partitionMaxWriteUnits = partitionMaxWriteUnits;
        b.partitionMaxReadUnits = partitionMaxReadUnits;
        b.minTargetUtilisation = minTargetUtilisation;
        b.maxTargetUtilisation = maxTargetUtilisation;
        b.defaultTargetUtilisation = defaultTargetUtilisation;
        b.scaleOutDatapoints = scaleOutDatapoints;
        b.scaleInDatapoints = scaleInDatapoints;
        b.scaleInMargin = scaleInMargin;
        b.scalingUpdateLag = scalingUpdateLag;
        b.freeDecreasesPerDay = freeDecreasesPerDay;
        b.decreaseInterval = decreaseInterval;
        b.hoursPerMonth = hoursPerMonth;
        b.provisionedBilling = provisionedBilling;
        return b;
    }

    /**
     * Prices (core's estimator; us-east-1 after November 2024 by default).
     *
     * @return the price list
     */
    public CostEstimator prices() {
        return prices;
    }

    /**
     * How many times its previous peak an on-demand table serves at once (2).
     *
     * @return the multiplier
     */
    public double onDemandPeakMultiplier() {
        return onDemandPeakMultiplier;
    }

    /**
     * How long a new on-demand peak takes to count as the previous peak (30 minutes).
     *
     * @return the window
     */
    public Duration onDemandPeakWindow() {
        return onDemandPeakWindow;
    }

    /**
     * Write request units per second a new on-demand table serves at once (4,000).
     *
     * @return the warm write throughput
     */
    public double onDemandWarmWriteUnits() {
        return onDemandWarmWriteUnits;
    }

    /**
     * Read request units per second a new on-demand table serves at once (12,000).
     *
     * @return the warm read throughput
     */
    public double onDemandWarmReadUnits() {
        return onDemandWarmReadUnits;
    }

    /**
     * Default per-table quota of write request units per second in on-demand mode (40,000).
     *
     * @return the quota
     */
    public double onDemandTableMaxWriteUnits() {
        return onDemandTableMaxWriteUnits;
    }

    /**
     * Default per-table quota of read request units per second in on-demand mode (40,000).
     *
     * @return the quota
     */
    public double onDemandTableMaxReadUnits() {
        return onDemandTableMaxReadUnits;
    }

    /**
     * How much unused provisioned capacity is kept as burst, in seconds of the provisioned rate (300 s).
     *
     * @return the window
     */
    public Duration burstWindow() {
        return burstWindow;
    }

    /**
     * Write units per second one partition serves (1,000).
     *
     * @return the limit
     */
    public double partitionMaxWriteUnits() {
        return partitionMaxWriteUnits;
    }

    /**
     * Read units per second one partition serves (3,000).
     *
     * @return the limit
     */
    public double partitionMaxReadUnits() {
        return partitionMaxReadUnits;
    }

    /**
     * Lowest target utilisation auto scaling accepts (0.20).
     *
     * @return a fraction
     */
    public double minTargetUtilisation() {
        return minTargetUtilisation;
    }

    /**
     * Highest target utilisation auto scaling accepts (0.90).
     *
     * @return a fraction
     */
    public double maxTargetUtilisation() {
        return maxTargetUtilisation;
    }

    /**
     * Target utilisation used when a strategy does not set one (0.70).
     *
     * @return a fraction
     */
    public double defaultTargetUtilisation() {
        return defaultTargetUtilisation;
    }

    /**
     * Consecutive one-minute datapoints above the target before auto scaling scales out (2).
     *
     * @return a count of minutes
     */
    public int scaleOutDatapoints() {
        return scaleOutDatapoints;
    }

    /**
     * Consecutive one-minute datapoints below target minus {@link #scaleInMargin()} before it scales in (15).
     *
     * @return a count of minutes
     */
    public int scaleInDatapoints() {
        return scaleInDatapoints;
    }

    /**
     * How far below the target (in utilisation, 0.20 = 20 percentage points) a datapoint must be to count
     * toward scaling in.
     *
     * @return a fraction
     */
    public double scaleInMargin() {
        return scaleInMargin;
    }

    /**
     * Time from the scaling decision (or a scheduled action) to the new capacity being in force: alarm delay
     * plus UpdateTable (2 minutes, an assumption for AWS's "a few minutes").
     *
     * @return the lag
     */
    public Duration scalingUpdateLag() {
        return scalingUpdateLag;
    }

    /**
     * Decreases allowed at any time in a UTC day before the hourly rule applies (4).
     *
     * @return a count
     */
    public int freeDecreasesPerDay() {
        return freeDecreasesPerDay;
    }

    /**
     * After the free decreases, another decrease needs this long without one (1 hour).
     *
     * @return the interval
     */
    public Duration decreaseInterval() {
        return decreaseInterval;
    }

    /**
     * Hours in a billing month (730, the figure AWS price pages use).
     *
     * @return hours
     */
    public double hoursPerMonth() {
        return hoursPerMonth;
    }

    /**
     * How a change of provisioned capacity within an hour is charged ({@link ProvisionedBilling#PER_SECOND} by
     * default: pro-rated, what "price per capacity-unit-hour" says; AWS does not say how a partial hour at a
     * higher capacity is billed, so {@link ProvisionedBilling#HOURLY_PEAK} shows the cost if the whole hour is).
     *
     * @return the billing model
     */
    public ProvisionedBilling provisionedBilling() {
        return provisionedBilling;
    }

    /**
     * Checks a target utilisation against {@link #minTargetUtilisation()}..{@link #maxTargetUtilisation()}.
     *
     * @param field the name to report
     * @param value the utilisation, a fraction
     * @return {@code value}
     * @throws InvalidInputException if {@code value} is outside the range
     */
    public double checkTargetUtilisation(String field, double value) {
        if (!(value >= minTargetUtilisation && value <= maxTargetUtilisation)) {
            throw InvalidInputException.of(
                    field, value, "be between " + minTargetUtilisation + " and " + maxTargetUtilisation);
        }
        return value;
    }

    @Override
    public String toString() {
        return "ServiceRules[" + prices + ", onDemand x" + onDemandPeakMultiplier + "/" + onDemandPeakWindow
                + ", warm " + onDemandWarmWriteUnits + "/" + onDemandWarmReadUnits + ", burst " + burstWindow
                + ", scaleOut " + scaleOutDatapoints + " min + " + scalingUpdateLag + ", scaleIn "
                + scaleInDatapoints + " min at target-" + scaleInMargin + ", decreases " + freeDecreasesPerDay
                + " + 1/" + decreaseInterval + ", billing " + provisionedBilling + "]";
    }

    static double positiveFinite(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw InvalidInputException.of(field, value, "be a finite number > 0");
        }
        return value;
    }

    static double fraction(String field, double value) {
        if (!(value > 0 && value <= 1)) {
            throw InvalidInputException.of(field, value, "be in (0, 1]");
        }
        return value;
    }

    /** Builds {@link ServiceRules}; each setter validates at once. */
    public static final class Builder {

        private CostEstimator prices = CostEstimator.ofDefaults();
        private double onDemandPeakMultiplier = 2.0;
        private Duration onDemandPeakWindow = Duration.ofMinutes(30);
        private double onDemandWarmWriteUnits = 4_000;
        private double onDemandWarmReadUnits = 12_000;
        private double onDemandTableMaxWriteUnits = 40_000;
        private double onDemandTableMaxReadUnits = 40_000;
        private Duration burstWindow = Duration.ofSeconds(300);
        private double partitionMaxWriteUnits = 1_000;
        private double partitionMaxReadUnits = 3_000;
        private double minTargetUtilisation = DEFAULT_MIN_TARGET_UTILISATION;
        private double maxTargetUtilisation = DEFAULT_MAX_TARGET_UTILISATION;
        private double defaultTargetUtilisation = 0.70;
        private int scaleOutDatapoints = 2;
        private int scaleInDatapoints = 15;
        private double scaleInMargin = 0.20;
        private Duration scalingUpdateLag = Duration.ofMinutes(2);
        private int freeDecreasesPerDay = 4;
        private Duration decreaseInterval = Duration.ofHours(1);
        private double hoursPerMonth = 730;
        private ProvisionedBilling provisionedBilling = ProvisionedBilling.PER_SECOND;

        private Builder() {}

        /**
         * Sets the prices.
         *
         * @param prices the price list
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder prices(CostEstimator prices) {
            this.prices = Checks.notNull("prices", prices);
            return this;
        }

        /**
         * Sets how many times its previous peak an on-demand table serves at once.
         *
         * @param multiplier at least 1
         * @return this builder
         * @throws InvalidInputException if below 1 or not finite
         */
        public Builder onDemandPeakMultiplier(double multiplier) {
            if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
                throw InvalidInputException.of("onDemandPeakMultiplier", multiplier, "be a finite number >= 1");
            }
            this.onDemandPeakMultiplier = multiplier;
            return this;
        }

        /**
         * Sets how long a new on-demand peak takes to count as the previous peak.
         *
         * @param window whole seconds, positive
         * @return this builder
         * @throws InvalidInputException if null, not positive or shorter than a second
         */
        public Builder onDemandPeakWindow(Duration window) {
            this.onDemandPeakWindow = wholeSeconds("onDemandPeakWindow", Checks.positive("onDemandPeakWindow", window));
            return this;
        }

        /**
         * Sets the warm throughput of a new on-demand table.
         *
         * @param writeUnits write request units per second
         * @param readUnits read request units per second
         * @return this builder
         * @throws InvalidInputException if not positive
         */
        public Builder onDemandWarmThroughput(double writeUnits, double readUnits) {
            this.onDemandWarmWriteUnits = positiveFinite("onDemandWarmWriteUnits", writeUnits);
            this.onDemandWarmReadUnits = positiveFinite("onDemandWarmReadUnits", readUnits);
            return this;
        }

        /**
         * Sets the per-table on-demand throughput quota.
         *
         * @param writeUnits write request units per second
         * @param readUnits read request units per second
         * @return this builder
         * @throws InvalidInputException if not positive
         */
        public Builder onDemandTableMax(double writeUnits, double readUnits) {
            this.onDemandTableMaxWriteUnits = positiveFinite("onDemandTableMaxWriteUnits", writeUnits);
            this.onDemandTableMaxReadUnits = positiveFinite("onDemandTableMaxReadUnits", readUnits);
            return this;
        }

        /**
         * Sets how much unused provisioned capacity is kept as burst; zero disables burst.
         *
         * @param window whole seconds, zero or more
         * @return this builder
         * @throws InvalidInputException if null or negative
         */
        public Builder burstWindow(Duration window) {
            this.burstWindow = wholeSeconds("burstWindow", Checks.notNegative("burstWindow", window));
            return this;
        }

        /**
         * Sets the per-partition limits.
         *
         * @param writeUnits write units per second
         * @param readUnits read units per second
         * @return this builder
         * @throws InvalidInputException if not positive
         */
        public Builder partitionMax(double writeUnits, double readUnits) {
            this.partitionMaxWriteUnits = positiveFinite("partitionMaxWriteUnits", writeUnits);
            this.partitionMaxReadUnits = positiveFinite("partitionMaxReadUnits", readUnits);
            return this;
        }

        /**
         * Sets the range of target utilisations auto scaling accepts.
         *
         * @param min lowest, in (0, 1]
         * @param max highest, in (0, 1], at least {@code min}
         * @return this builder
         * @throws InvalidInputException if out of (0, 1] or {@code min > max}
         */
        public Builder targetUtilisationRange(double min, double max) {
            fraction("minTargetUtilisation", min);
            fraction("maxTargetUtilisation", max);
            if (min > max) {
                throw InvalidInputException.of("minTargetUtilisation", min, "not exceed maxTargetUtilisation " + max);
            }
            this.minTargetUtilisation = min;
            this.maxTargetUtilisation = max;
            return this;
        }

        /**
         * Sets the target utilisation strategies use by default (checked against the range at {@link #build()}).
         *
         * @param target a fraction in (0, 1]
         * @return this builder
         * @throws InvalidInputException if outside (0, 1]
         */
        public Builder defaultTargetUtilisation(double target) {
            this.defaultTargetUtilisation = fraction("defaultTargetUtilisation", target);
            return this;
        }

        /**
         * Sets the consecutive one-minute datapoints above target before scaling out.
         *
         * @param datapoints at least 1
         * @return this builder
         * @throws InvalidInputException if not positive
         */
        public Builder scaleOutDatapoints(int datapoints) {
            this.scaleOutDatapoints = Checks.positive("scaleOutDatapoints", datapoints);
            return this;
        }

        /**
         * Sets the consecutive one-minute datapoints below target minus margin before scaling in.
         *
         * @param datapoints at least 1
         * @return this builder
         * @throws InvalidInputException if not positive
         */
        public Builder scaleInDatapoints(int datapoints) {
            this.scaleInDatapoints = Checks.positive("scaleInDatapoints", datapoints);
            return this;
        }

        /**
         * Sets how far below the target a datapoint must be to count toward scaling in.
         *
         * @param margin a fraction in [0, 1)
         * @return this builder
         * @throws InvalidInputException if outside [0, 1)
         */
        public Builder scaleInMargin(double margin) {
            if (!(margin >= 0 && margin < 1)) {
                throw InvalidInputException.of("scaleInMargin", margin, "be in [0, 1)");
            }
            this.scaleInMargin = margin;
            return this;
        }

        /**
         * Sets the time from a scaling decision to the new capacity being in force.
         *
         * @param lag whole seconds, zero or more
         * @return this builder
         * @throws InvalidInputException if null or negative
         */
        public Builder scalingUpdateLag(Duration lag) {
            this.scalingUpdateLag = wholeSeconds("scalingUpdateLag", Checks.notNegative("scalingUpdateLag", lag));
            return this;
        }

        /**
         * Sets the decrease quota: {@code freePerDay} at any time in a UTC day, then one per {@code interval}
         * without a decrease.
         *
         * @param freePerDay zero or more
         * @param interval positive, whole seconds
         * @return this builder
         * @throws InvalidInputException if {@code freePerDay} is negative or {@code interval} not positive
         */
        public Builder decreaseQuota(int freePerDay, Duration interval) {
            if (freePerDay < 0) {
                throw InvalidInputException.of("freeDecreasesPerDay", freePerDay, "not be negative");
            }
            this.freeDecreasesPerDay = freePerDay;
            this.decreaseInterval = wholeSeconds("decreaseInterval", Checks.positive("decreaseInterval", interval));
            return this;
        }

        /**
         * Sets the hours in a billing month.
         *
         * @param hours positive
         * @return this builder
         * @throws InvalidInputException if not positive
         */
        public Builder hoursPerMonth(double hours) {
            this.hoursPerMonth = positiveFinite("hoursPerMonth", hours);
            return this;
        }

        /**
         * Sets how a change of provisioned capacity within an hour is charged.
         *
         * @param billing the billing model
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder provisionedBilling(ProvisionedBilling billing) {
            this.provisionedBilling = Checks.notNull("provisionedBilling", billing);
            return this;
        }

        /**
         * Builds the rules.
         *
         * @return the rules
         * @throws InvalidInputException if the default target utilisation is outside the range
         */
        public ServiceRules build() {
            return new ServiceRules(this);
        }

        private static Duration wholeSeconds(String field, Duration value) {
            if (value.getNano() != 0) {
                throw InvalidInputException.of(field, value, "be whole seconds");
            }
            return value;
        }
    }
}
