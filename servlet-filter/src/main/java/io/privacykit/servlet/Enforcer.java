package io.privacykit.servlet;

import io.privacykit.PrivacyEngine;
import io.privacykit.PrivacyEngine.RequestOutcome;
import io.privacykit.response.CookieSite;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every response of one filter is enforced with: the engine, the site's cookies, the CSP
 * header name, and one {@link CookieGate} per set of allowed categories, shared by the requests
 * with that set rather than made per request. Thread-safe.
 */
final class Enforcer {

    /** Distinct gates kept; past it (a policy with very many categories) gates are made per request. */
    static final int MAX_GATES = 256;

    private final PrivacyEngine engine;
    private final CookieSite site;
    private final UnclassifiedCookieRegistry unclassified;
    private final ReportOnlyLog report;
    private final PrivacyEventListener listener;
    private final CookieCollection cookieCollection;
    private final String cspHeader;
    private final Map<Set<String>, CookieGate> gates = new ConcurrentHashMap<>();

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

    /** The gate for {@code allowed}, shared by every request with that set. */
    CookieGate gate(Set<String> allowed) {
        CookieGate gate = gates.get(allowed);
        if (gate == null) {
            gate = new CookieGate(site.classifier(), allowed, unclassified, report, listener);
            if (gates.size() < MAX_GATES) {
                CookieGate known = gates.putIfAbsent(Set.copyOf(allowed), gate);
                gate = known == null ? gate : known;
            }
        }
        return gate;
    }

    /** Called when a cookie of {@code category} passes because {@code outcome} allows it. */
    void cookieSent(String category, RequestOutcome outcome) {
        cookieCollection.cookieSent(category, outcome.visit(), outcome.consent(), outcome.decision());
    }
}
