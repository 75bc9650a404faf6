package io.privacykit.servlet;

import io.privacykit.PrivacyEngine;
import io.privacykit.PrivacyEngine.RequestOutcome;
import io.privacykit.response.CookieSite;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

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
     * The gates last handed out, by the identity of their set: the engine shares its decisions,
     * so most requests bring a set seen before, found here without hashing and comparing names.
     */
    private final AtomicReferenceArray<KnownGate> recent = new AtomicReferenceArray<>(RECENT_GATES);
    private static final int RECENT_GATES = 16;

    private record KnownGate(Set<String> allowed, CookieGate gate) {
    }

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

    /** The gate for {@code allowed}, shared by every request with that set; the set must never change (a decision's does not). */
    CookieGate gate(Set<String> allowed) {
        int slot = System.identityHashCode(allowed) & (RECENT_GATES - 1);
        KnownGate known = recent.get(slot);
        if (known != null && known.allowed() == allowed) {
            return known.gate();
        }
        CookieGate gate = gates.get(allowed);
        if (gate == null) {
            gate = new CookieGate(site.classifier(), allowed, unclassified, report, listener);
            if (gates.size() < MAX_GATES) {
                CookieGate first = gates.putIfAbsent(Set.copyOf(allowed), gate);
                gate = first == null ? gate : first;
            }
        }
        recent.set(slot, new KnownGate(allowed, gate));
        return gate;
    }

    /** Called when a cookie of {@code category} passes because {@code outcome} allows it. */
    void cookieSent(String category, RequestOutcome outcome) {
        cookieCollection.cookieSent(category, outcome.visit(), outcome.consent(), outcome.decision());
    }
}
