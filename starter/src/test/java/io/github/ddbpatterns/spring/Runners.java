package io.github.ddbpatterns.spring;

import io.github.ddbpatterns.testing.LocalClients;
import java.net.URI;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Context runners as a Boot application would have them: the starter's auto-configuration, Boot's lifecycle. */
final class Runners {

    private Runners() {}

    /** The starter with a region and the testing kit's credentials (no request is sent unless a test does). */
    static ApplicationContextRunner starter() {
        return new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(LifecycleAutoConfiguration.class, DdbPatternsAutoConfiguration.class))
                .withPropertyValues("ddb.patterns.client.region=us-east-1")
                .withBean(AwsCredentialsProvider.class, LocalClients::credentials);
    }

    /** {@link #starter()} with the starter's client pointed at {@code endpoint}. */
    static ApplicationContextRunner starter(URI endpoint) {
        return starter().withPropertyValues("ddb.patterns.client.endpoint=" + endpoint);
    }

    /**
     * {@link #starter(URI)} with the starter's Actuator auto-configurations and Actuator's health endpoint (details
     * shown), as an application with {@code spring-boot-starter-actuator} has them.
     */
    static ApplicationContextRunner actuator(URI endpoint) {
        return starter(endpoint)
                .withConfiguration(AutoConfigurations.of(
                        DdbPatternsHealthAutoConfiguration.class,
                        DdbPatternsEndpointAutoConfiguration.class,
                        HealthContributorAutoConfiguration.class,
                        HealthEndpointAutoConfiguration.class))
                .withPropertyValues("management.endpoint.health.show-details=always");
    }
}
