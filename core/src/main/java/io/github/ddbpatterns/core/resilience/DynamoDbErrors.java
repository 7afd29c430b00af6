package io.github.ddbpatterns.core.resilience;

import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.Crc32MismatchException;
import software.amazon.awssdk.core.exception.RetryableException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingReason;

/**
 * The one classification of DynamoDB failures used by every retry in ddb-patterns.
 *
 * <p>Wrappers ({@link CompletionException}, {@link ExecutionException}, and SDK client exceptions that carry
 * a cause) are unwrapped first. Then:
 * <ul>
 *   <li>{@link ErrorClass#THROTTLED}: {@code ProvisionedThroughputExceededException},
 *       {@code ThrottlingException}, {@code RequestLimitExceeded}, the SDK's other throttling codes (the set of
 *       {@code software.amazon.awssdk.awscore.internal.AwsErrorCode}), HTTP 429, and Resilience4j's
 *       {@link RequestNotPermitted} (our own client-side limiter said no);</li>
 *   <li>{@link ErrorClass#RETRYABLE_SERVER}: HTTP 500/502/503/504, {@code InternalServerError},
 *       {@code ServiceUnavailable} and the SDK's retryable codes, {@link IOException} (connection reset,
 *       refused, ...), attempt time-outs, and {@link Crc32MismatchException} (which the SDK does not retry);</li>
 *   <li>{@link ErrorClass#NOT_RETRYABLE}: everything else, e.g. {@code ValidationException},
 *       {@code ConditionalCheckFailedException}, {@code ResourceNotFoundException}.</li>
 * </ul>
 *
 * <p>A throttle caused by a secondary index (a table write refused because an index has no capacity) is a
 * throttle like any other; {@link #indexBackPressure(Throwable)} tells it apart and names the index.
 *
 * <pre>{@code
 * client.putItem(request).exceptionally(e -> {
 *     if (DynamoDbErrors.classify(e) == ErrorClass.THROTTLED) { ... }
 * });
 * }</pre>
 */
public final class DynamoDbErrors {

    /** Throttling error codes: DynamoDB's and the SDK's generic ones (AwsErrorCode.THROTTLING_ERROR_CODES). */
    static final Set<String> THROTTLING_CODES = Set.of(
            "ProvisionedThroughputExceededException",
            "ThrottlingException",
            "RequestLimitExceeded",
            "Throttling",
            "ThrottledException",
            "SlowDown",
            "TooManyRequestsException",
            "BandwidthLimitExceeded",
            "RequestThrottled",
            "RequestThrottledException",
            "EC2ThrottledException",
            "TransactionInProgressException");

    /** Transient server-side codes (AwsErrorCode.RETRYABLE_ERROR_CODES plus DynamoDB's 5xx codes). */
    static final Set<String> SERVER_CODES = Set.of(
            "InternalServerError",
            "InternalFailure",
            "InternalError",
            "ServiceUnavailable",
            "ServiceUnavailableException",
            "PriorRequestNotComplete",
            "RequestTimeout",
            "RequestTimeoutException");

    private static final int MAX_UNWRAP_DEPTH = 16;
    private static final String INDEX_WRITE_REASON_PREFIX = "IndexWrite";
    /** In both of DynamoDB's index back-pressure messages (provisioned and on-demand). */
    private static final String GSI_MESSAGE = "one or more global secondary indexes";

    private static final Pattern INDEX_ARN = Pattern.compile(":table/([^/]+)/index/([^/]+)$");

    private DynamoDbErrors() {}

    /** Classifies {@code error} after unwrapping; a null error is {@link ErrorClass#NOT_RETRYABLE}. */
    public static ErrorClass classify(Throwable error) {
        Throwable current = error;
        for (int depth = 0; current != null && depth < MAX_UNWRAP_DEPTH; depth++) {
            ErrorClass found = classifyOne(current);
            if (found != null) {
                return found;
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return ErrorClass.NOT_RETRYABLE;
    }

    /** True when {@code error} is a throttle. */
    public static boolean isThrottle(Throwable error) {
        return classify(error) == ErrorClass.THROTTLED;
    }

    /** True when retrying {@code error} may help (throttle or transient server failure). */
    public static boolean isRetryable(Throwable error) {
        return classify(error).isRetryable();
    }

    /**
     * The index back-pressure behind {@code error}, if it is one: a table write throttled because a secondary index
     * had no write capacity. Recognised by the service's {@code ThrottlingReasons} (a reason starting with {@code
     * IndexWrite}, the index ARN {@code arn:...:table/T/index/I} as resource) or, for responses without reasons, by
     * the messages DynamoDB sends: "The level of configured provisioned throughput for one or more global secondary
     * indexes of the table was exceeded..." (provisioned) and "Throughput exceeds the current capacity for one or
     * more global secondary indexes..." (on-demand).
     *
     * @param error any failure, wrapped or not
     * @return the back-pressure, or empty if {@code error} is something else
     */
    public static Optional<IndexBackPressure> indexBackPressure(@Nullable Throwable error) {
        Throwable current = error;
        for (int depth = 0; current != null && depth < MAX_UNWRAP_DEPTH; depth++) {
            if (current instanceof AwsServiceException aws && classifyOne(aws) == ErrorClass.THROTTLED) {
                return indexBackPressureOf(aws);
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return Optional.empty();
    }

    private static Optional<IndexBackPressure> indexBackPressureOf(AwsServiceException error) {
        List<ThrottlingReason> reasons =
                error instanceof ProvisionedThroughputExceededException p && p.hasThrottlingReasons()
                        ? p.throttlingReasons()
                        : error instanceof ThrottlingException t && t.hasThrottlingReasons()
                                ? t.throttlingReasons()
                                : List.of();
        for (ThrottlingReason reason : reasons) {
            if (reason.reason() != null && reason.reason().startsWith(INDEX_WRITE_REASON_PREFIX)) {
                String resource = reason.resource() == null ? "" : reason.resource();
                Matcher arn = INDEX_ARN.matcher(resource);
                return Optional.of(
                        arn.find()
                                ? new IndexBackPressure(arn.group(1), arn.group(2), reason.reason())
                                : new IndexBackPressure(null, null, reason.reason()));
            }
        }
        String message =
                error.awsErrorDetails() == null ? null : error.awsErrorDetails().errorMessage();
        if (message != null && message.contains(GSI_MESSAGE)) {
            return Optional.of(new IndexBackPressure(null, null, "IndexWriteThroughputExceeded"));
        }
        return Optional.empty();
    }

    /** Strips {@link CompletionException} and {@link ExecutionException} wrappers. */
    public static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** A decision for this throwable alone, or null to look at its cause. */
    private static ErrorClass classifyOne(Throwable t) {
        if (t instanceof RequestNotPermitted) {
            return ErrorClass.THROTTLED;
        }
        if (t instanceof AwsServiceException aws) {
            AwsErrorDetails details = aws.awsErrorDetails();
            String code = details == null ? null : details.errorCode();
            if (code != null && THROTTLING_CODES.contains(code)) {
                return ErrorClass.THROTTLED;
            }
            if (code != null && SERVER_CODES.contains(code)) {
                return ErrorClass.RETRYABLE_SERVER;
            }
        }
        if (t instanceof SdkServiceException service) {
            if (service.isThrottlingException() || service.statusCode() == 429) {
                return ErrorClass.THROTTLED;
            }
            int status = service.statusCode();
            return status >= 500 && status <= 599 ? ErrorClass.RETRYABLE_SERVER : ErrorClass.NOT_RETRYABLE;
        }
        if (t instanceof Crc32MismatchException
                || t instanceof IOException
                || t instanceof UncheckedIOException
                || t instanceof ApiCallAttemptTimeoutException
                || t instanceof RetryableException) {
            return ErrorClass.RETRYABLE_SERVER;
        }
        return null;
    }
}
