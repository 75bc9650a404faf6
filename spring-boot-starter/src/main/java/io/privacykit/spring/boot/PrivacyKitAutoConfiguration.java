package io.privacykit.spring.boot;

import io.privacykit.PrivacyEngine;
import io.privacykit.geo.GeoLocatorChain;
import io.privacykit.geo.GeoLocators;
import io.privacykit.policy.Policy;
import io.privacykit.servlet.PrivacyEventListener;
import io.privacykit.servlet.PrivacyFilter;
import io.privacykit.servlet.PrivacyKitInitializer;
import io.privacykit.store.PrivacyStore;
import io.privacykit.store.jdbc.JdbcPrivacyStore;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Enforces the app's privacy policy in a Spring Boot servlet application: builds the policy from the
 * {@code privacy.*} properties, opens the engine and registers {@link PrivacyFilter} ahead of Spring
 * Security for every dispatch. Starter-only settings use the prefix {@code privacykit.spring.}
 * (see PrivacyKit's {@code docs/spring-boot.md}). Turn it off with {@code privacykit.spring.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(PrivacyFilter.class)
@ConditionalOnProperty(prefix = "privacykit.spring", name = "enabled", havingValue = "true", matchIfMissing = true)
public class PrivacyKitAutoConfiguration {

    /** Before Spring Security's filter chain ({@code SecurityProperties.DEFAULT_FILTER_ORDER}, -100) and Boot's own filters. */
    public static final int DEFAULT_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;
    /** The filter's order; default {@link #DEFAULT_FILTER_ORDER}. */
    static final String FILTER_ORDER = "privacykit.spring.filter-order";
    /** Use the app's {@code DataSource} bean for the consent ledger instead of PrivacyKit's own. */
    static final String USE_APP_DATASOURCE = "privacykit.spring.store.use-app-datasource";
    /** The schema that holds PrivacyKit's tables in the app's database; empty for the connection's own. */
    static final String SCHEMA = "privacykit.spring.store.schema";
    static final String DEFAULT_SCHEMA = "privacykit";

    /** The policy of every {@code privacy.*} property and {@code privacy.properties}, validated at once. */
    @Bean
    @ConditionalOnMissingBean
    public Policy privacyKitPolicy(ConfigurableEnvironment environment, ResourceLoader resourceLoader) {
        return SpringPolicySource.load(environment, resourceLoader.getClassLoader());
    }

    /** The policy's geolocation: overrides, CDN headers, the GeoIP database, behind the lookup cache. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public GeoLocatorChain privacyKitGeoLocator(Policy policy) {
        return GeoLocators.standard(policy.geo());
    }

    /**
     * The consent ledger: PrivacyKit's own database ({@code privacy.store.*}, {@code privacy.data-dir})
     * unless {@code privacykit.spring.store.use-app-datasource=true}.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public PrivacyStore privacyKitStore(Policy policy, Environment environment, ObjectProvider<DataSource> dataSources) {
        if (!environment.getProperty(USE_APP_DATASOURCE, Boolean.class, false)) {
            return JdbcPrivacyStore.open(policy.store());
        }
        DataSource dataSource = dataSources.getIfUnique();
        if (dataSource == null) {
            throw new IllegalStateException(USE_APP_DATASOURCE + "=true, but the application has no single DataSource bean");
        }
        String schema = environment.getProperty(SCHEMA, DEFAULT_SCHEMA).trim();
        // The app's data source gets the same ledger keys as PrivacyKit's own database would.
        return JdbcPrivacyStore.open(schema.isEmpty() ? dataSource : SchemaDataSource.create(dataSource, schema),
                policy.store().ledger());
    }

    /** The engine over the policy, locator and store beans (which Spring closes). */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public PrivacyEngine privacyKitEngine(Policy policy, GeoLocatorChain privacyKitGeoLocator, PrivacyStore privacyKitStore) {
        return new PrivacyEngine(policy, privacyKitGeoLocator, privacyKitStore, Clock.systemUTC());
    }

    /** PrivacyFilter for {@code /*}, every dispatch, async supported, ahead of Spring Security. */
    @Bean
    @ConditionalOnMissingBean(name = "privacyKitFilter")
    public FilterRegistrationBean<PrivacyFilter> privacyKitFilter(PrivacyEngine engine, Environment environment,
                                                                  ObjectProvider<PrivacyEventListener> listeners) {
        List<PrivacyEventListener> all = listeners.orderedStream().toList();
        PrivacyFilter filter = new PrivacyFilter(engine, all.isEmpty() ? PrivacyEventListener.NONE
                : all.size() == 1 ? all.get(0) : new CompositeListener(all));
        FilterRegistrationBean<PrivacyFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setName(PrivacyKitInitializer.FILTER_NAME);
        registration.setOrder(environment.getProperty(FILTER_ORDER, Integer.class, DEFAULT_FILTER_ORDER));
        registration.setAsyncSupported(true);
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.INCLUDE,
                DispatcherType.ASYNC, DispatcherType.ERROR);
        return registration;
    }

    /**
     * Keeps {@link PrivacyKitInitializer} from registering a second filter when the app is deployed
     * as a WAR (the starter's {@code web-fragment.xml} sets the same parameter before any initializer runs).
     */
    @Bean
    public ServletContextInitializer privacyKitNoAutoRegistration() {
        return context -> context.setInitParameter(PrivacyKitInitializer.AUTO_REGISTER, "false");
    }

    /** Warns when Flyway, Jackson or HikariCP are older than the versions PrivacyKit is tested with. */
    @Bean
    static DependencyVersionCheck privacyKitDependencyVersionCheck() {
        return new DependencyVersionCheck();
    }

    /** A controller method's {@code PrivacyContext} parameter. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebMvcConfigurer.class)
    static class WebMvc {
        @Bean
        WebMvcConfigurer privacyKitWebMvcConfigurer() {
            return new WebMvcConfigurer() {
                @Override
                public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                    resolvers.add(new PrivacyContextArgumentResolver());
                }
            };
        }
    }

    /** {@code ${#privacy...}} and {@code <privacy:head/>} in Thymeleaf templates. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.thymeleaf.dialect.IExpressionObjectDialect")
    static class Thymeleaf {
        @Bean
        @ConditionalOnMissingBean
        PrivacyDialect privacyKitDialect() {
            return new PrivacyDialect();
        }
    }
}
