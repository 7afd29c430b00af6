package io.github.ddbpatterns.core.internal;

import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkRequest;

/**
 * Views of an SDK async client (any service interface, e.g. {@code DynamoDbAsyncClient}) whose every operation
 * runs through a {@link ResiliencePolicy} with one SDK attempt per policy attempt, or only with one SDK attempt.
 *
 * <p>Every operation method taking a request ({@code putItem(PutItemRequest)}) goes through the policy. The
 * interface's own default methods that build a request ({@code putItem(Consumer)}), have none
 * ({@code listTables()}) or page ({@code queryPaginator}) run against the view itself, so each page of a paginator
 * is one decorated call too; that is how the Enhanced client's queries built on a view are retried page by page.
 * {@code waiter()} returns a waiter built over the view, so its polls are decorated calls as well. Everything else
 * ({@code serviceName}, {@code close}, {@code serviceClientConfiguration}) goes to the client as it is.
 *
 * <p>A request that must not run twice once it may have been applied ({@link RequestIdempotency}) is retried on
 * throttles only; a transaction without an idempotency token gets one, the same for every attempt.
 *
 * <p>Decorating a view decorates the client under it: a policy is never applied twice.
 */
public final class DecoratedClients {

    private DecoratedClients() {}

    /**
     * A view of {@code client} running every operation through {@code policy}.
     *
     * @throws io.github.ddbpatterns.core.InvalidInputException if an argument is null or {@code type} is not an
     *     interface
     */
    public static <C extends SdkClient> C resilient(Class<C> type, C client, ResiliencePolicy policy) {
        return view(type, client, Checks.notNull("policy", policy));
    }

    /**
     * A view of {@code client} whose calls make one SDK attempt; {@code client} itself when it is configured so.
     *
     * @throws io.github.ddbpatterns.core.InvalidInputException if an argument is null
     */
    public static <C extends SdkClient> C singleAttempt(Class<C> type, C client) {
        C raw = undecorated(Checks.notNull("client", client));
        return SdkAttempts.isSingleAttempt(raw) ? raw : view(type, raw, null);
    }

    /** The client under a view made here, or {@code client} itself. */
    @SuppressWarnings("unchecked")
    public static <C extends SdkClient> C undecorated(C client) {
        if (Proxy.isProxyClass(client.getClass()) && Proxy.getInvocationHandler(client) instanceof Handler handler) {
            return (C) handler.client;
        }
        return client;
    }

    /** The policy of a resilient view made here, if {@code client} is one. */
    public static java.util.Optional<ResiliencePolicy> policyOf(SdkClient client) {
        if (Proxy.isProxyClass(client.getClass()) && Proxy.getInvocationHandler(client) instanceof Handler handler) {
            return java.util.Optional.ofNullable(handler.policy);
        }
        return java.util.Optional.empty();
    }

    private static <C extends SdkClient> C view(Class<C> type, C client, @Nullable ResiliencePolicy policy) {
        Checks.notNull("type", type);
        if (!type.isInterface()) {
            throw io.github.ddbpatterns.core.InvalidInputException.of("type", type.getName(), "be a client interface");
        }
        C raw = undecorated(Checks.notNull("client", client));
        Handler handler = new Handler(raw, policy, !SdkAttempts.isSingleAttempt(raw));
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /** Routes each method of the view (see the class comment). */
    private static final class Handler implements InvocationHandler {
        final Object client;
        final @Nullable ResiliencePolicy policy;
        private final boolean forceOneAttempt;

        Handler(Object client, @Nullable ResiliencePolicy policy, boolean forceOneAttempt) {
            this.client = client;
            this.policy = policy;
            this.forceOneAttempt = forceOneAttempt;
        }

        @Override
        public @Nullable Object invoke(Object view, Method method, @Nullable Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(view, method, args);
            }
            if (isOperation(method)) {
                return call(method, (SdkRequest) args[0]);
            }
            if (method.isDefault() && runsOnView(method)) {
                return InvocationHandler.invokeDefault(view, method, args);
            }
            if (policy != null && isWaiterFactory(method)) {
                return waiterOver(view, method, policy.scheduler());
            }
            try {
                return method.invoke(client, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private Object call(Method method, SdkRequest request) {
            SdkRequest tokened = RequestIdempotency.withToken(request);
            SdkRequest sent = forceOneAttempt ? SdkAttempts.oneAttempt(tokened) : tokened;
            if (policy == null) {
                return invoke(method, sent);
            }
            return RequestIdempotency.isIdempotent(tokened)
                    ? policy.execute(operationName(request), () -> invoke(method, sent))
                    : policy.executeNonIdempotent(operationName(request), () -> invoke(method, sent));
        }

        private CompletableFuture<?> invoke(Method method, SdkRequest request) {
            try {
                return (CompletableFuture<?>) method.invoke(client, request);
            } catch (InvocationTargetException e) {
                return CompletableFuture.failedFuture(e.getCause());
            } catch (IllegalAccessException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        private Object objectMethod(Object view, Method method, @Nullable Object[] args) {
            return switch (method.getName()) {
                case "equals" -> view == args[0];
                case "hashCode" -> System.identityHashCode(view);
                default -> "Resilient[" + client + (policy == null ? ", one SDK attempt" : ", " + policy) + "]";
            };
        }

        /** {@code waiter()}: the SDK builds it over the client it is called on, which would bypass the view. */
        private static boolean isWaiterFactory(Method method) {
            return method.getName().equals("waiter") && method.getParameterCount() == 0;
        }

        /**
         * {@code XAsyncWaiter.builder().client(view).scheduledExecutorService(policy's).build()}: the waiter's polls go
         * through the view, and its waits run on the policy's scheduler (so the waiter needs no closing).
         */
        private static Object waiterOver(Object view, Method method, ScheduledExecutorService scheduler)
                throws ReflectiveOperationException {
            Object builder = method.getReturnType().getMethod("builder").invoke(null);
            builder = callSetter(builder, "client", view);
            builder = callSetter(builder, "scheduledExecutorService", scheduler);
            Method build = builder.getClass().getMethod("build");
            build.setAccessible(true);
            return build.invoke(builder);
        }

        /** Calls the builder's one-argument method {@code name} that takes {@code value}. */
        private static Object callSetter(Object builder, String name, Object value)
                throws ReflectiveOperationException {
            for (Method candidate : builder.getClass().getMethods()) {
                if (candidate.getName().equals(name)
                        && candidate.getParameterCount() == 1
                        && candidate.getParameterTypes()[0].isInstance(value)) {
                    candidate.setAccessible(true);
                    return candidate.invoke(builder, value);
                }
            }
            throw new IllegalStateException("no " + name + "(...) on " + builder.getClass() + " to build a waiter");
        }

        /** An operation taking its request: {@code CompletableFuture<R> op(XRequest)}. */
        private static boolean isOperation(Method method) {
            Class<?>[] parameters = method.getParameterTypes();
            return parameters.length == 1
                    && SdkRequest.class.isAssignableFrom(parameters[0])
                    && CompletableFuture.class.isAssignableFrom(method.getReturnType());
        }

        /** A default method that builds its request or pages: it must call the view, not the client. */
        private static boolean runsOnView(Method method) {
            Class<?>[] parameters = method.getParameterTypes();
            boolean operation = CompletableFuture.class.isAssignableFrom(method.getReturnType());
            boolean builderVariant = parameters.length == 1 && Consumer.class.isAssignableFrom(parameters[0]);
            boolean paginator = method.getName().endsWith("Paginator");
            return paginator || (operation && (parameters.length == 0 || builderVariant));
        }

        /** {@code PutItemRequest} is operation {@code PutItem}. */
        private static String operationName(SdkRequest request) {
            String name = request.getClass().getSimpleName();
            return name.endsWith("Request") ? name.substring(0, name.length() - "Request".length()) : name;
        }
    }
}
