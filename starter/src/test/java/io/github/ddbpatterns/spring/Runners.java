package io.github.ddbpatterns.spring;

import io.github.ddbpatterns.testing.LocalClients;
import java.net.URI;
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
}
