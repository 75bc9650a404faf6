package io.privacykit.servlet;

import io.privacykit.PrivacyEngine;
import io.privacykit.PrivacyEngine.RequestOutcome;
import io.privacykit.response.ResponseCookie;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * One request's outcome on its response, across all its dispatches: the gate its cookies pass,
 * PrivacyKit's own {@code Set-Cookie}s and CSP, and the cache marking once the decision shaped the
 * response. Every write of the outcome to the response happens here: at the start, after a
 * {@code reset()}, and when a consent restored by {@code linkSubject} replaces the outcome.
 */
final class ResponseState implements PrivacyContext.Response {

    private final Enforcer enforcer;
    private final HttpServletResponse raw;
    private final PrivacyEngine.Request request;
    private final String requestPath;
    private final boolean mayRestore;
    private volatile RequestOutcome outcome;
    private volatile Optional<io.privacykit.jurisdiction.Jurisdiction> declaredResidence = Optional.empty();
    private volatile java.util.OptionalInt declaredAge = java.util.OptionalInt.empty();
    /** PrivacyKit's own {@code Set-Cookie} values on this response (most carry none); read and written under this. */
    private List<String> own = List.of();
    private volatile boolean varied;
    /** Whether the response's only {@code Cache-Control} is the filter's own {@code private}: the app wrote none. */
    private volatile boolean ownCacheControlAlone;
    /** Whether anything unwrapped the gated response: cookies may then sit on the container's response ungated. */
    private volatile boolean unwrapped;

    /** @param mayRestore false when the request failed closed: the browser's own consent was never read */
    ResponseState(Enforcer enforcer, HttpServletResponse raw, PrivacyEngine.Request request, String requestPath,
                  RequestOutcome outcome, boolean mayRestore) {
        this.enforcer = enforcer;
        this.raw = raw;
        this.request = request;
        this.requestPath = requestPath;
        this.outcome = outcome;
        this.mayRestore = mayRestore;
        for (ResponseCookie cookie : outcome.cookies()) {
            addOwn(cookie.header());
        }
    }

    private void addOwn(String header) {
        if (own.isEmpty()) {
            own = new ArrayList<>(2);
        }
        own.add(header);
    }

    /** The gate of the outcome in force, made for each use: most responses set no cookie, and it is one small object. */
    private CookieGate gate() {
        return enforcer.gate(outcome.decision());
    }

    /** The state of {@code request}'s first dispatch, or null when PrivacyFilter has not decided it. */
    static ResponseState of(ServletRequest request) {
        // The request's PrivacyContext carries the state to its later dispatches (ERROR ones get the bare
        // request): one request attribute fewer to write on every request.
        return request.getAttribute(PrivacyContext.ATTRIBUTE) instanceof PrivacyContext context
                && context.response() instanceof ResponseState state ? state : null;
    }

    @Override
    public RequestOutcome outcome() {
        return outcome;
    }

    /** The container's response under every wrapper. */
    HttpServletResponse raw() {
        return raw;
    }

    /** The verdict on an app's cookie called {@code name}; a cookie the decision let through or held back marks the response. */
    boolean passes(String name) {
        CookieGate.Verdict verdict = gate().verdict(name, this::sent);
        if (verdict != CookieGate.Verdict.SEND) {
            markVaried();
        }
        return verdict != CookieGate.Verdict.WITHHOLD;
    }

    private void sent(String category) {
        RequestOutcome current = outcome;
        enforcer.cookieSent(category, current);
    }

    /** Notes that the app set cookie {@code name} with Path attribute {@code path} (null when it gave none). */
    void cookieSet(String name, String path) {
        enforcer.site().cookieSet(name, path, requestPath);
    }

    /** Notes that a wrapper of the gate was unwrapped: the container's response is checked before it commits. */
    void unwrapped() {
        unwrapped = true;
    }

    /**
     * Writes the outcome onto a fresh (or freshly reset) response: PrivacyKit's cookies, its CSP,
     * and the cache marking when the outcome shapes the response.
     */
    synchronized void render() {
        for (String header : own) {
            raw.addHeader(HeaderNames.SET_COOKIE, header);
        }
        String cspHeader = enforcer.cspHeader();
        Optional<String> csp = outcome.csp();
        if (cspHeader != null && csp.isPresent()) {
            raw.addHeader(cspHeader, csp.get());
        }
        if (outcome.mustBePrivate()) {
            varied = true;
        }
        if (varied) {
            writeMarks();
        }
    }

    /**
     * Enforces {@code next} from here on (a consent restored while the app runs): cookies set from
     * now pass its gate, its cookies are added, and the CSP, unless already sent, becomes its own.
     */
    synchronized void rerender(RequestOutcome next) {
        RequestOutcome before = outcome;
        outcome = next;
        String cspHeader = enforcer.cspHeader();
        if (cspHeader != null && !raw.isCommitted() && next.csp().isPresent()) {
            List<String> values = new ArrayList<>(raw.getHeaders(cspHeader));
            String old = before.csp().orElse(null);
            values.replaceAll(v -> v.equals(old) ? next.csp().get() : v);
            raw.setHeader(cspHeader, null);
            values.forEach(v -> raw.addHeader(cspHeader, v));
        }
        for (ResponseCookie cookie : next.cookies()) {
            addOwn(cookie.header());
            raw.addHeader(HeaderNames.SET_COOKIE, cookie.header());
        }
        markVaried();
    }

    @Override
    public synchronized void declare(Optional<io.privacykit.jurisdiction.Jurisdiction> residence,
                                     java.util.OptionalInt age) {
        if (residence.isPresent()) {
            declaredResidence = residence;
        }
        if (age.isPresent()) {
            declaredAge = age;
        }
        if (mayRestore) {
            // A request that failed closed stays as strict as it is.
            rerender(enforcer.engine().reconsider(request, outcome, declaredResidence, declaredAge));
        }
    }

    @Override
    public java.util.OptionalInt declaredAge() {
        return declaredAge;
    }

    @Override
    public void consulted() {
        markVaried();
    }

    @Override
    public Optional<PrivacyEngine.ConsentChange> restore(String subjectId) {
        if (!mayRestore) {
            return Optional.empty();
        }
        PrivacyEngine.Visit visit = outcome.visit();
        Optional<PrivacyEngine.ConsentChange> restored = enforcer.engine().restoreForSubject(visit, subjectId);
        restored.ifPresent(change -> rerender(enforcer.engine().afterRestore(request, visit, change)));
        return restored;
    }

    /** Re-adds PrivacyKit's own cookies after the app replaced every {@code Set-Cookie}. */
    synchronized void reapplyOwnSetCookies() {
        for (String header : own) {
            raw.addHeader(HeaderNames.SET_COOKIE, header);
        }
    }

    String cspHeader() {
        return enforcer.cspHeader();
    }

    /** Re-adds the filter's CSP after the app replaced every header of that name. */
    void reapplyCsp() {
        outcome.csp().ifPresent(csp -> raw.addHeader(enforcer.cspHeader(), csp));
    }

    boolean varied() {
        return varied;
    }

    /** Whether the response's {@code Cache-Control} is only the filter's own mark, which the app never wrote. */
    boolean ownCacheControlAlone() {
        return ownCacheControlAlone && HeaderNames.PRIVATE.equals(raw.getHeader(HeaderNames.CACHE_CONTROL));
    }

    /**
     * Sets the app's {@code Cache-Control} {@code values} on a response the decision shaped:
     * {@code private} added where they do not keep it out of shared caches already.
     */
    void writeAppCacheControl(List<String> values) {
        if (values.isEmpty()) {
            raw.setHeader(HeaderNames.CACHE_CONTROL, HeaderNames.PRIVATE);
            ownCacheControlAlone = true;
        } else {
            raw.setHeader(HeaderNames.CACHE_CONTROL, HeaderNames.privateCacheControl(values));
            ownCacheControlAlone = false;
        }
    }

    /**
     * Records that the decision shaped this response. {@code Vary} names the consent inputs; the
     * visitor's address, which decides the jurisdiction, is no header {@code Vary} can name, so
     * the response is also kept out of shared caches with {@code Cache-Control: private}.
     */
    void markVaried() {
        if (varied) {
            return; // written once; from then on the enforcing response merges the app's Vary and Cache-Control
        }
        varied = true;
        writeMarks();
    }

    private void writeMarks() {
        if (raw.isCommitted()) {
            return;
        }
        // Usually the app has written neither header yet: then each is added as it is, with nothing to merge or replace.
        if (raw.getHeader(HeaderNames.VARY) == null) {
            raw.addHeader(HeaderNames.VARY, HeaderNames.CONSENT_VARY);
        } else {
            raw.setHeader(HeaderNames.VARY, HeaderNames.mergeVary(raw.getHeaders(HeaderNames.VARY), HeaderNames.CONSENT_INPUTS));
        }
        // The app's directives stay as written (Pragma and Expires are never touched); only a missing private is added.
        if (raw.getHeader(HeaderNames.CACHE_CONTROL) == null) {
            raw.addHeader(HeaderNames.CACHE_CONTROL, HeaderNames.PRIVATE);
            ownCacheControlAlone = true;
            return;
        }
        Collection<String> cacheControl = raw.getHeaders(HeaderNames.CACHE_CONTROL);
        if (!HeaderNames.isUnshared(cacheControl)) {
            raw.setHeader(HeaderNames.CACHE_CONTROL, HeaderNames.privateCacheControl(cacheControl));
        }
    }

    /**
     * Takes off the container's response, before it commits, each cookie set there past the gate
     * (on a response unwrapped with {@code getResponse()}) that the gate would have withheld.
     * Deletions and PrivacyKit's own cookies stay. Does nothing unless the gate was unwrapped.
     */
    synchronized void scrub() {
        if (!unwrapped || raw.isCommitted()) {
            return;
        }
        Collection<String> values = raw.getHeaders(HeaderNames.SET_COOKIE);
        if (values.isEmpty()) {
            return;
        }
        List<String> kept = new ArrayList<>(values.size());
        CookieGate gate = gate();
        boolean dropped = false;
        for (String value : values) {
            String name = SetCookieNames.nameOf(value).orElse(null);
            if (own.contains(value) || isDeletion(value) || gate.allows(name)) {
                kept.add(value);
            } else {
                dropped = true;
                // Counted and told like any withheld cookie.
                gate.verdict(name, this::sent);
            }
        }
        if (dropped) {
            raw.setHeader(HeaderNames.SET_COOKIE, null);
            kept.forEach(value -> raw.addHeader(HeaderNames.SET_COOKIE, value));
            markVaried();
        }
    }

    /** Whether a {@code Set-Cookie} value deletes its cookie: a deletion stores nothing. */
    private static boolean isDeletion(String value) {
        String lower = value.toLowerCase(java.util.Locale.ROOT);
        return lower.matches("(?s).*;\\s*max-age=0\\s*(;.*)?");
    }
}
