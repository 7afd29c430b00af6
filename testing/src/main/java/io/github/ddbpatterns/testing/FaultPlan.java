package io.github.ddbpatterns.testing;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One fault a {@link ThrottlingProxy} injects, and when. Immutable: each {@code with…}/{@code on…} method
 * returns a new plan.
 *
 * <p>A plan fires on a request chosen either at random with a seeded {@link java.util.Random} (reproducible:
 * the same seed and the same request sequence give the same faults) or by a deterministic schedule counted
 * over the requests the plan applies to (1-based: every Nth, or the listed request numbers). By default a plan
 * fires on every request it applies to; {@link #onOperation(String)} restricts it to one operation.
 *
 * <pre>{@code
 * FaultPlan.unprocessedItems(0.5).onOperation("BatchWriteItem");     // half of every batch comes back
 * FaultPlan.internalServerError().withProbability(0.1, 42L);         // 10 % of requests, seeded
 * FaultPlan.connectionReset().atRequests(3, 7);                       // requests #3 and #7
 * FaultPlan.responseLost().withProbability(0.01, 7L);                 // applied, then the connection reset
 * FaultPlan.corruptedChecksum().onOperation("BatchWriteItem");        // applied, response refused by the SDK
 * FaultPlan.internalServerError().everyNthRequest(5).onOperation("PutItem");
 * FaultPlan.throttle().onOperation("Query");                          // every Query throttled
 * FaultPlan.throttle().onPartitionKey("user-42");                     // writes of one hot partition key
 * }</pre>
 *
 * <p>When several plans fire on the same request, the first in the order given to the proxy wins for
 * errors and resets; an {@link FaultKind#UNPROCESSED_ITEMS} plan only applies to BatchWriteItem and
 * BatchGetItem requests.
 */
public final class FaultPlan {

    private final FaultKind kind;
    private final double fraction;
    private final double probability;
    private final long seed;
    private final int everyNth;
    private final long[] atRequests;
    private final String operation;
    private final String partitionKey;

    private FaultPlan(
            FaultKind kind,
            double fraction,
            double probability,
            long seed,
            int everyNth,
            long[] atRequests,
            String operation,
            String partitionKey) {
        this.kind = kind;
        this.fraction = fraction;
        this.probability = probability;
        this.seed = seed;
        this.everyNth = everyNth;
        this.atRequests = atRequests;
        this.operation = operation;
        this.partitionKey = partitionKey;
    }

    /**
     * Returns {@code fraction} of the items of each BatchWriteItem (keys of each BatchGetItem) as unprocessed
     * ({@code fraction * n} items of n; a fractional part becomes one more item with that probability, so a
     * one-item resend at 0.3 is unprocessed three times in ten), chosen with a random sequence seeded by
     * {@link #seed()};
     * the other items are forwarded. Applies to BatchWriteItem and BatchGetItem only.
     *
     * @throws IllegalArgumentException if {@code fraction} is not in (0, 1]
     */
    public static FaultPlan unprocessedItems(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got: " + fraction);
        }
        return new FaultPlan(FaultKind.UNPROCESSED_ITEMS, fraction, 1.0, 0L, 0, null, null, null);
    }

    /** Answers HTTP 500 {@code InternalServerError} without forwarding. */
    public static FaultPlan internalServerError() {
        return new FaultPlan(FaultKind.INTERNAL_SERVER_ERROR, 0, 1.0, 0L, 0, null, null, null);
    }

    /**
     * Answers the proxy's throttle error ({@code ProvisionedThroughputExceededException} by default) without
     * forwarding, whatever the capacity left: a deterministic throttle for retry tests.
     *
     * @return the plan
     */
    public static FaultPlan throttle() {
        return new FaultPlan(FaultKind.THROTTLE, 0, 1.0, 0L, 0, null, null, null);
    }

    /**
     * Forwards the request (it is applied), then resets the connection instead of answering: the response is lost.
     *
     * @return the plan
     */
    public static FaultPlan responseLost() {
        return new FaultPlan(FaultKind.RESPONSE_LOST, 0, 1.0, 0L, 0, null, null, null);
    }

    /**
     * Forwards the request (it is applied) and answers its response with a corrupted {@code x-amz-crc32} header.
     *
     * @return the plan
     */
    public static FaultPlan corruptedChecksum() {
        return new FaultPlan(FaultKind.CORRUPTED_CHECKSUM, 0, 1.0, 0L, 0, null, null, null);
    }

    /** Resets the connection (TCP RST, no response) without forwarding. */
    public static FaultPlan connectionReset() {
        return new FaultPlan(FaultKind.CONNECTION_RESET, 0, 1.0, 0L, 0, null, null, null);
    }

    /**
     * Fires on each applicable request with the given probability, drawn from a {@link java.util.Random}
     * seeded with {@code seed}. Replaces any schedule.
     *
     * @throws IllegalArgumentException if {@code probability} is not in [0, 1]
     */
    public FaultPlan withProbability(double probability, long seed) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got: " + probability);
        }
        return new FaultPlan(kind, fraction, probability, seed, 0, null, operation, partitionKey);
    }

    /**
     * Fires on applicable requests number n, 2n, 3n… (1-based). Replaces any probability or other schedule.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public FaultPlan everyNthRequest(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got: " + n);
        }
        return new FaultPlan(kind, fraction, 1.0, seed, n, null, operation, partitionKey);
    }

    /**
     * Fires on exactly the listed applicable requests (1-based). Replaces any probability or other schedule.
     *
     * @throws IllegalArgumentException if no number is given or one is {@code < 1}
     */
    public FaultPlan atRequests(long... requestNumbers) {
        if (requestNumbers == null || requestNumbers.length == 0) {
            throw new IllegalArgumentException("requestNumbers must not be empty");
        }
        long[] sorted = requestNumbers.clone();
        Arrays.sort(sorted);
        if (sorted[0] < 1) {
            throw new IllegalArgumentException("requestNumbers must be >= 1, got: " + Arrays.toString(requestNumbers));
        }
        return new FaultPlan(kind, fraction, 1.0, seed, 0, sorted, operation, partitionKey);
    }

    /**
     * Applies this plan only to requests of one operation (the name after {@code DynamoDB_20120810.} in
     * {@code X-Amz-Target}, e.g. {@code "PutItem"}); request numbers then count that operation only.
     *
     * @throws IllegalArgumentException if {@code operation} is null or blank
     */
    public FaultPlan onOperation(String operation) {
        if (operation == null || operation.isBlank()) {
            throw new IllegalArgumentException("operation must not be blank, got: " + operation);
        }
        return new FaultPlan(kind, fraction, probability, seed, everyNth, atRequests, operation, partitionKey);
    }

    /**
     * Applies this {@link #throttle()} plan only to writes of items whose partition key value is {@code value} (a
     * string or number key, compared as text): a PutItem, UpdateItem or DeleteItem of such an item gets the throttle
     * error; in a BatchWriteItem such items come back in {@code UnprocessedItems} while the others are written, and a
     * batch holding only such items gets the throttle error, as from the service when one partition is hot. Request
     * numbers of a schedule then count those writes (each batch item is one). Reads and other keys pass untouched.
     *
     * @param value the partition key value, e.g. {@code "user-42"}
     * @return the plan
     * @throws IllegalArgumentException if {@code value} is null or empty
     * @throws IllegalStateException if this is not a {@link #throttle()} plan
     */
    public FaultPlan onPartitionKey(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("partition key value must not be empty, got: " + value);
        }
        if (kind != FaultKind.THROTTLE) {
            throw new IllegalStateException("onPartitionKey applies to throttle() plans only, not to " + kind);
        }
        return new FaultPlan(kind, fraction, probability, seed, everyNth, atRequests, operation, value);
    }

    /** Seeds the random choice of which items a {@link FaultKind#UNPROCESSED_ITEMS} plan returns. */
    public FaultPlan withSeed(long seed) {
        return new FaultPlan(kind, fraction, probability, seed, everyNth, atRequests, operation, partitionKey);
    }

    /** The kind of fault. */
    public FaultKind kind() {
        return kind;
    }

    /** For {@link FaultKind#UNPROCESSED_ITEMS}: the fraction of items returned unprocessed; 0 otherwise. */
    public double fraction() {
        return fraction;
    }

    /** The probability of firing when no schedule is set (1 by default). */
    public double probability() {
        return probability;
    }

    /** The seed of the random sequences of this plan. */
    public long seed() {
        return seed;
    }

    /** The period of an every-Nth schedule, 0 when none. */
    public int everyNth() {
        return everyNth;
    }

    /** The request numbers of an explicit schedule, empty when none. */
    public long[] atRequests() {
        return atRequests == null ? new long[0] : atRequests.clone();
    }

    /** The operation this plan is restricted to, if any. */
    public Optional<String> operation() {
        return Optional.ofNullable(operation);
    }

    /** The partition key value whose writes this plan is restricted to, if any (see {@link #onPartitionKey}). */
    public Optional<String> partitionKey() {
        return Optional.ofNullable(partitionKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FaultPlan p
                && p.kind == kind
                && p.fraction == fraction
                && p.probability == probability
                && p.seed == seed
                && p.everyNth == everyNth
                && Arrays.equals(p.atRequests, atRequests)
                && Objects.equals(p.operation, operation)
                && Objects.equals(p.partitionKey, partitionKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                kind, fraction, probability, seed, everyNth, Arrays.hashCode(atRequests), operation, partitionKey);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("FaultPlan[").append(kind);
        if (kind == FaultKind.UNPROCESSED_ITEMS) {
            s.append(", fraction=").append(fraction);
        }
        if (everyNth > 0) {
            s.append(", every ").append(everyNth).append("th");
        } else if (atRequests != null) {
            s.append(", at ").append(Arrays.toString(atRequests));
        } else {
            s.append(", p=").append(probability);
        }
        s.append(", seed=").append(seed);
        if (operation != null) {
            s.append(", operation=").append(operation);
        }
        if (partitionKey != null) {
            s.append(", partitionKey=").append(partitionKey);
        }
        return s.append(']').toString();
    }
}
