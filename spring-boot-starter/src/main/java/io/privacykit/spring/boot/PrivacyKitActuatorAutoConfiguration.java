package io.privacykit.spring.boot;

import io.privacykit.geo.GeoLocatorChain;
import io.privacykit.policy.Policy;
import io.privacykit.store.PrivacyStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * With Spring Boot Actuator: the health component {@code privacykit} (the consent store) and, with
 * Micrometer, the {@code privacykit.*} meters ({@link PrivacyKitMetrics}).
 */
@AutoConfiguration(after = PrivacyKitAutoConfiguration.class)
@ConditionalOnClass(PrivacyKitAutoConfiguration.class)
public class PrivacyKitActuatorAutoConfiguration {

    /** The store's health. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.actuate.health.HealthIndicator",
            "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator"})
    @ConditionalOnBean(PrivacyStore.class)
    @ConditionalOnEnabledHealthIndicator("privacykit")
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "privacykitHealthIndicator")
        PrivacyStoreHealthIndicator privacykitHealthIndicator(PrivacyStore store, Policy policy) {
            return new PrivacyStoreHealthIndicator(store, policy);
        }
    }

    /** The store's health on Spring Boot 4, whose health API has another package. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = Boot4HealthIndicator.HEALTH_INDICATOR)
    @ConditionalOnMissingClass("org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnBean(PrivacyStore.class)
    @ConditionalOnProperty(name = "management.health.privacykit.enabled", havingValue = "true", matchIfMissing = true)
    @Import(Boot4HealthIndicator.Registrar.class)
    static class Boot4Health {
    }

    /** Decisions, withheld cookies and the geolocation cache, as meters. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    @ConditionalOnBean(Policy.class)
    static class Metrics {
        @Bean
        @ConditionalOnMissingBean
        PrivacyKitMetrics privacyKitMetrics(ObjectProvider<GeoLocatorChain> locator) {
            return new PrivacyKitMetrics(locator.getIfAvailable());
        }
    }
}
