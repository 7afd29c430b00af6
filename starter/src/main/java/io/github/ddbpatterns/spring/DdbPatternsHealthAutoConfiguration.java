package io.github.ddbpatterns.spring;

import io.github.ddbpatterns.DdbPatterns;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Actuator health indicator {@code ddbpatterns} ({@link DdbPatternsHealthIndicator}), when Spring Boot Actuator
 * is on the classpath and {@code management.health.ddbpatterns.enabled} is not false.
 *
 * <p>The class carries only conditions of {@code spring-boot-autoconfigure}: Actuator's own conditions sit on the bean
 * method, which Spring reads only once the classes are known to be there (Spring loads every condition class of an
 * annotated element before it evaluates any, so an Actuator condition on the class would fail without Actuator).
 */
@AutoConfiguration(after = DdbPatternsAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(DdbPatterns.class)
public class DdbPatternsHealthAutoConfiguration {

    /** The health component's name: {@code /actuator/health/ddbpatterns}, {@code management.health.ddbpatterns.*}. */
    public static final String NAME = "ddbpatterns";

    /** The indicator's bean name (Actuator names the component after it, without the suffix). */
    public static final String BEAN_NAME = NAME + "HealthIndicator";

    /** Creates the auto-configuration (Spring does). */
    public DdbPatternsHealthAutoConfiguration() {}

    /**
     * The indicator, unless the application defines a bean of the same name.
     *
     * @param beanFactory where the repository beans are found at each check
     * @param ddbPatterns the entry point, whose policy's circuit breaker is reported
     * @param properties the starter's settings ({@code ddb.patterns.health.*})
     * @return the indicator
     */
    @Bean(BEAN_NAME)
    @ConditionalOnMissingBean(name = BEAN_NAME)
    @ConditionalOnEnabledHealthIndicator(NAME)
    public DdbPatternsHealthIndicator ddbpatternsHealthIndicator(
            ConfigurableListableBeanFactory beanFactory, DdbPatterns ddbPatterns, DdbPatternsProperties properties) {
        return new DdbPatternsHealthIndicator(
                new ExistingBeans(beanFactory), ddbPatterns.context(), properties.health());
    }
}
