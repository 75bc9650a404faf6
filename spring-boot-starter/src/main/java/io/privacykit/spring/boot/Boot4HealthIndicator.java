package io.privacykit.spring.boot;

import io.privacykit.policy.Policy;
import io.privacykit.store.PrivacyStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * The {@code privacykit} health component on Spring Boot 4, whose health API moved to
 * {@code org.springframework.boot.health.contributor}. The starter is compiled against Spring Boot
 * 3.5, so the indicator is a proxy of Boot 4's interface that reports what
 * {@link PrivacyStoreHealthIndicator} reports on Boot 3.
 */
final class Boot4HealthIndicator {

    static final String HEALTH_INDICATOR = "org.springframework.boot.health.contributor.HealthIndicator";
    static final String HEALTH = "org.springframework.boot.health.contributor.Health";

    private Boot4HealthIndicator() {
    }

    /** Registers {@code privacykitHealthIndicator} with Boot 4's interface as its type. */
    static final class Registrar implements ImportBeanDefinitionRegistrar {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            if (!(registry instanceof BeanFactory beans) || registry.containsBeanDefinition("privacykitHealthIndicator")) {
                return;
            }
            ClassLoader loader = Boot4HealthIndicator.class.getClassLoader();
            Class<?> type = ClassUtils.resolveClassName(HEALTH_INDICATOR, loader);
            RootBeanDefinition definition = new RootBeanDefinition(type);
            Supplier supplier = () -> create(type, loader, beans.getBean(PrivacyStore.class), beans.getBean(Policy.class));
            definition.setInstanceSupplier(supplier);
            registry.registerBeanDefinition("privacykitHealthIndicator", definition);
        }
    }

    static Object create(Class<?> type, ClassLoader loader, PrivacyStore store, Policy policy) {
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "health" -> method.getParameterCount() == 0 ? health(loader, store, policy)
                    : InvocationHandler.invokeDefault(proxy, method, args);
            case "toString" -> "PrivacyKit store health";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> {
                if (method.isDefault()) {
                    yield InvocationHandler.invokeDefault(proxy, method, args);
                }
                throw new UnsupportedOperationException(method.toString());
            }
        };
        return Proxy.newProxyInstance(loader, new Class<?>[] {type}, handler);
    }

    private static Object health(ClassLoader loader, PrivacyStore store, Policy policy) throws ReflectiveOperationException {
        Class<?> health = ClassUtils.resolveClassName(HEALTH, loader);
        Object builder = health.getMethod(store.isHealthy() ? "up" : "down").invoke(null);
        Method withDetail = builder.getClass().getMethod("withDetail", String.class, Object.class);
        withDetail.invoke(builder, "policy", policy.name());
        withDetail.invoke(builder, "version", policy.version());
        return builder.getClass().getMethod("build").invoke(builder);
    }
}
