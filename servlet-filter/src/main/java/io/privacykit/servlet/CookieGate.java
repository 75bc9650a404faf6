package io.privacykit.servlet;

import io.privacykit.consent.ConsentDecision;
import io.privacykit.consent.CookieCategory;
import io.privacykit.consent.CookieClassifier;
import io.privacykit.consent.UnclassifiedCookies;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Decides whether a cookie may be set under one set of allowed categories: its category must be
 * allowed; a cookie in no category follows {@code privacy.cookies.unclassified}. In report-only
 * mode a cookie that would be withheld is counted and sent. Immutable; the filter makes one where
 * it checks a cookie, over the decision in force's own set.
 */
final class CookieGate {

    private final CookieClassifier cookies;
    private final Set<String> allowedCategories;
    private final UnclassifiedCookieRegistry unclassified;
    private final ReportOnlyLog report;
    private final PrivacyEventListener listener;
    private static final Consumer<String> NOBODY = category -> { };

    /**
     * A gate over {@code allowedCategories}, kept as given, not copied: a set that never changes,
     * such as a {@link ConsentDecision}'s, so that a gate costs one small object.
     *
     * @param report   where report-only mode counts what it lets through; null to enforce
     * @param listener told of each cookie withheld (not of those report-only mode lets through)
     */
    CookieGate(CookieClassifier cookies, Set<String> allowedCategories, UnclassifiedCookieRegistry unclassified,
               ReportOnlyLog report, PrivacyEventListener listener) {
        this.cookies = cookies;
        this.allowedCategories = allowedCategories;
        this.unclassified = unclassified;
        this.report = report;
        this.listener = listener;
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

    /** The categories this gate lets through. */
    Set<String> allowedCategories() {
        return allowedCategories;
    }

    /** The verdict on a cookie called {@code name}; {@code null} stands for a malformed header. */
    Verdict verdict(String name) {
        return verdict(name, NOBODY);
    }

    /**
     * Whether a cookie called {@code name} would be sent, without counting or telling anyone: for
     * cookies found on the response that never passed {@link #verdict}.
     */
    boolean allows(String name) {
        if (report != null) {
            return true;
        }
        Optional<CookieCategory> category = name == null ? Optional.empty() : cookies.categoryOf(name);
        if (category.isEmpty()) {
            return name != null && unclassified.mode() == UnclassifiedCookies.ALLOW;
        }
        return category.get().required() || allowedCategories.contains(category.get().name());
    }

    /**
     * The verdict on a cookie called {@code name}; {@code null} stands for a malformed header.
     *
     * @param sent told the category of a non-necessary cookie that is sent
     */
    Verdict verdict(String name, Consumer<String> sent) {
        Optional<CookieCategory> category = name == null ? Optional.empty() : cookies.categoryOf(name);
        if (category.isEmpty()) {
            unclassified.record(name);
            if (unclassified.mode() == UnclassifiedCookies.ALLOW) {
                return Verdict.SEND;
            }
            return withhold(name, category);
        }
        if (category.get().required()) {
            return Verdict.SEND;
        }
        if (allowedCategories.contains(category.get().name())) {
            sent.accept(category.get().name());
            return Verdict.SEND_BY_DECISION;
        }
        Verdict verdict = withhold(name, category);
        if (verdict == Verdict.SEND) {
            sent.accept(category.get().name());
        }
        return verdict;
    }

    private Verdict withhold(String name, Optional<CookieCategory> category) {
        if (report == null) {
            Notifier.notify(listener, l -> l.cookieWithheld(name, category));
            return Verdict.WITHHOLD;
        }
        report.wouldWithhold(name, category.isEmpty() ? "in no category"
                : "category '" + category.get().name() + "' not allowed");
        return Verdict.SEND;
    }
}
