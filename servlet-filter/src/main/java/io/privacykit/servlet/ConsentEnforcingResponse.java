package io.privacykit.servlet;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The response the application writes to: every {@code Set-Cookie} it sets, by {@code addCookie},
 * {@code addHeader} or {@code setHeader} under any spelling of the header name, passes the
 * {@link CookieGate}; cookies of categories not allowed never reach the client (ePrivacy
 * Directive Art. 5(3): no storage without consent where consent is required).
 */
final class ConsentEnforcingResponse extends HttpServletResponseWrapper {

    private final HttpServletResponse raw;
    private final ResponseEnforcement enforcement;

    ConsentEnforcingResponse(HttpServletResponse raw, ResponseEnforcement enforcement) {
        super(raw);
        this.raw = raw;
        this.enforcement = enforcement;
    }

    /** Whether {@code response} already is, or wraps, an enforcing response. */
    static boolean isEnforcing(ServletResponse response) {
        ServletResponse r = response;
        while (r != null) {
            if (r instanceof ConsentEnforcingResponse) {
                return true;
            }
            r = r instanceof ServletResponseWrapper w ? w.getResponse() : null;
        }
        return false;
    }

    /**
     * Whether a cookie with {@code verdict} may be sent; one that the decision let through or held
     * back marks the response as shaped by it.
     */
    private boolean passes(CookieGate.Verdict verdict) {
        if (verdict != CookieGate.Verdict.SEND) {
            enforcement.markVaried(raw);
        }
        return verdict != CookieGate.Verdict.WITHHOLD;
    }

    @Override
    public void addCookie(Cookie cookie) {
        if (cookie == null) {
            return;
        }
        enforcement.cookieSet(cookie.getName(), cookie.getPath());
        if (passes(enforcement.gate().verdict(cookie.getName()))) {
            super.addCookie(cookie);
        }
    }

    /** Passes an app's {@code Set-Cookie} value through the gate, noting its path. */
    private boolean passesHeader(String value) {
        java.util.Optional<String> cookie = SetCookieNames.nameOf(value);
        if (cookie.isPresent()) {
            enforcement.cookieSet(cookie.get(), SetCookieNames.pathOf(value));
        }
        return passes(enforcement.gate().verdict(cookie.orElse(null)));
    }

    @Override
    public void addHeader(String name, String value) {
        if (HeaderNames.isSetCookie(name)) {
            if (passesHeader(value)) {
                super.addHeader(name, value);
            }
        } else if (HeaderNames.isVary(name) && enforcement.varied()) {
            List<String> values = new ArrayList<>(raw.getHeaders(HeaderNames.VARY));
            values.add(value);
            super.setHeader(HeaderNames.VARY, HeaderNames.mergeVary(values, HeaderNames.CONSENT_INPUTS));
        } else if (HeaderNames.isCacheControl(name) && enforcement.varied()) {
            List<String> values = enforcement.ownCacheControlAlone(raw) ? new ArrayList<>()
                    : new ArrayList<>(raw.getHeaders(HeaderNames.CACHE_CONTROL));
            if (value != null) {
                values.add(value);
            }
            enforcement.writeAppCacheControl(raw, values);
        } else {
            super.addHeader(name, value);
        }
    }

    /**
     * The filter's own lone {@code Cache-Control: private} is hidden from the app here and in
     * {@link #getHeader} and {@link #getHeaders}: an app may write its own only where none is set yet
     * (Spring Security's CacheControlHeadersWriter does), and its no-store must not be skipped.
     */
    @Override
    public boolean containsHeader(String name) {
        if (HeaderNames.isCacheControl(name) && enforcement.ownCacheControlAlone(raw)) {
            return false;
        }
        return super.containsHeader(name);
    }

    @Override
    public String getHeader(String name) {
        if (HeaderNames.isCacheControl(name) && enforcement.ownCacheControlAlone(raw)) {
            return null;
        }
        return super.getHeader(name);
    }

    @Override
    public java.util.Collection<String> getHeaders(String name) {
        if (HeaderNames.isCacheControl(name) && enforcement.ownCacheControlAlone(raw)) {
            return List.of();
        }
        return super.getHeaders(name);
    }

    @Override
    public void setHeader(String name, String value) {
        if (HeaderNames.isSetCookie(name)) {
            // setHeader replaces every Set-Cookie: the app's own earlier ones go, ours come back.
            boolean allowed = value != null && passesHeader(value);
            super.setHeader(name, allowed ? value : null);
            enforcement.reapplyOwnSetCookies(raw);
        } else if (HeaderNames.isVary(name) && enforcement.varied()) {
            super.setHeader(HeaderNames.VARY, HeaderNames.mergeVary(value == null ? List.of() : List.of(value),
                    HeaderNames.CONSENT_INPUTS));
        } else if (HeaderNames.isCacheControl(name) && enforcement.varied()) {
            // The app may tighten caching, never share a response the decision shaped.
            enforcement.writeAppCacheControl(raw, value == null ? List.of() : List.of(value));
        } else if (enforcement.cspHeader() != null && enforcement.cspHeader().equalsIgnoreCase(name)) {
            // The app may set its own policy; ours stays beside it (the browser enforces both).
            super.setHeader(name, value);
            enforcement.reapplyCsp(raw);
        } else {
            super.setHeader(name, value);
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        addHeader(name, Integer.toString(value));
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public void addDateHeader(String name, long date) {
        if (HeaderNames.isSetCookie(name)) {
            addHeader(name, Long.toString(date));
        } else {
            super.addDateHeader(name, date);
        }
    }

    @Override
    public void setDateHeader(String name, long date) {
        if (HeaderNames.isSetCookie(name)) {
            setHeader(name, Long.toString(date));
        } else {
            super.setDateHeader(name, date);
        }
    }

    @Override
    public void reset() {
        super.reset();
        enforcement.apply(raw);
    }
}
