package io.privacykit.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Runs the rest of the filter chain behind the enforcing response, for every dispatch of a
 * request: the first (REQUEST) decides, later ERROR, ASYNC, INCLUDE and FORWARD dispatches reuse
 * that decision from a request attribute.
 */
final class EnforcedChain {

    static final String ATTRIBUTE = ResponseEnforcement.class.getName();

    private EnforcedChain() {
    }

    /** Remembers {@code enforcement} for the request's later dispatches and writes its headers. */
    static void begin(HttpServletRequest request, HttpServletResponse response, ResponseEnforcement enforcement) {
        request.setAttribute(ATTRIBUTE, enforcement);
        enforcement.apply(response);
    }

    /** Continues the chain, wrapped when the request carries an enforcement and is not wrapped yet. */
    static void proceed(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request.getAttribute(ATTRIBUTE) instanceof ResponseEnforcement enforcement)
                || ConsentEnforcingResponse.isEnforcing(response)) {
            chain.doFilter(request, response);
            return;
        }
        ConsentEnforcingResponse enforcing = new ConsentEnforcingResponse(response, enforcement);
        chain.doFilter(new AsyncEnforcingRequest(request, enforcing), enforcing);
    }

    /**
     * Makes {@code startAsync()} hand the enforcing response to the async context: by default the
     * context gets the original, unwrapped response (Servlet 6.0, 2.3.3.3), where cookies would escape.
     */
    private static final class AsyncEnforcingRequest extends HttpServletRequestWrapper {
        private final ConsentEnforcingResponse response;

        AsyncEnforcingRequest(HttpServletRequest request, ConsentEnforcingResponse response) {
            super(request);
            this.response = response;
        }

        @Override
        public AsyncContext startAsync() {
            return getRequest().startAsync(this, response);
        }
    }
}
