package io.github.ddbpatterns.capacity;

/**
 * How provisioned capacity that changes within an hour is charged. AWS prices provisioned capacity per
 * capacity-unit-hour; we found no page saying how an hour whose capacity changed is billed, so both readings
 * are offered and the choice changes the answer for short spikes (see {@link ServiceRules#provisionedBilling()}).
 */
public enum ProvisionedBilling {

    /** Each second costs its capacity times the hourly price / 3,600 (pro-rated). */
    PER_SECOND,

    /** Each clock hour (UTC) costs the highest capacity in force during that hour for the whole hour. */
    HOURLY_PEAK
}
