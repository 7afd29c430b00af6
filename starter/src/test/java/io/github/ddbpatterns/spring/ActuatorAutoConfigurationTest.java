package io.github.ddbpatterns.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.FilteredClassLoader;

/** When the health indicator and the endpoint exist: with Actuator only, enabled, and the endpoint exposed. */
class ActuatorAutoConfigurationTest {

    @Test
    void withoutActuatorOnTheClasspath_neitherIndicatorNorEndpoint_andTheStarterStillStarts() {
        Runners.starter()
                .withConfiguration(AutoConfigurations.of(
                        DdbPatternsHealthAutoConfiguration.class, DdbPatternsEndpointAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
                .withPropertyValues("management.endpoints.web.exposure.include=*")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(DdbPatterns.class);
                    assertThat(context)
                            .doesNotHaveBean(DdbPatternsHealthIndicator.class)
                            .doesNotHaveBean(DdbPatternsEndpoint.class);
                });
    }

    @Test
    void withActuator_theIndicatorByDefault_theEndpointOnlyOnceExposed() {
        Runners.actuator(DynamoDbLocal.shared().endpoint())
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasBean(DdbPatternsHealthAutoConfiguration.BEAN_NAME)
                        .doesNotHaveBean(DdbPatternsEndpoint.class));
        Runners.actuator(DynamoDbLocal.shared().endpoint())
                .withPropertyValues("management.endpoints.web.exposure.include=health,ddbpatterns")
                .run(context -> assertThat(context).hasSingleBean(DdbPatternsEndpoint.class));
    }

    @Test
    void endpointWithoutAccess_isNotCreated_evenExposed() {
        Runners.actuator(DynamoDbLocal.shared().endpoint())
                .withPropertyValues(
                        "management.endpoints.web.exposure.include=ddbpatterns",
                        "management.endpoint.ddbpatterns.access=NONE") // an application also reads none
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DdbPatternsEndpoint.class));
    }

    @Test
    void applicationIndicatorOfTheSameName_replacesTheStarters() {
        DdbPatternsHealthIndicator own = new DdbPatternsHealthIndicator(
                List::of,
                DdbPatterns.builder()
                        .dynamoDbClient(DynamoDbLocal.shared().clients().async())
                        .build()
                        .context(),
                new DdbPatternsProperties.Health(Duration.ZERO, Duration.ofSeconds(1)),
                System::nanoTime);
        Runners.actuator(DynamoDbLocal.shared().endpoint())
                .withBean(DdbPatternsHealthAutoConfiguration.BEAN_NAME, DdbPatternsHealthIndicator.class, () -> own)
                .run(context -> assertThat(context.getBean(DdbPatternsHealthIndicator.class))
                        .isSameAs(own));
    }

    @Test
    void autoConfigurationImports_listTheActuatorAutoConfigurations() {
        List<String> imports = new ArrayList<>();
        ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())
                .forEach(imports::add);
        assertThat(imports)
                .contains(
                        DdbPatternsAutoConfiguration.class.getName(),
                        DdbPatternsHealthAutoConfiguration.class.getName(),
                        DdbPatternsEndpointAutoConfiguration.class.getName());
    }

    @Test
    void configurationMetadata_documentsTheHealthProperties() throws IOException {
        try (InputStream json = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(json).isNotNull();
            assertThat(new String(json.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("\"name\": \"ddb.patterns.health.cache-ttl\"")
                    .contains("\"name\": \"ddb.patterns.health.timeout\"")
                    .contains("\"defaultValue\": \"10s\"");
        }
    }
}
