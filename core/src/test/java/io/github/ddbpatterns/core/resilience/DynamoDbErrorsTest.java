package io.github.ddbpatterns.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.exception.Crc32MismatchException;
import software.amazon.awssdk.core.exception.SdkClientException;

class DynamoDbErrorsTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("ProvisionedThroughputExceeded", Errors.throttle(), ErrorClass.THROTTLED),
                Arguments.of("ThrottlingException", Errors.dynamo(400, "ThrottlingException"), ErrorClass.THROTTLED),
                Arguments.of("RequestLimitExceeded", Errors.dynamo(400, "RequestLimitExceeded"), ErrorClass.THROTTLED),
                Arguments.of(
                        "SDK generic throttling code",
                        Errors.dynamo(400, "TooManyRequestsException"),
                        ErrorClass.THROTTLED),
                Arguments.of("HTTP 429", Errors.dynamo(429, "Whatever"), ErrorClass.THROTTLED),
                Arguments.of(
                        "our limiter",
                        RequestNotPermitted.createRequestNotPermitted(RateLimiter.ofDefaults("x")),
                        ErrorClass.THROTTLED),
                Arguments.of(
                        "InternalServerError", Errors.dynamo(500, "InternalServerError"), ErrorClass.RETRYABLE_SERVER),
                Arguments.of(
                        "ServiceUnavailable", Errors.dynamo(503, "ServiceUnavailable"), ErrorClass.RETRYABLE_SERVER),
                Arguments.of("any 5xx", Errors.dynamo(502, "BadGateway"), ErrorClass.RETRYABLE_SERVER),
                Arguments.of(
                        "connection error",
                        SdkClientException.create("unable to execute", new ConnectException("refused")),
                        ErrorClass.RETRYABLE_SERVER),
                Arguments.of("IOException", new IOException("reset"), ErrorClass.RETRYABLE_SERVER),
                Arguments.of("CRC32 mismatch", Crc32MismatchException.create("crc", null), ErrorClass.RETRYABLE_SERVER),
                Arguments.of(
                        "ValidationException", Errors.dynamo(400, "ValidationException"), ErrorClass.NOT_RETRYABLE),
                Arguments.of("ConditionalCheckFailed", Errors.conditionFailed(), ErrorClass.NOT_RETRYABLE),
                Arguments.of("ResourceNotFound", Errors.notFound(), ErrorClass.NOT_RETRYABLE),
                Arguments.of(
                        "open circuit",
                        CallNotPermittedException.createCallNotPermittedException(CircuitBreaker.ofDefaults("x")),
                        ErrorClass.NOT_RETRYABLE),
                Arguments.of("plain bug", new IllegalStateException("bug"), ErrorClass.NOT_RETRYABLE),
                Arguments.of(
                        "client error without cause",
                        SdkClientException.create("bad config"),
                        ErrorClass.NOT_RETRYABLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void classify_whenErrorGiven_returnsItsClass(String name, Throwable error, ErrorClass expected) {
        assertThat(DynamoDbErrors.classify(error)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} wrapped")
    @MethodSource("cases")
    void classify_whenWrappedInCompletionAndExecutionException_seesTheCause(
            String name, Throwable error, ErrorClass expected) {
        Throwable wrapped = new CompletionException(new ExecutionException(error));
        assertThat(DynamoDbErrors.classify(wrapped)).isEqualTo(expected);
        assertThat(DynamoDbErrors.isRetryable(wrapped)).isEqualTo(expected.isRetryable());
    }

    @Test
    void unwrap_whenWrapped_returnsTheCause() {
        var cause = Errors.throttle();
        assertThat(DynamoDbErrors.unwrap(new CompletionException(new ExecutionException(cause))))
                .isSameAs(cause);
        assertThat(DynamoDbErrors.unwrap(cause)).isSameAs(cause);
    }

    @Test
    void classify_whenNull_isNotRetryable() {
        assertThat(DynamoDbErrors.classify(null)).isEqualTo(ErrorClass.NOT_RETRYABLE);
    }
}
