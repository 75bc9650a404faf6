package io.privacykit.spring.boot;

import io.privacykit.policy.PolicyException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints every problem of an invalid PrivacyKit configuration, once, instead of a stack trace. */
class PolicyFailureAnalyzer extends AbstractFailureAnalyzer<PolicyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PolicyException cause) {
        StringBuilder description = new StringBuilder("The PrivacyKit configuration is invalid (")
                .append(cause.problems().size()).append(cause.problems().size() == 1 ? " problem):" : " problems):");
        for (String problem : cause.problems()) {
            description.append("\n  - ").append(problem);
        }
        return new FailureAnalysis(description.toString(),
                "Fix the privacy.* properties (application.properties or .yml, privacy.properties on the classpath,"
                        + " or PRIVACY_* environment variables). Every key is described in PrivacyKit's"
                        + " docs/configuration.md.", cause);
    }
}
