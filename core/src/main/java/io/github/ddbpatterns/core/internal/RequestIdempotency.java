package io.github.ddbpatterns.core.internal;

import java.util.Locale;
import java.util.UUID;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteTransactionRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Which DynamoDB requests may be sent again after an error that leaves it unknown whether they were applied (a 5xx,
 * a lost connection, a time-out, a corrupted response). Repeating a read, a plain put or delete, or a batch of them
 * leaves the table as one request would; repeating an increment ({@code UpdateItem ADD}), a conditional write (its
 * second run fails its own condition) or a PartiQL update does not. Transactions are made safe with an idempotency
 * token (the same token on every attempt: DynamoDB applies the transaction once).
 */
public final class RequestIdempotency {

    private RequestIdempotency() {}

    /**
     * Whether {@code request} can be repeated after an ambiguous failure.
     *
     * @param request a request, after {@link #withToken}
     * @return false for updates, conditional puts and deletes, PartiQL writes and token-less transactions
     */
    public static boolean isIdempotent(SdkRequest request) {
        if (request instanceof UpdateItemRequest) {
            return false;
        }
        if (request instanceof PutItemRequest put) {
            return put.conditionExpression() == null && !put.hasExpected();
        }
        if (request instanceof DeleteItemRequest delete) {
            return delete.conditionExpression() == null && !delete.hasExpected();
        }
        if (request instanceof TransactWriteItemsRequest transaction) {
            return transaction.clientRequestToken() != null;
        }
        if (request instanceof ExecuteTransactionRequest transaction) {
            return transaction.clientRequestToken() != null;
        }
        if (request instanceof ExecuteStatementRequest statement) {
            return isSelect(statement.statement());
        }
        if (request instanceof BatchExecuteStatementRequest batch) {
            return batch.statements().stream().allMatch(s -> isSelect(s.statement()));
        }
        return true;
    }

    /**
     * {@code request} with a client request token when it is a transaction without one, so that every attempt of the
     * call carries the same token (the SDK would make a new one per attempt).
     *
     * @param request the request as given
     * @param <R> its type
     * @return the request with a token, or as it was
     */
    @SuppressWarnings("unchecked")
    public static <R extends SdkRequest> R withToken(R request) {
        if (request instanceof TransactWriteItemsRequest transaction && transaction.clientRequestToken() == null) {
            return (R) transaction.toBuilder()
                    .clientRequestToken(UUID.randomUUID().toString())
                    .build();
        }
        if (request instanceof ExecuteTransactionRequest transaction && transaction.clientRequestToken() == null) {
            return (R) transaction.toBuilder()
                    .clientRequestToken(UUID.randomUUID().toString())
                    .build();
        }
        return request;
    }

    private static boolean isSelect(String statement) {
        return statement != null
                && statement.stripLeading().toUpperCase(Locale.ROOT).startsWith("SELECT");
    }
}
