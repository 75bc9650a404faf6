package io.privacykit.servlet;

import static io.privacykit.servlet.TestServer.GERMANY;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A filter ordered ahead of PrivacyFilter refuses a request with {@code sendError}: the error page
 * then runs in an ERROR dispatch whose REQUEST never reached PrivacyFilter. Before, that dispatch
 * ran with no cookie gate, so the error page's trackers reached a visitor who had not consented.
 */
class UngatedDispatchIT {

    @TempDir
    static Path dir;
    static TestServer server;
    static PrivacyFilter filter;

    /** Refuses {@code /fragment} before PrivacyFilter sees the request. */
    static final class Refuser extends HttpFilter {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, jakarta.servlet.ServletException {
            if (request.getRequestURI().endsWith("/fragment")) {
                response.sendError(500);
                return;
            }
            chain.doFilter(request, response);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        filter = PrivacyFilter.create(TestServer.policy(TestServer.properties(dir.resolve("ahead"))));
        ServletContextHandler context = new ServletContextHandler("/ahead");
        context.addFilter(new FilterHolder(new Refuser()), "/*", EnumSet.of(DispatcherType.REQUEST));
        FilterHolder privacy = new FilterHolder(filter);
        privacy.setAsyncSupported(true);
        context.addFilter(privacy, "/*", EnumSet.allOf(DispatcherType.class));
        CookieStyleServlets.install(context);
        server.addContext(context);
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        filter.destroy();
    }

    @Test
    void anErrorPageAfterAnEarlierFiltersSendErrorIsGated() throws Exception {
        HttpResponse<String> response = server.get("/ahead/fragment", "X-Forwarded-For", GERMANY);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("error page");
        assertThat(TestServer.setNames(response)).doesNotContain("_fbp", "lang");
    }

    @Test
    void privacyKitsEndpointsStillAnswerOnlyTheirOwnRequests() throws Exception {
        assertThat(server.get("/ahead/privacy/consent", "X-Forwarded-For", GERMANY).statusCode()).isEqualTo(200);
    }
}
