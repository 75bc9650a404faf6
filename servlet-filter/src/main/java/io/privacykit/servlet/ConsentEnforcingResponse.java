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

    ResponseEnforcement enforcement() {
        return enforcement;
    }

    @Override
    public void addCookie(Cookie cookie) {
        if (cookie == null) {
            return;
        }
        if (enforcement.gate().allows(cookie.getName())) {
            super.addCookie(cookie);
        } else {
            enforcement.markVaried(raw);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (HeaderNames.isSetCookie(name)) {
            if (enforcement.gate().allowsHeader(value)) {
                super.addHeader(name, value);
            } else {
                enforcement.markVaried(raw);
            }
        } else if (HeaderNames.isVary(name) && enforcement.varied()) {
            List<String> values = new ArrayList<>(raw.getHeaders(HeaderNames.VARY));
            values.add(value);
            super.setHeader(HeaderNames.VARY, HeaderNames.mergeVary(values, HeaderNames.CONSENT_INPUTS));
        } else {
            super.addHeader(name, value);
        }
    }

    @Override
    public void setHeader(String name, String value) {
        if (HeaderNames.isSetCookie(name)) {
            // setHeader replaces every Set-Cookie: the app's own earlier ones go, ours come back.
            boolean allowed = value != null && enforcement.gate().allowsHeader(value);
            super.setHeader(name, allowed ? value : null);
            enforcement.reapplyOwnSetCookies(raw);
            if (value != null && !allowed) {
                enforcement.markVaried(raw);
            }
        } else if (HeaderNames.isVary(name) && enforcement.varied()) {
            super.setHeader(HeaderNames.VARY, HeaderNames.mergeVary(value == null ? List.of() : List.of(value),
                    HeaderNames.CONSENT_INPUTS));
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
