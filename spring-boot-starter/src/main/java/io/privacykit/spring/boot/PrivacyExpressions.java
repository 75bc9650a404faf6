package io.privacykit.spring.boot;

import io.privacykit.servlet.PrivacyContext;
import java.util.Set;

/**
 * The Thymeleaf expression object {@code #privacy}: what PrivacyKit decided for the current request.
 * Outside a request PrivacyFilter saw, nothing but the necessary category is allowed and no tags are written.
 */
public final class PrivacyExpressions {

    private final PrivacyContext context;

    PrivacyExpressions(PrivacyContext context) {
        this.context = context;
    }

    /** Whether {@code category}'s cookies and tags may be used in this response. */
    public boolean isAllowed(String category) {
        return context != null && context.isAllowed(category);
    }

    /** The categories allowed in this response. */
    public Set<String> allowedCategories() {
        return context == null ? Set.of() : context.allowedCategories();
    }

    /** Whether the visitor still has a choice to make, so the banner will show. */
    public boolean needsChoice() {
        return context != null && context.needsChoice();
    }

    /** The regime that applies, e.g. {@code GDPR} or {@code CCPA}; empty outside a request. */
    public String regime() {
        return context == null ? "" : context.jurisdiction().regime().name();
    }

    /** The name of the law that applies; empty outside a request. */
    public String law() {
        return context == null ? "" : context.jurisdiction().law();
    }

    /** The banner's stylesheet and script tags for the page's head, for {@code th:utext}. */
    public String headTags() {
        return context == null ? "" : context.headTags();
    }

    /** The request's {@link PrivacyContext}, or null outside a request PrivacyFilter saw. */
    public PrivacyContext context() {
        return context;
    }
}
