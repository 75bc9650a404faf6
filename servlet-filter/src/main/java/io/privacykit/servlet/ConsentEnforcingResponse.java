package io.privacykit.servlet;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The response the application writes to, over the {@link GatedResponse}: keeps a response the
 * decision shaped out of shared caches whatever the app writes to {@code Vary} and
 * {@code Cache-Control}, keeps PrivacyKit's CSP beside the app's, and renders the outcome again
 * after a {@code reset()}.
 */
final class ConsentEnforcingResponse extends HttpServletResponseWrapper {

    private final ResponseState state;

    ConsentEnforcingResponse(ResponseState state) {
        super(new GatedResponse(state.raw(), state));
        this.state = state;
    }

    /** Whether {@code response} already is, or wraps, an enforcing response. */
    static boolean isEnforcing(ServletResponse response) {
        ServletResponse r = response;
        while (r != null) {
            if (r instanceof ConsentEnforcingResponse || r instanceof GatedResponse) {
                return true;
            }
            r = r instanceof ServletResponseWrapper w ? w.getResponse() : null;
        }
        return false;
    }

    @Override
    public void addHeader(String name, String value) {
        if (HeaderNames.isVary(name) && state.varied()) {
            List<String> values = new ArrayList<>(state.raw().getHeaders(HeaderNames.VARY));
            values.add(value);
            super.setHeader(HeaderNames.VARY, HeaderNames.mergeVary(values, HeaderNames.CONSENT_INPUTS));
        } else if (HeaderNames.isCacheControl(name) && state.varied()) {
            List<String> values = state.ownCacheControlAlone() ? new ArrayList<>()
                    : new ArrayList<>(state.raw().getHeaders(HeaderNames.CACHE_CONTROL));
            if (value != null) {
                values.add(value);
            }
            state.writeAppCacheControl(values);
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
        if (HeaderNames.isCacheControl(name) && state.ownCacheControlAlone()) {
            return false;
        }
        return super.containsHeader(name);
    }

    @Override
    public String getHeader(String name) {
        if (HeaderNames.isCacheControl(name) && state.ownCacheControlAlone()) {
            return null;
        }
        return super.getHeader(name);
    }

    @Override
    public java.util.Collection<String> getHeaders(String name) {
        if (HeaderNames.isCacheControl(name) && state.ownCacheControlAlone()) {
            return List.of();
        }
        return super.getHeaders(name);
    }

    @Override
    public void setHeader(String name, String value) {
        if (HeaderNames.isVary(name) && state.varied()) {
            super.setHeader(HeaderNames.VARY, HeaderNames.mergeVary(value == null ? List.of() : List.of(value),
                    HeaderNames.CONSENT_INPUTS));
        } else if (HeaderNames.isCacheControl(name) && state.varied()) {
            // The app may tighten caching, never share a response the decision shaped.
            state.writeAppCacheControl(value == null ? List.of() : List.of(value));
        } else if (state.cspHeader() != null && state.cspHeader().equalsIgnoreCase(name)) {
            // The app may set its own policy; ours stays beside it (the browser enforces both).
            super.setHeader(name, value);
            state.reapplyCsp();
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
    public void reset() {
        super.reset();
        state.render();
    }
}
