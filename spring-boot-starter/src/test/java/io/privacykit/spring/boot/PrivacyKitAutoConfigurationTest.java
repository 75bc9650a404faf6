package io.privacykit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.PrivacyEngine;
import io.privacykit.policy.PolicyException;
import io.privacykit.servlet.PrivacyFilter;
import io.privacykit.store.PrivacyStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;

class PrivacyKitAutoConfigurationTest {

    @TempDir
    Path dir;

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PrivacyKitAutoConfiguration.class));

    @Test
    @SuppressWarnings("unchecked")
    void registersTheFilterAheadOfSpringSecurityForEveryDispatch() {
        web.withPropertyValues(TestPolicies.valid(dir)).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(PrivacyEngine.class).hasSingleBean(PrivacyStore.class);
            FilterRegistrationBean<PrivacyFilter> registration = context.getBean("privacyKitFilter", FilterRegistrationBean.class);
            assertThat(registration.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE + 10).isLessThan(-100);
            assertThat(registration.isAsyncSupported()).isTrue();
            assertThat(registration.getUrlPatterns()).containsExactly("/*");
            assertThat(registration.determineDispatcherTypes()).hasSize(5);
            assertThat(registration.getFilter().engine()).isSameAs(context.getBean(PrivacyEngine.class));
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOrderIsConfigurable() {
        web.withPropertyValues(TestPolicies.valid(dir, "privacykit.spring.filter-order=-500")).run(context ->
                assertThat(context.getBean("privacyKitFilter", FilterRegistrationBean.class).getOrder()).isEqualTo(-500));
    }

    @Test
    void canBeTurnedOff() {
        web.withPropertyValues("privacykit.spring.enabled=false").run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(PrivacyEngine.class));
    }

    @Test
    void staysOutOfNonWebApplications() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PrivacyKitAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PrivacyEngine.class));
    }

    @Test
    void anInvalidConfigurationFailsStartUpWithEveryProblem() {
        web.withPropertyValues("privacy.signals.dnt=maybe", "privacy.cookies.chat=x").run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof PolicyException)) {
                failure = failure.getCause();
            }
            assertThat(failure).isInstanceOf(PolicyException.class);
            PolicyException policy = (PolicyException) failure;
            assertThat(policy.problems()).hasSizeGreaterThanOrEqualTo(5);
            FailureAnalysis analysis = new PolicyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("privacy.signals.dnt").contains("privacy.cookies.chat")
                    .contains("privacy.policy.version");
            assertThat(analysis.getAction()).contains("privacy.*");
        });
    }
}
