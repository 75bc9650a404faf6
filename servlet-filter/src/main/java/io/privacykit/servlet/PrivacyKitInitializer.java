package io.privacykit.servlet;

import io.privacykit.policy.PolicyLoader;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers {@link PrivacyFilter} for {@code /*} when the application has a PrivacyKit
 * configuration ({@code privacy.properties} on its classpath, or the file named by
 * {@code -Dprivacykit.config} / {@code PRIVACYKIT_CONFIG}), so that adding the jar and the file is
 * all an app does. Set the context parameter {@code privacykit.auto-register=false} to register
 * the filter yourself.
 */
public final class PrivacyKitInitializer implements ServletContainerInitializer {

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyKitInitializer.class);
    /** The context parameter that turns automatic registration off. */
    public static final String AUTO_REGISTER = "privacykit.auto-register";
    /** The name the filter is registered under. */
    public static final String FILTER_NAME = "PrivacyFilter";

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        if ("false".equalsIgnoreCase(context.getInitParameter(AUTO_REGISTER))) {
            LOG.info("PrivacyFilter not registered automatically: {}=false", AUTO_REGISTER);
            return;
        }
        if (!hasConfiguration(context.getClassLoader())) {
            LOG.info("PrivacyFilter not registered: no {} on the classpath and neither -D{} nor {} set",
                    PolicyLoader.RESOURCE, PolicyLoader.CONFIG_PROPERTY, PolicyLoader.CONFIG_ENV);
            return;
        }
        FilterRegistration.Dynamic registration = context.addFilter(FILTER_NAME, PrivacyFilter.class);
        if (registration == null) {
            return; // web.xml already declares it
        }
        registration.setAsyncSupported(true);
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD,
                DispatcherType.INCLUDE, DispatcherType.ASYNC, DispatcherType.ERROR), false, "/*");
    }

    static boolean hasConfiguration(ClassLoader loader) {
        return System.getProperty(PolicyLoader.CONFIG_PROPERTY) != null
                || System.getenv(PolicyLoader.CONFIG_ENV) != null
                || (loader != null && loader.getResource(PolicyLoader.RESOURCE) != null);
    }
}
