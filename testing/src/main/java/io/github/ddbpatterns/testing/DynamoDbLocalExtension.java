package io.github.ddbpatterns.testing;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * JUnit 5 extension behind {@link DynamoDbLocalTest}: resolves parameters and {@link InjectDynamoDb} fields
 * from the JVM's shared {@link DynamoDbLocal}, hands out {@link TestTables} scoped to the current test (or
 * class), and stops DynamoDB Local when the whole test run ends.
 */
public final class DynamoDbLocalExtension implements ParameterResolver, BeforeEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DynamoDbLocalExtension.class);
    private static final Set<Class<?>> SUPPORTED = Set.of(
            DynamoDbLocal.class,
            LocalClients.class,
            DynamoDbClient.class,
            DynamoDbAsyncClient.class,
            DynamoDbEnhancedClient.class,
            DynamoDbEnhancedAsyncClient.class,
            TestTables.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return SUPPORTED.contains(parameterContext.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        try {
            return resolve(parameterContext.getParameter().getType(), extensionContext);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("cannot provide " + parameterContext.getParameter(), e);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Field field : AnnotationSupport.findAnnotatedFields(
                    instance.getClass(), InjectDynamoDb.class, f -> true, HierarchyTraversalMode.TOP_DOWN)) {
                if (Modifier.isStatic(field.getModifiers()) || !SUPPORTED.contains(field.getType())) {
                    throw new ExtensionConfigurationException("@InjectDynamoDb field " + field
                            + " must be an instance field of one of the types " + SUPPORTED);
                }
                field.setAccessible(true);
                field.set(instance, resolve(field.getType(), context));
            }
        }
    }

    private static Object resolve(Class<?> type, ExtensionContext context) {
        DynamoDbLocal local = sharedLocal(context);
        if (type == DynamoDbLocal.class) {
            return local;
        }
        if (type == TestTables.class) {
            return context.getStore(NAMESPACE)
                    .getOrComputeIfAbsent(
                            TestTables.class, key -> new TestTables(local, tableNamePrefix(context)), TestTables.class);
        }
        if (type == DynamoDbClient.class) {
            return local.syncClient();
        }
        if (type == DynamoDbEnhancedClient.class) {
            return local.enhancedClient();
        }
        LocalClients clients = local.clients();
        if (type == LocalClients.class) {
            return clients;
        }
        if (type == DynamoDbAsyncClient.class) {
            return clients.async();
        }
        return clients.enhancedAsync();
    }

    private static DynamoDbLocal sharedLocal(ExtensionContext context) {
        // Registering a closer in the root store stops DynamoDB Local once, after the last test of the run.
        context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedLocalCloser.class, key -> new SharedLocalCloser(), SharedLocalCloser.class);
        return DynamoDbLocal.shared();
    }

    private static String tableNamePrefix(ExtensionContext context) {
        String className = context.getRequiredTestClass().getSimpleName();
        Optional<String> method = context.getTestMethod().map(m -> m.getName());
        return method.map(m -> className + "-" + m).orElse(className);
    }

    /** Stops the shared DynamoDB Local when the root extension context closes. */
    static final class SharedLocalCloser implements AutoCloseable {
        @Override
        public void close() {
            DynamoDbLocal.stopShared();
        }
    }
}
