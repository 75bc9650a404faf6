package io.privacykit.servlet;

import io.privacykit.PrivacyEngine;
import io.privacykit.PrivacyEngine.RequestOutcome;
import io.privacykit.collection.CollectionRecorder;
import io.privacykit.response.ResponseCookie;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Function;

/**
 * Renders a {@link RequestOutcome} onto the servlet response and runs the app behind the gate, in
 * every dispatch of the request. One per filter, thread-safe; the per-request part is a
 * {@link ResponseState}.
 */
final class OutcomeRenderer {

    private final Enforcer enforcer;
    private final CollectionRecorder recorder;
    private final Function<String, String> headTags;
    private volatile io.privacykit.communication.CommunicationPreferences communications;

    /** @param headTags the banner's tags for the head of a page of a context path */
    OutcomeRenderer(Enforcer enforcer, CollectionRecorder recorder, Function<String, String> headTags) {
        this.enforcer = enforcer;
        this.recorder = recorder;
        this.headTags = headTags;
    }

    /** The preferences {@link PrivacyContext#communication()} hands out; set once, before the first request. */
    OutcomeRenderer communications(io.privacykit.communication.CommunicationPreferences preferences) {
        this.communications = preferences;
        return this;
    }

    /**
     * Renders {@code outcome} onto the response of its first dispatch and puts the request's
     * {@link PrivacyContext} and the banner's head tags on it.
     */
    ResponseState begin(HttpServletRequest request, HttpServletResponse response, PrivacyEngine.Request engineRequest,
                        RequestOutcome outcome, boolean decided) {
        ResponseState state = new ResponseState(enforcer, response, engineRequest, request.getRequestURI(), outcome, decided);
        logWouldExpire(outcome);
        if (decided) {
            Notifier.notify(enforcer.listener(), l -> l.decided(outcome.visit().jurisdiction(), outcome.decision()));
        }
        state.render();
        String tags = headTags.apply(request.getContextPath());
        request.setAttribute(PrivacyContext.HEAD_ATTRIBUTE, tags);
        request.setAttribute(PrivacyContext.ATTRIBUTE, new PrivacyContext(enforcer.engine(), recorder, state, tags,
                communications));
        return state;
    }

    /**
     * Writes the cookies of {@code outcome} onto an answer of PrivacyKit's own (a consent change):
     * no gate, no context, only the outcome's cookies and cache marking.
     */
    void renderOwn(HttpServletResponse response, RequestOutcome outcome) {
        logWouldExpire(outcome);
        for (ResponseCookie cookie : outcome.cookies()) {
            response.addHeader(HeaderNames.SET_COOKIE, cookie.header());
        }
    }

    private void logWouldExpire(RequestOutcome outcome) {
        ReportOnlyLog report = enforcer.report();
        if (report != null) {
            outcome.wouldExpire().forEach(report::wouldExpire);
        }
    }

    /**
     * Runs the rest of the chain behind the gate: wrapped unless the response already is, and
     * with the container's response checked for cookies set past the gate before it commits.
     */
    void proceed(HttpServletRequest request, HttpServletResponse response, FilterChain chain, ResponseState state)
            throws IOException, ServletException {
        if (ConsentEnforcingResponse.isEnforcing(response)) {
            try {
                chain.doFilter(request, response);
            } finally {
                state.scrub();
            }
            return;
        }
        ConsentEnforcingResponse enforcing = new ConsentEnforcingResponse(state);
        try {
            chain.doFilter(new AsyncGatedRequest(request, enforcing, state), enforcing);
        } finally {
            state.scrub();
        }
    }

    /**
     * Makes {@code startAsync()} hand the enforcing response to the async context (by default the
     * context gets the original, unwrapped response, Servlet 6.0 section 2.3.3.3, where cookies
     * would escape), and checks the container's response when the async work completes.
     */
    private static final class AsyncGatedRequest extends HttpServletRequestWrapper {
        private final ConsentEnforcingResponse response;
        private final ResponseState state;

        AsyncGatedRequest(HttpServletRequest request, ConsentEnforcingResponse response, ResponseState state) {
            super(request);
            this.response = response;
            this.state = state;
        }

        @Override
        public AsyncContext startAsync() {
            return new GatedAsyncContext(getRequest().startAsync(this, response), state);
        }

        @Override
        public AsyncContext startAsync(ServletRequest request, ServletResponse servletResponse) {
            return new GatedAsyncContext(getRequest().startAsync(request, servletResponse), state);
        }

        @Override
        public AsyncContext getAsyncContext() {
            AsyncContext context = super.getAsyncContext();
            return context == null || context instanceof GatedAsyncContext ? context : new GatedAsyncContext(context, state);
        }
    }

    /** An async context whose {@code complete()} first takes ungated cookies off the container's response. */
    private record GatedAsyncContext(AsyncContext context, ResponseState state) implements AsyncContext {
        @Override
        public ServletRequest getRequest() {
            return context.getRequest();
        }

        @Override
        public ServletResponse getResponse() {
            return context.getResponse();
        }

        @Override
        public boolean hasOriginalRequestAndResponse() {
            return context.hasOriginalRequestAndResponse();
        }

        @Override
        public void dispatch() {
            context.dispatch();
        }

        @Override
        public void dispatch(String path) {
            context.dispatch(path);
        }

        @Override
        public void dispatch(ServletContext servletContext, String path) {
            context.dispatch(servletContext, path);
        }

        @Override
        public void complete() {
            state.scrub();
            context.complete();
        }

        @Override
        public void start(Runnable run) {
            context.start(run);
        }

        @Override
        public void addListener(AsyncListener asyncListener) {
            context.addListener(asyncListener);
        }

        @Override
        public void addListener(AsyncListener asyncListener, ServletRequest request, ServletResponse response) {
            context.addListener(asyncListener, request, response);
        }

        @Override
        public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
            return context.createListener(type);
        }

        @Override
        public void setTimeout(long timeout) {
            context.setTimeout(timeout);
        }

        @Override
        public long getTimeout() {
            return context.getTimeout();
        }
    }
}
