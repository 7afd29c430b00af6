package io.github.ddbpatterns.examples.spring;

import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemFactory;
import org.springframework.boot.logging.java.JavaLoggingSystem;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The logging system Spring Boot configures in the examples' JVMs: {@code java.util.logging}, where Tomcat logs
 * (registered in {@code META-INF/spring.factories}).
 *
 * <p>Spring Boot would pick Log4j 2, because DynamoDB Local brings {@code log4j-core}; but the examples keep DynamoDB
 * Local's Log4j 2.17.1 (see {@code examples/pom.xml}), which is older than Spring Boot's Log4j 2 support needs (the
 * application would fail to start with a {@code NoSuchMethodError}), and they leave out Spring Boot's Logback, which
 * would take over the demo's logging. So here: Tomcat logs through {@code java.util.logging}, set by Spring Boot
 * ({@code logging.level.*}); Spring's own lines go through the Log4j API to DynamoDB Local's configuration (WARN and
 * above, on the console); the AWS SDK's go to SLF4J, which the examples send nowhere. An application of your own
 * keeps Spring Boot's default, Logback.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class ExamplesLoggingSystemFactory implements LoggingSystemFactory {

    /** Created by Spring Boot. */
    public ExamplesLoggingSystemFactory() {}

    /**
     * The {@code java.util.logging} system.
     *
     * @param classLoader the application's class loader
     * @return the logging system
     */
    @Override
    public LoggingSystem getLoggingSystem(ClassLoader classLoader) {
        return new JavaLoggingSystem(classLoader);
    }
}
