package io.privacykit.servlet;

import static io.privacykit.servlet.TestServer.GERMANY;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An app (or a library it uses) that unwraps the response it was given, one level with
 * {@code getResponse()} or all the way down to the container's own, and sets cookies there, in
 * each kind of dispatch. Before, every such cookie reached a visitor who had not consented.
 */
class UnwrappedResponseIT {

    @TempDir
    static Path dir;
    static TestServer server;
    static PrivacyFilter filter;

    /** The response one level under {@code response}. */
    static HttpServletResponse once(ServletResponse response) {
        return (HttpServletResponse) ((ServletResponseWrapper) response).getResponse();
    }

    /** The container's own response under every wrapper. */
    static HttpServletResponse bottom(ServletResponse response) {
        ServletResponse r = response;
        while (r instanceof ServletResponseWrapper wrapper) {
            r = wrapper.getResponse();
        }
        return (HttpServletResponse) r;
    }

    static void setAll(HttpServletResponse response) {
        CookieStyleServlets.addAll(response);
        response.addHeader("Set-Cookie", "_fbp=header");
    }

    /** Sets every cookie on an unwrapped response, in the dispatch the path names. */
    static final class Unwrapping extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response)
                throws IOException, ServletException {
            String style = request.getPathInfo().substring(1);
            switch (style) {
                case "once" -> setAll(once(response));
                case "bottom" -> setAll(bottom(response));
                case "forward" -> request.getRequestDispatcher("/unwrapped-target").forward(request, response);
                case "include" -> {
                    request.getRequestDispatcher("/unwrapped-fragment").include(request, response);
                    setAll(bottom(response));
                }
                case "error" -> response.sendError(503);
                case "async" -> {
                    AsyncContext async = request.startAsync();
                    async.start(() -> {
                        setAll(bottom(async.getResponse()));
                        async.complete();
                    });
                    return;
                }
                case "async-dispatch" -> {
                    AsyncContext async = request.startAsync();
                    async.start(() -> async.dispatch("/unwrapped-target"));
                    return;
                }
                case "trailer" -> {
                    response.setTrailerFields(() -> Map.of("Set-Cookie", "_fbp=trailer", "X-Checksum", "1"));
                    response.getWriter().print("body");
                    return;
                }
                default -> response.sendError(404);
            }
            if (!response.isCommitted()) {
                response.getWriter().print("ok");
            }
        }
    }

    /** A forward's or an async dispatch's target, and the error page: unwraps fully and sets every cookie. */
    static final class Target extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            setAll(bottom(response));
            response.getWriter().print("target");
        }
    }

    /** An included fragment that tries to set cookies one level down. */
    static final class Fragment extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().print("fragment;");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        filter = PrivacyFilter.create(TestServer.policy(TestServer.properties(dir.resolve("unwrapped"))));
        ServletContextHandler context = new ServletContextHandler("/u");
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.allOf(DispatcherType.class));
        ServletHolder unwrapping = new ServletHolder(new Unwrapping());
        unwrapping.setAsyncSupported(true);
        context.addServlet(unwrapping, "/unwrapping/*");
        context.addServlet(new ServletHolder(new Target()), "/unwrapped-target");
        context.addServlet(new ServletHolder(new Fragment()), "/unwrapped-fragment");
        ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
        errors.addErrorPage(503, "/unwrapped-target");
        context.setErrorHandler(errors);
        server.addContext(context);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        filter.destroy();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"once", "bottom", "forward", "include", "error", "async", "async-dispatch"})
    void cookiesSetOnAnUnwrappedResponseStillPassTheGate(String style) throws Exception {
        HttpResponse<String> response = server.get("/u/unwrapping/" + style, "X-Forwarded-For", GERMANY);

        assertThat(TestServer.setNames(response)).as(response.headers().allValues("Set-Cookie").toString())
                .containsOnly("sid").isNotEmpty();
        assertThat(response.headers().firstValue("Cache-Control")).isPresent();
    }

    @Test
    void aCookieInATrailerPassesTheGate() throws Exception {
        org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();
        client.start();
        try {
            org.eclipse.jetty.client.ContentResponse response = client.newRequest(server.base() + "/u/unwrapping/trailer")
                    .headers(h -> h.put("X-Forwarded-For", GERMANY).put("TE", "trailers")).send();
            assertThat(response.getContentAsString()).isEqualTo("body");
            assertThat(response.getTrailers()).isNotNull();
            assertThat(response.getTrailers().getValuesList("Set-Cookie")).isEmpty();
            assertThat(response.getTrailers().get("X-Checksum")).isEqualTo("1");
        } finally {
            client.stop();
        }
    }

    @Test
    void cookiesOfAllowedCategoriesStillPassOnAnUnwrappedResponse() throws Exception {
        HttpResponse<String> chosen = server.send("POST", "/u/privacy/consent", "accept=all",
                "Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-For", GERMANY);
        String cookie = "privacy_consent=" + TestServer.setCookieValue(chosen, "privacy_consent");

        HttpResponse<String> response = server.get("/u/unwrapping/bottom", "X-Forwarded-For", GERMANY, "Cookie", cookie);

        assertThat(TestServer.setNames(response)).containsAll(List.of("sid", "lang", "_ga", "_ga_XYZ", "_fbp"));
    }
}
