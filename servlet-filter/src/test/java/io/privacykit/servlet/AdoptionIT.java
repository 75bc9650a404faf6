package io.privacykit.servlet;

import static io.privacykit.servlet.TestServer.CALIFORNIA;
import static io.privacykit.servlet.TestServer.GERMANY;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an existing app needs to adopt PrivacyKit, over real HTTP on Jetty 12: its framework cookies
 * pass without configuration, well-known trackers are classified by the catalogue, report-only mode
 * withholds nothing, the app's caching headers stay, and everything works under a context path.
 */
class AdoptionIT {

    @TempDir
    static Path dir;
    static TestServer server;
    /** An empty policy cookie list, the container's sessions on. */
    static PrivacyFilter bare;
    /** _hjid listed as functionality: the policy wins over the catalogue. */
    static PrivacyFilter listed;
    static PrivacyFilter noCatalogue;
    static PrivacyFilter reportOnly;
    /** Context /examples, prefix /p. */
    static PrivacyFilter examples;
    /** The root context. */
    static PrivacyFilter root;

    /** Sets, reads and caches as its parameters say; see each case. */
    static final class App extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String action = request.getPathInfo() == null ? "/" : request.getPathInfo();
            switch (action) {
                case "/set" -> {
                    String path = request.getParameter("path");
                    for (String name : request.getParameter("c").split(",")) {
                        if (path != null) {
                            response.addHeader("Set-Cookie", name + "=v; Path=" + path);
                        } else {
                            Cookie cookie = new Cookie(name, "v");
                            if (name.startsWith("__Host-") || name.startsWith("__Secure-")) {
                                cookie.setSecure(true);
                                cookie.setPath("/");
                            }
                            response.addCookie(cookie);
                        }
                    }
                    response.getWriter().print("ok");
                }
                case "/session" -> response.getWriter().print("session=" + request.getSession(true).getId());
                case "/cache" -> {
                    if (request.getParameter("consult") != null) {
                        PrivacyContext.of(request).decision();
                    }
                    String cc = request.getParameter("cc");
                    if ("spring".equals(request.getParameter("style"))) {
                        // As Spring Security's CacheControlHeadersWriter: only where none is set yet.
                        if (!response.containsHeader("Cache-Control") && response.getHeader("Cache-Control") == null) {
                            response.addHeader("Cache-Control", cc);
                        }
                    } else {
                        response.setHeader("Cache-Control", cc);
                    }
                    response.addHeader("Pragma", "no-cache");
                    response.addHeader("Expires", "0");
                    response.addHeader("Vary", "Accept-Encoding, origin");
                    if (request.getParameter("cookie") != null) {
                        response.addCookie(new Cookie(request.getParameter("cookie"), "v"));
                    }
                    response.getWriter().print("ok");
                }
                case "/head" -> response.getWriter().print(request.getAttribute(PrivacyContext.HEAD_ATTRIBUTE) + "|"
                        + PrivacyContext.of(request).headTags());
                default -> response.sendError(404);
            }
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        bare = filter("bare");
        ServletContextHandler sessions = context("/bare", bare, ServletContextHandler.SESSIONS);
        listed = filter("listed", "privacy.cookies.functionality", "lang,_hjid");
        context("/listed", listed, ServletContextHandler.NO_SESSIONS);
        noCatalogue = filter("off", "privacy.cookies.catalogue", "false");
        context("/off", noCatalogue, ServletContextHandler.NO_SESSIONS);
        reportOnly = filter("report", "privacy.enforcement", "report-only", "privacy.cookies.performance", "_ga,_ga_*",
                "privacy.csp", "enforce");
        context("/report", reportOnly, ServletContextHandler.NO_SESSIONS);
        examples = filter("examples", "privacy.web.prefix", "/p", "privacy.cookies.performance", "_ga,_ga_*");
        context("/examples", examples, ServletContextHandler.NO_SESSIONS);
        root = filter("root");
        context("", root, ServletContextHandler.NO_SESSIONS);
        sessions.getSessionHandler().getSessionCookieConfig().setName("APPSESSION");
        server.start();
    }

    /** A filter for the test policy without its cookie lists, plus {@code settings} (name, value, ...). */
    static PrivacyFilter filter(String name, String... settings) {
        Properties p = TestServer.properties(dir.resolve(name));
        p.stringPropertyNames().stream().filter(k -> k.startsWith("privacy.cookies.")).toList().forEach(p::remove);
        for (int i = 0; i < settings.length; i += 2) {
            p.setProperty(settings[i], settings[i + 1]);
        }
        return PrivacyFilter.create(TestServer.policy(p));
    }

    static ServletContextHandler context(String path, PrivacyFilter filter, int options) {
        ServletContextHandler context = new ServletContextHandler(options);
        context.setContextPath(path);
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.allOf(DispatcherType.class));
        context.addServlet(new ServletHolder(new App()), "/app/*");
        server.addContext(context);
        return context;
    }

    @AfterAll
    static void stop() {
        server.close();
        for (PrivacyFilter filter : List.of(bare, listed, noCatalogue, reportOnly, examples, root)) {
            filter.destroy();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"APPSESSION", "XSRF-TOKEN", "SESSION", "remember-me", "__Host-XSRF-TOKEN",
        "__Secure-SESSION", "__Host-APPSESSION", "__Secure-remember-me"})
    void frameworkCookiesPassForAnOptInVisitorWithoutConsentOrConfiguration(String cookie) throws Exception {
        HttpResponse<String> response = server.get("/bare/app/set?c=" + cookie + ",_gid,newname",
                "X-Forwarded-For", GERMANY);

        assertThat(TestServer.setNames(response)).containsExactly(cookie);
    }

    @Test
    void theContainersOwnSessionCookieReachesAnOptInVisitor() throws Exception {
        HttpResponse<String> response = server.get("/bare/app/session", "X-Forwarded-For", GERMANY);

        assertThat(TestServer.setNames(response)).containsExactly("APPSESSION");
        // JSESSIONID is the catalogue's "Functional" J2EE cookie: under this container name it is not the session.
        HttpResponse<String> jsessionid = server.get("/bare/app/set?c=JSESSIONID", "X-Forwarded-For", GERMANY);
        assertThat(TestServer.setNames(jsessionid)).isEmpty();
        HttpResponse<String> root = server.get("/app/set?c=JSESSIONID,__Secure-JSESSIONID", "X-Forwarded-For", GERMANY);
        assertThat(TestServer.setNames(root)).containsExactly("JSESSIONID", "__Secure-JSESSIONID");
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /bare   | GERMANY    | XSRF-TOKEN
            /bare   | CALIFORNIA | XSRF-TOKEN,_gid,_hjid
            /listed | GERMANY    | XSRF-TOKEN
            /off    | GERMANY    | XSRF-TOKEN
            /off    | CALIFORNIA | XSRF-TOKEN
            """)
    void theCatalogueClassifiesWellKnownTrackersAndThePolicyWins(String context, String visitor, String expected)
            throws Exception {
        HttpResponse<String> response = server.get(context + "/app/set?c=XSRF-TOKEN,_gid,_hjid,newname",
                "X-Forwarded-For", visitor.equals("GERMANY") ? GERMANY : CALIFORNIA);

        assertThat(TestServer.setNames(response)).containsExactlyElementsOf(List.of(expected.split(",")));
    }

    @Test
    void aConsentToFunctionalityLetsThroughWhatThePolicyListsThereAheadOfTheCatalogue() throws Exception {
        HttpResponse<String> chosen = server.send("POST", "/listed/privacy/consent", "functionality=on",
                "Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-For", GERMANY);
        String cookie = "privacy_consent=" + TestServer.setCookieValue(chosen, "privacy_consent");

        HttpResponse<String> response = server.get("/listed/app/set?c=_gid,_hjid", "X-Forwarded-For", GERMANY,
                "Cookie", cookie);

        // The catalogue calls _hjid Hotjar analytics (performance); this policy calls it functionality.
        assertThat(TestServer.setNames(response)).containsExactly("_hjid");
        assertThat(listed.unclassifiedCookies()).doesNotContainKeys("_gid", "_hjid");
    }

    @Test
    void withoutTheCatalogueATrackerIsUnclassifiedAndCounted() throws Exception {
        server.get("/off/app/set?c=_gid", "X-Forwarded-For", CALIFORNIA);

        assertThat(noCatalogue.unclassifiedCookies()).containsKey("_gid");
    }

    @Test
    void reportOnlyLetsEverythingThroughAndCountsWhatItWouldWithholdAndExpire() throws Exception {
        HttpResponse<String> response = server.get("/report/app/set?c=_ga,_gid,newname,XSRF-TOKEN",
                "X-Forwarded-For", GERMANY, "Cookie", "_ga=GA1; _fbp=1; XSRF-TOKEN=t");
        server.get("/report/app/set?c=_ga", "X-Forwarded-For", GERMANY);

        assertThat(TestServer.setNames(response)).containsExactly("_ga", "_gid", "newname", "XSRF-TOKEN");
        assertThat(TestServer.expiredNames(response)).isEmpty();
        // An enforced CSP would block the trackers in the browser: it is sent as report-only too.
        assertThat(response.headers().map()).containsKey("content-security-policy-report-only")
                .doesNotContainKey("content-security-policy");
        assertThat(reportOnly.wouldWithhold()).containsEntry("_ga", 2L).containsEntry("_gid", 1L)
                .containsEntry("newname", 1L).doesNotContainKey("XSRF-TOKEN");
        assertThat(reportOnly.wouldExpire()).containsEntry("_ga", 1L).containsEntry("_fbp", 1L)
                .doesNotContainKey("XSRF-TOKEN");
        assertThat(reportOnly.unclassifiedCookies()).containsEntry("newname", 1L);
        assertThat(bare.wouldWithhold()).isEmpty();
    }

    @ParameterizedTest(name = "{0} [{1}] consult={2} cookie={3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            spring | no-cache, no-store, max-age=0, must-revalidate | true  | -    | no-cache, no-store, max-age=0, must-revalidate
            spring | no-cache, no-store, max-age=0, must-revalidate | false | _gid | no-cache, no-store, max-age=0, must-revalidate
            set    | no-cache, no-store, max-age=0, must-revalidate | true  | _gid | no-cache, no-store, max-age=0, must-revalidate
            set    | max-age=60                                     | true  | -    | max-age=60, private
            spring | max-age=60                                     | true  | -    | max-age=60, private
            set    | max-age=60                                     | false | _gid | max-age=60, private
            set    | private, max-age=60                            | true  | -    | private, max-age=60
            """)
    void aDecidedResponseKeepsTheAppsCachingHeaders(String style, String cacheControl, boolean consult, String cookie,
                                                   String expected) throws Exception {
        HttpResponse<String> response = server.get("/bare/app/cache?style=" + style + "&cc="
                + java.net.URLEncoder.encode(cacheControl, java.nio.charset.StandardCharsets.UTF_8)
                + (consult ? "&consult=1" : "") + (cookie == null ? "" : "&cookie=" + cookie), "X-Forwarded-For", GERMANY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Cache-Control")).containsExactly(expected);
        assertThat(response.headers().allValues("Pragma")).containsExactly("no-cache");
        assertThat(response.headers().allValues("Expires")).containsExactly("0");
        assertThat(String.join(",", response.headers().allValues("Vary")).split("\\s*,\\s*"))
                .containsExactlyInAnyOrder("Accept-Encoding", "origin", "Cookie", "Sec-GPC", "DNT");
    }

    @Test
    void aWithdrawalUnderAContextPathExpiresTheCookieAtEveryPathTheAppSetItUnder() throws Exception {
        HttpResponse<String> set = server.get("/examples/app/set?c=_ga&path=/examples/", "X-Forwarded-For", CALIFORNIA);
        assertThat(set.headers().allValues("Set-Cookie")).containsExactly("_ga=v; Path=/examples/");
        server.get("/examples/app/set?c=_ga", "X-Forwarded-For", CALIFORNIA); // no Path: /examples/app

        HttpResponse<String> withdrawn = server.send("POST", "/examples/p/consent", "reject=all",
                "Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-For", CALIFORNIA, "Cookie", "_ga=GA1");

        assertThat(withdrawn.statusCode()).isEqualTo(200);
        assertThat(TestServer.expiredPaths(withdrawn, "_ga"))
                .containsExactlyInAnyOrder("/", "/examples", "/examples/", "/examples/app");
        assertThat(withdrawn.headers().allValues("Set-Cookie")).contains(
                "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/examples/",
                "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/");
    }

    @Test
    void theBannerUnderAContextPathAndPrefixReachesItsEndpoint() throws Exception {
        HttpResponse<String> page = server.get("/examples/app/head", "X-Forwarded-For", GERMANY);
        String tags = "<link rel=\"stylesheet\" href=\"/examples/p/banner.css\">"
                + "<script src=\"/examples/p/banner.js\" defer></script>";
        assertThat(page.body()).isEqualTo(tags + "|" + tags);

        URI script = URI.create(server.base() + "/examples/p/banner.js");
        HttpResponse<String> banner = server.get(script.getPath(), "X-Forwarded-For", GERMANY);
        assertThat(banner.statusCode()).isEqualTo(200);
        assertThat(banner.body()).contains("\"endpoint\":\"/examples/p/consent\"", "new URL('consent', src)");
        // What the script does with its own address: the endpoint sits beside it.
        URI endpoint = script.resolve("consent");
        HttpResponse<String> state = server.get(endpoint.getPath(), "X-Forwarded-For", GERMANY);
        assertThat(state.statusCode()).isEqualTo(200);
        assertThat(state.body()).contains("\"regime\":\"GDPR\"", "\"needsChoice\":true");
        assertThat(server.get("/examples/p/banner.css").statusCode()).isEqualTo(200);
    }

    @Test
    void gpcJsonIsServedAtTheSiteRootByARootContext() throws Exception {
        HttpResponse<String> response = server.get("/.well-known/gpc.json", "X-Forwarded-For", TestServer.CALIFORNIA);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"gpc\":true,\"lastUpdate\":\"2020-04-01\"}");
        HttpResponse<String> page = server.get("/app/head", "X-Forwarded-For", GERMANY);
        assertThat(page.body()).startsWith("<link rel=\"stylesheet\" href=\"/privacy/banner.css\">");
    }
}
