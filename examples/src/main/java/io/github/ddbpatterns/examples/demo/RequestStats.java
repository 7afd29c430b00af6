package io.github.ddbpatterns.examples.demo;

/**
 * What a scenario's requests cost, counted the same way against DynamoDB Local (by the throttling proxy) and against
 * a real endpoint (by an interceptor on the demo's clients, from the {@code ConsumedCapacity} DynamoDB returns).
 * A scope is a table name or {@code table/index}.
 */
public interface RequestStats {

    /**
     * Requests of one operation since the last {@link #reset}.
     *
     * @param operation for example {@code "PutItem"}
     * @return the count, throttled ones included
     */
    long requests(String operation);

    /**
     * Requests of every operation since the last {@link #reset}.
     *
     * @return the count
     */
    long requests();

    /**
     * Requests answered with a throttling error since the last {@link #reset}.
     *
     * @return the count
     */
    long throttled();

    /**
     * Read units consumed by a scope since the last {@link #reset}.
     *
     * @param scope a table or {@code table/index}
     * @return the units
     */
    double readUnits(String scope);

    /**
     * Write units consumed by a scope since the last {@link #reset}.
     *
     * @param scope a table or {@code table/index}
     * @return the units
     */
    double writeUnits(String scope);

    /** Starts counting afresh. */
    void reset();
}
