package io.github.ddbpatterns.spring;

import io.github.ddbpatterns.DdbPatterns;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Actuator endpoint {@code ddbpatterns} ({@link DdbPatternsEndpoint}), when Spring Boot Actuator is on the
 * classpath and the endpoint is available: exposed ({@code management.endpoints.web.exposure.include=ddbpatterns},
 * or over JMX) and not switched off ({@code management.endpoint.ddbpatterns.access=none}).
 *
 * <p>Actuator's condition sits on the bean method, not on the class: see {@link DdbPatternsHealthAutoConfiguration}.
 */
@AutoConfiguration(after = DdbPatternsAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(DdbPatterns.class)
public class DdbPatternsEndpointAutoConfiguration {

    /** Creates the auto-configuration (Spring does). */
    public DdbPatternsEndpointAutoConfiguration() {}

    /**
     * The endpoint, unless the application defines one.
     *
     * @param beanFactory where the repository, buffer, tracker and shard-map beans are found at each read
     * @param ddbPatterns the entry point, whose shared settings are described
     * @param properties the starter's settings ({@code ddb.patterns.hot-keys.top-n} keys per tracker)
     * @return the endpoint
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(DdbPatternsEndpoint.class)
    public DdbPatternsEndpoint ddbPatternsEndpoint(
            ConfigurableListableBeanFactory beanFactory, DdbPatterns ddbPatterns, DdbPatternsProperties properties) {
        return new DdbPatternsEndpoint(
                new ExistingBeans(beanFactory),
                ddbPatterns.context(),
                properties.hotKeys().topN());
    }
}
