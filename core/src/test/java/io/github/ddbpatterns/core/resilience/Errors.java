package io.github.ddbpatterns.core.resilience;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** DynamoDB exceptions as the SDK builds them from an error response (status + error code). */
final class Errors {

    private Errors() {}

    static DynamoDbException dynamo(int status, String code) {
        return (DynamoDbException) DynamoDbException.builder()
                .statusCode(status)
                .message(code)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(code)
                        .build())
                .build();
    }

    static ProvisionedThroughputExceededException throttle() {
        return (ProvisionedThroughputExceededException) ProvisionedThroughputExceededException.builder()
                .statusCode(400)
                .message("slow down")
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("ProvisionedThroughputExceededException")
                        .build())
                .build();
    }

    static ConditionalCheckFailedException conditionFailed() {
        return (ConditionalCheckFailedException) ConditionalCheckFailedException.builder()
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("ConditionalCheckFailedException")
                        .build())
                .build();
    }

    static ResourceNotFoundException notFound() {
        return (ResourceNotFoundException) ResourceNotFoundException.builder()
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("ResourceNotFoundException")
                        .build())
                .build();
    }
}
