package io.privacykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The banner in a real headless Chromium (Debian's chromium, when installed; skipped otherwise)
 * under context path {@code /examples} and prefix {@code /p}: the page's head tags load it, and it
 * reaches its endpoint, which it must to show the dialog to a visitor who needs to choose.
 */
class BannerBrowserIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    /** A page whose head holds the tags the filter made. */
    static final class Page extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().print("<!doctype html><html><head><title>page</title>"
                    + PrivacyContext.of(request).headTags() + "</head><body><p>page</p></body></html>");
        }
    }

    @Test
    void theBannerUnderAContextPathAndPrefixReachesItsEndpointInABrowser() throws Exception {
        Properties p = TestServer.properties(dir.resolve("store"));
        p.setProperty("privacy.web.prefix", "/p");
        // The browser connects from loopback, which no database places: the GDPR fallback needs a choice.
        PrivacyFilter filter = PrivacyFilter.create(TestServer.policy(p));
        try (TestServer server = new TestServer()) {
            ServletContextHandler context = new ServletContextHandler("/examples");
            context.addFilter(new FilterHolder(filter), "/*", EnumSet.allOf(DispatcherType.class));
            context.addServlet(new ServletHolder(new Page()), "/page");
            server.addContext(context);
            server.start();

            String dom = dumpDom(server.base() + "/examples/page");

            assertThat(dom).contains("<script src=\"/examples/p/banner.js\" defer=\"\"></script>",
                    "class=\"pk-banner\"", "data-pk-action=\"reject\"");
        } finally {
            filter.destroy();
        }
    }

    /** The page's DOM once its scripts ran (bounded: at most 30 s). */
    private String dumpDom(String url) throws Exception {
        Path out = dir.resolve("dom.html");
        Process chromium = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + dir.resolve("profile"),
                "--virtual-time-budget=5000", "--dump-dom", url))
                .redirectOutput(out.toFile())
                .redirectError(dir.resolve("chromium.log").toFile())
                .start();
        if (!chromium.waitFor(30, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
            throw new AssertionError("chromium did not finish in 30 s");
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
