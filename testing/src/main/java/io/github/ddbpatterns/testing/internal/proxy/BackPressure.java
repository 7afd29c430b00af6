package io.github.ddbpatterns.testing.internal.proxy;

import io.github.ddbpatterns.testing.ThrottleErrorCode;

/**
 * The error DynamoDB answers when a table write is throttled because a global secondary index partition has no
 * write capacity ("GSI back-pressure"), per capacity mode: the error code, the service's message (as the service
 * sends it, quoted in public reports of both errors), and the {@code ThrottlingReasons} reason (Amazon DynamoDB API
 * Reference, {@code ThrottlingReason}: {@code ResourceType + OperationType + LimitType}, the resource being the
 * index ARN). The SDK's service model (2.40) names the list {@code ThrottlingReasons} in
 * {@code ProvisionedThroughputExceededException} and {@code throttlingReasons} in {@code ThrottlingException}.
 */
record BackPressure(String code, String message, String reasonsField, String reason) {

    static final BackPressure PROVISIONED = new BackPressure(
            "ProvisionedThroughputExceededException",
            "The level of configured provisioned throughput for one or more global secondary indexes of the table "
                    + "was exceeded. Consider increasing your provisioning level for the under-provisioned global "
                    + "secondary indexes with the UpdateTable API",
            "ThrottlingReasons",
            "IndexWriteProvisionedThroughputExceeded");

    /**
     * On-demand: the proxy's only index limit is a partition's, which the API reference calls
     * {@code KeyRangeThroughputExceeded} ("the request rate directed at a specific partition key value has exceeded
     * the internal partition-level throughput limits"); {@code MaxOnDemandThroughputExceeded} is for a configured
     * maximum, which the proxy does not model.
     */
    static final BackPressure ON_DEMAND = new BackPressure(
            "ThrottlingException",
            "Throughput exceeds the current capacity for one or more global secondary indexes. DynamoDB is "
                    + "automatically scaling your index so please try again shortly.",
            "throttlingReasons",
            "IndexWriteKeyRangeThroughputExceeded");

    static BackPressure of(ThrottleErrorCode code) {
        return code == ThrottleErrorCode.THROTTLING ? ON_DEMAND : PROVISIONED;
    }
}
