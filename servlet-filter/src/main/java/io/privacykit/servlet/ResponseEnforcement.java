package io.privacykit.servlet;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * What the filter enforces on one response: the cookie gate, the {@code Set-Cookie} headers the
 * filter writes itself (expiries of withdrawn categories, the new consent cookie), an optional
 * Content-Security-Policy, and the cache marking once the decision shaped the response.
 */
final class ResponseEnforcement {

    private volatile CookieGate gate;
    private final List<String> ownSetCookies = new ArrayList<>();
    private final String cspHeader;
    private volatile String cspValue;
    private volatile boolean varied;
    /** Whether the response's only {@code Cache-Control} is the filter's own {@code private}: the app wrote none. */
    private volatile boolean ownCacheControlAlone;
    private volatile CookiePaths paths;
    private volatile String requestPath;
    /** The default cookie path of the request, worked out on first need. */
    private volatile String defaultPath;

    /**
     * @param gate      which cookies may be set
     * @param cspHeader {@code Content-Security-Policy[-Report-Only]}, or null for none
     * @param cspValue  the policy, or null for none
     */
    ResponseEnforcement(CookieGate gate, String cspHeader, String cspValue) {
        this.gate = gate;
        this.cspHeader = cspHeader;
        this.cspValue = cspValue;
    }

    CookieGate gate() {
        return gate;
    }

    /** Remembers the paths of the cookies the app sets into {@code paths}; {@code requestPath} gives the default path. */
    void recordPaths(CookiePaths paths, String requestPath) {
        this.paths = paths;
        this.requestPath = requestPath;
    }

    /** Notes that the app set cookie {@code name} with Path attribute {@code path} (null when it gave none). */
    void cookieSet(String name, String path) {
        CookiePaths p = paths;
        if (p != null && name != null) {
            String recorded = path;
            if (recorded == null) {
                recorded = defaultPath;
                if (recorded == null) {
                    recorded = CookiePaths.defaultPath(requestPath);
                    defaultPath = recorded;
                }
            }
            p.record(name, recorded);
        }
    }

    /** Whether the response's {@code Cache-Control} is only the filter's own mark, which the app never wrote. */
    boolean ownCacheControlAlone(HttpServletResponse raw) {
        return ownCacheControlAlone && HeaderNames.PRIVATE.equals(raw.getHeader(HeaderNames.CACHE_CONTROL));
    }

    /**
     * Sets the app's {@code Cache-Control} {@code values} on a response the decision shaped:
     * {@code private} added where they do not keep it out of shared caches already.
     */
    void writeAppCacheControl(HttpServletResponse raw, List<String> values) {
        if (values.isEmpty()) {
            raw.setHeader(HeaderNames.CACHE_CONTROL, HeaderNames.PRIVATE);
            ownCacheControlAlone = true;
        } else {
            raw.setHeader(HeaderNames.CACHE_CONTROL, HeaderNames.privateCacheControl(values));
            ownCacheControlAlone = false;
        }
    }

    String cspHeader() {
        return cspHeader;
    }

    boolean varied() {
        return varied;
    }

    /** Writes a {@code Set-Cookie} of the filter's own, which the app's {@code setHeader} cannot erase. */
    synchronized void addOwnSetCookie(HttpServletResponse raw, String value) {
        ownSetCookies.add(value);
        raw.addHeader(HeaderNames.SET_COOKIE, value);
        markVaried(raw);
    }

    /**
     * Enforces a new decision from here on (a consent restored while the app runs): cookies set
     * from now pass {@code newGate}, and the filter's CSP, unless already sent, becomes {@code newCspValue}.
     */
    synchronized void redecide(HttpServletResponse raw, CookieGate newGate, String newCspValue) {
        gate = newGate;
        String old = cspValue;
        cspValue = newCspValue;
        if (cspHeader != null && !raw.isCommitted()) {
            List<String> values = new ArrayList<>(raw.getHeaders(cspHeader));
            values.replaceAll(v -> v.equals(old) ? newCspValue : v);
            raw.setHeader(cspHeader, null);
            values.forEach(v -> raw.addHeader(cspHeader, v));
        }
        markVaried(raw);
    }

    /** Writes the filter's headers onto a fresh (or freshly reset) response. */
    synchronized void apply(HttpServletResponse raw) {
        for (String value : ownSetCookies) {
            raw.addHeader(HeaderNames.SET_COOKIE, value);
        }
        if (cspHeader != null) {
            raw.addHeader(cspHeader, cspValue);
            varied = true;
        }
        if (!ownSetCookies.isEmpty()) {
            varied = true;
        }
        if (varied) {
            writeMarks(raw);
        }
    }

    /** Re-adds the filter's own cookies after the app replaced every {@code Set-Cookie}. */
    synchronized void reapplyOwnSetCookies(HttpServletResponse raw) {
        for (String value : ownSetCookies) {
            raw.addHeader(HeaderNames.SET_COOKIE, value);
        }
    }

    /** Re-adds the filter's CSP after the app replaced every header of that name. */
    void reapplyCsp(HttpServletResponse raw) {
        raw.addHeader(cspHeader, cspValue);
    }

    /**
     * Records that the decision shaped this response. {@code Vary} names the consent inputs; the
     * visitor's address, which decides the jurisdiction, is no header {@code Vary} can name, so
     * the response is also kept out of shared caches with {@code Cache-Control: private}.
     */
    void markVaried(HttpServletResponse raw) {
        varied = true;
        writeMarks(raw);
    }

    private void writeMarks(HttpServletResponse raw) {
        if (raw.isCommitted()) {
            return;
        }
        raw.setHeader(HeaderNames.VARY, HeaderNames.mergeVary(raw.getHeaders(HeaderNames.VARY), HeaderNames.CONSENT_INPUTS));
        // The app's directives stay as written (Pragma and Expires are never touched); only a missing private is added.
        java.util.Collection<String> cacheControl = raw.getHeaders(HeaderNames.CACHE_CONTROL);
        if (cacheControl.isEmpty()) {
            raw.setHeader(HeaderNames.CACHE_CONTROL, HeaderNames.PRIVATE);
            ownCacheControlAlone = true;
        } else if (!HeaderNames.isUnshared(cacheControl)) {
            raw.setHeader(HeaderNames.CACHE_CONTROL, HeaderNames.privateCacheControl(cacheControl));
        }
    }
}
