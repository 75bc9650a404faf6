package io.privacykit.bench;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Enumeration;
import java.util.Map;

/**
 * The least a server-side consent gate does per request, with none of PrivacyKit's rules, for
 * {@code LoadHarness --filter=floor}: what this machine charges any such filter, against which
 * PrivacyFilter's own cost can be read. Per request it reads the forwarding header and looks the
 * visitor's address up in a map (the answer a geolocation cache would give), looks for the consent
 * cookie in the {@code Cookie} header (its presence alone: no signature is checked, no ledger, no
 * signals), and wraps the response. The tracking cookie ({@code _ga}) is dropped unless the
 * visitor's place allows it without consent or the consent cookie is there, and then the one the
 * browser sent is deleted; a response the gate shaped is marked {@code Vary} and
 * {@code Cache-Control: private}, as PrivacyFilter does.
 */
final class FloorFilter implements Filter {

    private static final String TRACKING = "_ga";
    private static final String TRACKING_FIRST = TRACKING + "=";
    private static final String TRACKING_LATER = "; " + TRACKING_FIRST;

    /** Visitor address to whether its place allows the tracking cookie without consent; unknown: it does not. */
    private final Map<String, Boolean> allowedWithoutConsent;
    private final String consentFirst;
    private final String consentLater;

    FloorFilter(Map<String, Boolean> allowedWithoutConsent, String consentCookieName) {
        this.allowedWithoutConsent = Map.copyOf(allowedWithoutConsent);
        this.consentFirst = consentCookieName + "=";
        this.consentLater = "; " + consentFirst;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        String visitor = request.getHeader("X-Forwarded-For");
        boolean allowed = visitor != null && allowedWithoutConsent.getOrDefault(visitor, false);
        boolean sentTracking = false;
        Enumeration<String> headers = request.getHeaders("Cookie");
        while (headers.hasMoreElements()) {
            String header = headers.nextElement();
            allowed |= header.startsWith(consentFirst) || header.contains(consentLater);
            sentTracking |= header.startsWith(TRACKING_FIRST) || header.contains(TRACKING_LATER);
        }
        Gate gate = new Gate((HttpServletResponse) res, allowed);
        if (!allowed && sentTracking) {
            gate.addHeader("Set-Cookie", TRACKING + "=; Max-Age=0; Path=/");
            gate.mark();
        }
        chain.doFilter(request, gate);
    }

    /** Lets the app's cookies through but a tracking one the visitor has not allowed. */
    private static final class Gate extends HttpServletResponseWrapper {
        private final boolean allowed;
        private boolean marked;

        Gate(HttpServletResponse response, boolean allowed) {
            super(response);
            this.allowed = allowed;
        }

        @Override
        public void addCookie(Cookie cookie) {
            if (!cookie.getName().equals(TRACKING)) {
                super.addCookie(cookie);
                return;
            }
            if (allowed) {
                super.addCookie(cookie);
            }
            mark();
        }

        /** The response depends on the visitor's consent: no shared cache may keep it for others. */
        void mark() {
            if (!marked) {
                marked = true;
                addHeader("Vary", "Cookie, Sec-GPC, DNT");
                addHeader("Cache-Control", "private");
            }
        }
    }
}
