package io.privacykit.servlet;

import io.privacykit.PrivacyEngine;
import io.privacykit.PrivacyEngine.RequestOutcome;
import io.privacykit.consent.ConsentDecision;
import io.privacykit.response.CookieSite;

/**
 * What every response of one filter is enforced with: the engine, the site's cookies, the CSP
 * header name, and the {@link CookieGate} of each decision. Thread-safe.
 */
final class Enforcer {

    private final PrivacyEngine engine;
    private final CookieSite site;
    private final UnclassifiedCookieRegistry unclassified;
    private final ReportOnlyLog report;
    private final PrivacyEventListener listener;
    private final CookieCollection cookieCollection;
    private final String cspHeader;
    /**
     * @param report    where report-only mode counts; null to enforce
     * @param cspHeader the CSP header name, or null when CSP mode is off
     */
    Enforcer(PrivacyEngine engine, CookieSite site, UnclassifiedCookieRegistry unclassified, ReportOnlyLog report,
                PrivacyEventListener listener, CookieCollection cookieCollection, String cspHeader) {
        this.engine = engine;
        this.site = site;
        this.unclassified = unclassified;
        this.report = report;
        this.listener = listener;
        this.cookieCollection = cookieCollection;
        this.cspHeader = cspHeader;
    }

    PrivacyEngine engine() {
        return engine;
    }

    CookieSite site() {
        return site;
    }

    /** The CSP header name, or null when CSP mode is off. */
    String cspHeader() {
        return cspHeader;
    }

    /** Where report-only mode counts, or null when enforcing. */
    ReportOnlyLog report() {
        return report;
    }

    PrivacyEventListener listener() {
        return listener;
    }

    /**
     * The gate of {@code decision}: made for each request, over the decision's own set. Finding a
     * shared gate by the set cost more than making one: the look-up's memory is out of the CPU's
     * caches by the next request, a new gate's is not.
     */
    CookieGate gate(ConsentDecision decision) {
        return new CookieGate(site.classifier(), decision.allowedCategories(), unclassified, report, listener);
    }

    /** Called when a cookie of {@code category} passes because {@code outcome} allows it. */
    void cookieSent(String category, RequestOutcome outcome) {
        cookieCollection.cookieSent(category, outcome.visit(), outcome.consent(), outcome.decision());
    }
}
