package io.github.ddbpatterns.examples.readme;

import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.indexes.DerivedAttribute;
import io.github.ddbpatterns.indexes.DerivedAttributes;
import io.github.ddbpatterns.indexes.SecondaryIndex;
import io.github.ddbpatterns.sharding.ShardQuery;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/** The README's indexes section: a sparse index of the orders over 1,000. */
public final class IndexesExample {

    private IndexesExample() {}

    /**
     * Keeps the sparse index on every write, lets {@code application} write orders, then reads the customer's ten
     * biggest high-value orders.
     *
     * @param tableName the orders table (with the index byHighValue)
     * @param application the application's writes, given the entry point
     * @return the page
     */
    public static Page<CustomerOrder> run(String tableName, Consumer<DdbPatterns> application) {
        DynamoDbAsyncClient dynamoDb = DynamoDbAsyncClient.builder().build();
        // tag::sparse[]
        DerivedAttribute highValue = DerivedAttribute.numberWhen( // written on every write, removed below 1,000
                "highValueTotal", "total", total -> total.compareTo(BigDecimal.valueOf(1_000)) > 0);
        DdbPatterns ddb = DdbPatterns.builder()
                .dynamoDbClient(dynamoDb)
                .extensions(List.of(DerivedAttributes.onTable(tableName, highValue)))
                .build();
        SecondaryIndex<CustomerOrder> highValueOrders = ddb.secondaryIndex(CustomerOrder.SCHEMA)
                .tableName(tableName)
                .indexName("byHighValue") // customerId + highValueTotal: only the orders over 1,000
                .build();
        // end::sparse[]
        try (dynamoDb) {
            application.accept(ddb);
            // tag::query[]
            Page<CustomerOrder> biggest = highValueOrders
                    .query("customer-1", ShardQuery.all().newestFirst().limit(10))
                    .join(); // reads only the high-value orders, not every order of the customer
            // end::query[]
            return biggest;
        }
    }
}
