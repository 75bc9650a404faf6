package io.privacykit.servlet;

import io.privacykit.consent.CookieCategory;
import io.privacykit.consent.UnclassifiedCookies;
import io.privacykit.policy.Policy;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, for one response, whether a cookie may be set: its category must be allowed; a cookie
 * in no category follows {@code privacy.cookies.unclassified}.
 */
final class CookieGate {

    private final Policy policy;
    private final Set<String> allowedCategories;
    private final UnclassifiedCookieRegistry unclassified;

    CookieGate(Policy policy, Set<String> allowedCategories, UnclassifiedCookieRegistry unclassified) {
        this.policy = policy;
        this.allowedCategories = Set.copyOf(allowedCategories);
        this.unclassified = unclassified;
    }

    /** Whether a cookie called {@code name} may be set; {@code null} stands for a malformed header. */
    boolean allows(String name) {
        Optional<CookieCategory> category = name == null ? Optional.empty() : policy.categoryOfCookie(name);
        if (category.isEmpty()) {
            unclassified.record(name);
            return unclassified.mode() == UnclassifiedCookies.ALLOW;
        }
        return category.get().required() || allowedCategories.contains(category.get().name());
    }

    /** Whether the raw {@code Set-Cookie} header value may be sent. */
    boolean allowsHeader(String setCookieValue) {
        return allows(SetCookieNames.nameOf(setCookieValue).orElse(null));
    }
}
