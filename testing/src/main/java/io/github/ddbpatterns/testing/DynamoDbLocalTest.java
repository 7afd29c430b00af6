package io.github.ddbpatterns.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against the JVM's shared {@link DynamoDbLocal}.
 *
 * <p>Test methods, constructors and lifecycle methods may declare parameters of these types, and fields of
 * these types annotated with {@link InjectDynamoDb} are set before each test:
 * {@link DynamoDbLocal}, {@link LocalClients}, {@code DynamoDbClient}, {@code DynamoDbAsyncClient},
 * {@code DynamoDbEnhancedClient}, {@code DynamoDbEnhancedAsyncClient}, and {@link TestTables} (tables with
 * unique names, deleted when the test, or for {@code @BeforeAll}, the class, ends).
 *
 * <pre>{@code
 * @DynamoDbLocalTest
 * class OrdersTest {
 *     @Test
 *     void put_thenGet_returnsItem(TestTables tables, DynamoDbEnhancedClient client) {
 *         DynamoDbTable<Order> orders = client.table(tables.create(ORDER_SCHEMA), ORDER_SCHEMA);
 *         ...
 *     }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(DynamoDbLocalExtension.class)
public @interface DynamoDbLocalTest {}
