package io.github.ddbpatterns.testing;

/**
 * The error a {@link ThrottlingProxy} answers when a partition (or the table) has no capacity left. Both are
 * HTTP 400 with DynamoDB's JSON error body; the SDK treats both as throttling and retries them.
 */
public enum ThrottleErrorCode {
    /** What a provisioned-mode table answers: {@code ProvisionedThroughputExceededException}. */
    PROVISIONED_THROUGHPUT_EXCEEDED(
            "ProvisionedThroughputExceededException",
            "The level of configured provisioned throughput for the table was exceeded. "
                    + "Consider increasing your provisioning level with the UpdateTable API."),
    /** What an on-demand table answers for a hot partition: {@code ThrottlingException}. */
    THROTTLING(
            "ThrottlingException",
            "Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling "
                    + "your table or index so please try again shortly. If exceptions persist, check if you have "
                    + "a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
                    + "bp-partition-key-design.html");

    private final String code;
    private final String message;

    ThrottleErrorCode(String code, String message) {
        this.code = code;
        this.message = message;
    }

    /** The error code after {@code #} in {@code __type}, e.g. {@code ProvisionedThroughputExceededException}. */
    public String code() {
        return code;
    }

    /** The message the service sends with this error. */
    public String message() {
        return message;
    }
}
