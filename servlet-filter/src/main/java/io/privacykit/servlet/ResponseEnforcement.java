package io.privacykit.servlet;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * What the filter enforces on one response: the cookie gate, the {@code Set-Cookie} headers the
 * filter writes itself (expiries of withdrawn categories, the new consent cookie), an optional
 * Content-Security-Policy, and the {@code Vary} marking once the decision changed the response.
 */
final class ResponseEnforcement {

    private final CookieGate gate;
    private final List<String> ownSetCookies = new ArrayList<>();
    private final String cspHeader;
    private final String cspValue;
    private volatile boolean varied;

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
            writeVary(raw);
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

    /** Records that consent changed this response, so shared caches must key it on the consent inputs. */
    void markVaried(HttpServletResponse raw) {
        varied = true;
        writeVary(raw);
    }

    private static void writeVary(HttpServletResponse raw) {
        if (!raw.isCommitted()) {
            raw.setHeader(HeaderNames.VARY, HeaderNames.mergeVary(raw.getHeaders(HeaderNames.VARY), HeaderNames.CONSENT_INPUTS));
        }
    }
}
