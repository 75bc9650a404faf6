package io.privacykit.servlet;

import io.privacykit.consent.CookieCategory;
import io.privacykit.consent.CookieClassifier;
import io.privacykit.consent.UnclassifiedCookies;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, for one response, whether a cookie may be set: its category must be allowed; a cookie
 * in no category follows {@code privacy.cookies.unclassified}.
 */
final class CookieGate {

    private final CookieClassifier cookies;
    private final Set<String> allowedCategories;
    private final UnclassifiedCookieRegistry unclassified;

    CookieGate(CookieClassifier cookies, Set<String> allowedCategories, UnclassifiedCookieRegistry unclassified) {
        this.cookies = cookies;
        this.allowedCategories = Set.copyOf(allowedCategories);
        this.unclassified = unclassified;
    }

    /** Whether a cookie is sent, and whether the consent decision is what lets it through. */
    enum Verdict {
        /** Sent whatever the decision: strictly necessary, or unclassified and allowed by the policy. */
        SEND,
        /** Sent because the decision allows its category: another visitor may not get it. */
        SEND_BY_DECISION,
        /** Withheld. */
        WITHHOLD
    }

    /** The verdict on a cookie called {@code name}; {@code null} stands for a malformed header. */
    Verdict verdict(String name) {
        Optional<CookieCategory> category = name == null ? Optional.empty() : cookies.categoryOf(name);
        if (category.isEmpty()) {
            unclassified.record(name);
            return unclassified.mode() == UnclassifiedCookies.ALLOW ? Verdict.SEND : Verdict.WITHHOLD;
        }
        if (category.get().required()) {
            return Verdict.SEND;
        }
        return allowedCategories.contains(category.get().name()) ? Verdict.SEND_BY_DECISION : Verdict.WITHHOLD;
    }

    /** The verdict on the raw {@code Set-Cookie} header value. */
    Verdict verdictOnHeader(String setCookieValue) {
        return verdict(SetCookieNames.nameOf(setCookieValue).orElse(null));
    }
}
