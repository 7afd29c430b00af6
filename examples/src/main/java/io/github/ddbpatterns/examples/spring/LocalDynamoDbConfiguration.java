package io.github.ddbpatterns.examples.spring;

import io.github.ddbpatterns.testing.LocalClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The profile {@code local}: the sample on DynamoDB Local, with the static credentials every client of the project's
 * testing kit uses ({@link LocalClients#credentials()}; DynamoDB Local keeps one database per access key and region,
 * so a test or a demo that shares it sees the same tables). {@code application-local.properties} sets the region and
 * table creation; the launcher sets {@code ddb.patterns.client.endpoint}. Without this profile the starter's client
 * takes the SDK's default credentials and region chains, as on AWS.
 */
@Configuration(proxyBeanMethods = false)
@Profile("local")
public class LocalDynamoDbConfiguration {

    /** Created by Spring. */
    public LocalDynamoDbConfiguration() {}

    /**
     * The credentials the starter's client signs with (the starter uses an {@link AwsCredentialsProvider} bean when
     * there is one).
     *
     * @return DynamoDB Local's static credentials
     */
    @Bean
    public AwsCredentialsProvider dynamoDbLocalCredentials() {
        return LocalClients.credentials();
    }
}
