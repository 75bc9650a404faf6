package io.privacykit.servlet;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The cookie gate, as the wrapper right over the container's response: every {@code Set-Cookie}
 * set through it, by {@code addCookie}, {@code addHeader} or {@code setHeader} under any spelling
 * of the header name, or as an HTTP trailer, passes the request's {@link CookieGate}; cookies of
 * categories not allowed never reach the client (ePrivacy Directive Art. 5(3): no storage without
 * consent where consent is required). An app that unwraps the response it was given one level
 * ({@code getResponse()}) lands here, still gated; unwrapping past it is noticed, and the
 * container's response is checked before it commits ({@link ResponseState#scrub()}).
 */
final class GatedResponse extends HttpServletResponseWrapper {

    private final ResponseState state;

    GatedResponse(HttpServletResponse raw, ResponseState state) {
        super(raw);
        this.state = state;
    }

    @Override
    public ServletResponse getResponse() {
        state.unwrapped();
        return super.getResponse();
    }

    @Override
    public void addCookie(Cookie cookie) {
        if (cookie == null) {
            return;
        }
        state.cookieSet(cookie.getName(), cookie.getPath());
        if (state.passes(cookie.getName())) {
            super.addCookie(cookie);
        }
    }

    /** Passes an app's {@code Set-Cookie} value through the gate, noting its path. */
    private boolean passesHeader(String value) {
        java.util.Optional<String> cookie = SetCookieNames.nameOf(value);
        cookie.ifPresent(name -> state.cookieSet(name, SetCookieNames.pathOf(value)));
        return state.passes(cookie.orElse(null));
    }

    @Override
    public void addHeader(String name, String value) {
        if (HeaderNames.isSetCookie(name)) {
            if (passesHeader(value)) {
                super.addHeader(name, value);
            }
        } else {
            super.addHeader(name, value);
        }
    }

    @Override
    public void setHeader(String name, String value) {
        if (HeaderNames.isSetCookie(name)) {
            // setHeader replaces every Set-Cookie: the app's own earlier ones go, PrivacyKit's come back.
            boolean allowed = value != null && passesHeader(value);
            super.setHeader(name, allowed ? value : null);
            state.reapplyOwnSetCookies();
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

    /** A {@code Set-Cookie} trailer (RFC 9110 section 6.5) is a cookie too: it passes the gate when the trailers are sent. */
    @Override
    public void setTrailerFields(Supplier<Map<String, String>> supplier) {
        if (supplier == null) {
            super.setTrailerFields(null);
            return;
        }
        super.setTrailerFields(() -> {
            Map<String, String> fields = supplier.get();
            if (fields == null) {
                return null;
            }
            Map<String, String> gated = new LinkedHashMap<>(fields.size());
            fields.forEach((name, value) -> {
                if (!HeaderNames.isSetCookie(name) || (value != null && passesHeader(value))) {
                    gated.put(name, value);
                }
            });
            return gated;
        });
    }

    @Override
    public void flushBuffer() throws java.io.IOException {
        state.scrub();
        super.flushBuffer();
    }
}
