package io.github.ddbpatterns.capacity;

import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteTransactionRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ParameterizedStatement;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Whether a request's consumed capacity is read or write capacity, and how many requests it stands for. */
enum RequestKind {
    READ,
    WRITE,
    /** PartiQL: a read when every statement is a {@code SELECT}, unless DynamoDB says otherwise. */
    STATEMENT;

    static RequestKind of(SdkRequest request) {
        if (request instanceof PutItemRequest
                || request instanceof UpdateItemRequest
                || request instanceof DeleteItemRequest
                || request instanceof BatchWriteItemRequest
                || request instanceof TransactWriteItemsRequest) {
            return WRITE;
        }
        if (request instanceof ExecuteStatementRequest
                || request instanceof BatchExecuteStatementRequest
                || request instanceof ExecuteTransactionRequest) {
            return STATEMENT;
        }
        return READ;
    }

    boolean isWrite(SdkRequest request, ConsumedCapacity capacity) {
        return switch (this) {
            case READ -> false;
            case WRITE -> true;
            case STATEMENT -> statementWrites(request, capacity);
        };
    }

    /** Requests on {@code table} that consumed the capacity: processed batch items, transaction items, or one. */
    double requests(SdkRequest request, SdkResponse response, String table) {
        if (request instanceof BatchWriteItemRequest batch && response instanceof BatchWriteItemResponse done) {
            return batch.requestItems().getOrDefault(table, List.of()).size()
                    - done.unprocessedItems().getOrDefault(table, List.of()).size();
        }
        if (request instanceof BatchGetItemRequest batch && response instanceof BatchGetItemResponse done) {
            return keys(batch.requestItems().get(table))
                    - keys(done.unprocessedKeys().get(table));
        }
        if (request instanceof TransactWriteItemsRequest transaction) {
            return transaction.transactItems().stream()
                    .filter(item -> table.equals(tableOf(item)))
                    .count();
        }
        if (request instanceof TransactGetItemsRequest transaction) {
            return transaction.transactItems().stream()
                    .filter(item ->
                            item.get() != null && table.equals(item.get().tableName()))
                    .count();
        }
        return 1;
    }

    /** A Query or Scan of an index: it consumes the index's capacity, not the table's. */
    static boolean readsAnIndex(SdkRequest request) {
        return (request instanceof QueryRequest query && query.indexName() != null)
                || (request instanceof ScanRequest scan && scan.indexName() != null);
    }

    private static int keys(KeysAndAttributes keys) {
        return keys == null ? 0 : keys.keys().size();
    }

    private static String tableOf(TransactWriteItem item) {
        if (item.put() != null) {
            return item.put().tableName();
        }
        if (item.update() != null) {
            return item.update().tableName();
        }
        if (item.delete() != null) {
            return item.delete().tableName();
        }
        return item.conditionCheck() == null ? "" : item.conditionCheck().tableName();
    }

    private static boolean statementWrites(SdkRequest request, ConsumedCapacity capacity) {
        if (capacity.writeCapacityUnits() != null && capacity.writeCapacityUnits() > 0) {
            return true;
        }
        if (capacity.readCapacityUnits() != null && capacity.readCapacityUnits() > 0) {
            return false;
        }
        List<String> statements;
        if (request instanceof ExecuteStatementRequest single) {
            statements = List.of(single.statement());
        } else if (request instanceof BatchExecuteStatementRequest batch) {
            statements = batch.statements().stream()
                    .map(BatchStatementRequest::statement)
                    .toList();
        } else if (request instanceof ExecuteTransactionRequest transaction) {
            statements = transaction.transactStatements().stream()
                    .map(ParameterizedStatement::statement)
                    .toList();
        } else {
            return false;
        }
        return statements.stream()
                .anyMatch(
                        statement -> !statement.strip().toUpperCase(Locale.ROOT).startsWith("SELECT"));
    }
}
