package io.github.ddbpatterns.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a {@link DynamoDbLocalTest} class that the extension sets before each test: any type a
 * test parameter may have ({@link DynamoDbLocal}, {@link LocalClients}, the four SDK client kinds,
 * {@link TestTables}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectDynamoDb {}
