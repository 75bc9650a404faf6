package io.privacykit.servlet;

import static io.privacykit.servlet.TestServer.BRITAIN;
import static io.privacykit.servlet.TestServer.CALIFORNIA;
import static io.privacykit.servlet.TestServer.GERMANY;
import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.PrivacyEngine;
import io.privacykit.consent.ConsentMethod;
import io.privacykit.consent.LedgerEntry;
import io.privacykit.geo.GeoLocator;
import io.privacykit.geo.GeoLocators;
import io.privacykit.geo.RequestHeaders;
import io.privacykit.policy.Policy;
import io.privacykit.store.jdbc.JdbcPrivacyStore;
import io.privacykit.store.PrivacyStore;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * The consent endpoints, the consent cookie's defences, CSRF, the ledger, the store outage, CSP,
 * cache marking, withdrawn-cookie expiry, gpc.json and the banner assets, over real HTTP.
 */
class ConsentEndpointIT {

    @TempDir
    static Path dir;
    static TestServer server;
    static PrivacyFilter main;
    static PrivacyFilter limited;
    static PrivacyFilter allow;
    static PrivacyFilter csp;
    static PrivacyFilter report;
    static PrivacyFilter outage;
    static PrivacyStore outageStore;
    static io.privacykit.geo.GeoLocatorChain outageLocator;
    static PrivacyFilter untrusted;
    static PrivacyFilter broken;
    static PrivacyStore brokenStore;
    static final String FORM = "application/x-www-form-urlencoded";

    /**
     * Prints whether performance is allowed; with {@code subject}, links the visitor to it and then
     * sets the test app's cookies.
     */
    static final class ContextServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            PrivacyContext context = PrivacyContext.of(request);
            String subject = request.getParameter("subject");
            if (subject != null) {
                boolean linked = context.linkSubject(subject);
                CookieStyleServlets.addAll(response);
                response.getWriter().print("linked=" + linked);
                return;
            }
            response.getWriter().print(context.jurisdiction().regime() + " performance=" + context.isAllowed("performance"));
        }
    }

    /**
     * Sets {@code Cache-Control} to {@code cc} before or after ({@code order}) doing {@code action}:
     * reading one part of the context, or setting cookie {@code cookie:<name>}.
     */
    static final class CachingServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            boolean after = "after".equals(request.getParameter("order"));
            if (!after) {
                response.setHeader("Cache-Control", request.getParameter("cc"));
            }
            PrivacyContext context = PrivacyContext.of(request);
            String action = request.getParameter("action");
            switch (action) {
                case "jurisdiction" -> context.jurisdiction();
                case "signals" -> context.signals();
                case "decision" -> context.decision();
                case "needsChoice" -> context.needsChoice();
                case "none" -> { }
                default -> response.addCookie(new jakarta.servlet.http.Cookie(action.substring("cookie:".length()), "v"));
            }
            if (after) {
                response.setHeader("Cache-Control", request.getParameter("cc"));
            }
            response.getWriter().print("ok");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        main = PrivacyFilter.create(TestServer.policy(TestServer.properties(dir.resolve("main"))));
        ServletContextHandler mainContext = server.add("/main", main);
        mainContext.addServlet(new ServletHolder(new ContextServlet()), "/context");
        mainContext.addServlet(new ServletHolder(new CachingServlet()), "/caching");

        allow = filter("allow", "privacy.cookies.unclassified", "allow");
        server.add("/allow", allow);
        csp = filter("csp", "privacy.csp", "enforce", "privacy.web.allowed-origins", "https://shop.example.com");
        server.add("/csp", csp);
        report = filter("report", "privacy.csp", "report-only");
        server.add("/report", report);
        // Loopback, where the test client connects from, is no trusted proxy here.
        untrusted = filter("untrusted", "privacy.geo.trusted-proxies", "10.0.0.0/8");
        server.add("/untrusted", untrusted);
        limited = filter("limited", "privacy.web.consent-rate-limit", "3");
        server.add("/limited", limited);

        Policy outagePolicy = TestServer.policy(TestServer.properties(dir.resolve("outage")));
        outageStore = JdbcPrivacyStore.open(outagePolicy.store());
        outageLocator = GeoLocators.standard(outagePolicy.geo());
        outage = new PrivacyFilter(new PrivacyEngine(outagePolicy, outageLocator, outageStore, Clock.systemUTC()));
        server.add("/outage", outage);

        Policy brokenPolicy = TestServer.policy(TestServer.properties(dir.resolve("broken")));
        brokenStore = JdbcPrivacyStore.open(brokenPolicy.store());
        GeoLocator failing = query -> {
            throw new IllegalStateException("the geolocation database is unreadable");
        };
        broken = new PrivacyFilter(new PrivacyEngine(brokenPolicy, failing, brokenStore, Clock.systemUTC()));
        server.add("/broken", broken).addServlet(new ServletHolder(new ContextServlet()), "/context");
        server.start();
    }

    /** A filter over the test policy stored under {@code name}, with {@code settings} (key, value, ...) set. */
    private static PrivacyFilter filter(String name, String... settings) {
        Properties properties = TestServer.properties(dir.resolve(name));
        for (int i = 0; i < settings.length; i += 2) {
            properties.setProperty(settings[i], settings[i + 1]);
        }
        return PrivacyFilter.create(TestServer.policy(properties));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        for (PrivacyFilter filter : List.of(main, allow, csp, report, outage, untrusted, broken, limited)) {
            filter.destroy();
        }
        outageLocator.close();
        brokenStore.close();
    }

    private static HttpResponse<String> post(String path, String contentType, String body, String... headers)
            throws Exception {
        String[] all = new String[headers.length + 4];
        all[0] = "Content-Type";
        all[1] = contentType;
        all[2] = "X-Forwarded-For";
        all[3] = GERMANY;
        System.arraycopy(headers, 0, all, 4, headers.length);
        return server.send("POST", path, body, all);
    }

    @Test
    void aChoiceIsCommittedToTheLedgerThenAcknowledgedWithASignedCookie() throws Exception {
        HttpResponse<String> response = post("/main/privacy/consent", FORM, "accept=all", "User-Agent", "Test/1.0",
                "Referer", server.base() + "/main/products?id=7");

        assertThat(response.statusCode()).isEqualTo(200);
        String cookie = response.headers().allValues("Set-Cookie").stream()
                .filter(h -> h.startsWith("privacy_consent=")).findFirst().orElseThrow();
        // 365 days of validity and 30 of grace, so that an expired consent still reaches the server.
        assertThat(cookie).contains("; Max-Age=" + Duration.ofDays(365 + 30).toSeconds(), "; Path=/", "; HttpOnly", "; SameSite=Lax")
                .doesNotContain("Secure");
        assertThat(response.body()).contains("\"needsChoice\":false",
                "\"advertising\":{\"allowed\":true,\"required\":false,\"reason\":\"granted\",\"granted\":true}");
        String consentId = PrivacyFilterIT.consentId(response.body());
        List<LedgerEntry> history = main.engine().store().consentHistory(consentId);
        assertThat(history).hasSize(1);
        assertThat(history.get(0).event().method()).isEqualTo(ConsentMethod.API);
        assertThat(history.get(0).event().page()).isEqualTo("/main/products");
        assertThat(history.get(0).event().country()).isEqualTo("DE");
        assertThat(history.get(0).event().ipHash()).isNotNull().doesNotContain(GERMANY);
        assertThat(history.get(0).event().userAgent()).isEqualTo("Test/1.0");

        // The visitor's receipt reads the same record back.
        HttpResponse<String> receipt = server.get("/main/privacy/consent/receipt", "X-Forwarded-For", GERMANY,
                "Cookie", "privacy_consent=" + TestServer.setCookieValue(response, "privacy_consent"));
        assertThat(receipt.statusCode()).isEqualTo(200);
        assertThat(receipt.body()).contains(consentId, history.get(0).hash());

        // The answer to the POST itself carries the receipt, so the visitor holds it without asking.
        com.fasterxml.jackson.databind.JsonNode given = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(response.body()).get("receipt");
        assertThat(given.get("sequence").asLong()).isEqualTo(history.get(0).sequence());
        assertThat(given.get("hash").asText()).isEqualTo(history.get(0).hash());
        assertThat(given.get("consentId").asText()).isEqualTo(consentId);
        assertThat(main.engine().store().verifyLedger().isIntact()).isTrue();
    }

    @Test
    void theBannerRecordsItsMethodAndAWithdrawalIsRecordedAsOneAndExpiresTheCookies() throws Exception {
        HttpResponse<String> accepted = post("/main/privacy/consent", "application/json", "{\"accept\":\"all\"}",
                "PrivacyKit-Source", "banner");
        String cookie = TestServer.setCookieValue(accepted, "privacy_consent");
        String consentId = PrivacyFilterIT.consentId(accepted.body());

        HttpResponse<String> withdrawn = post("/main/privacy/consent", "application/json",
                "{\"performance\":false,\"advertising\":\"off\"}", "PrivacyKit-Source", "banner",
                "Cookie", "privacy_consent=" + cookie + "; _ga=GA1.2; _ga_XYZ=1; lang=en; _fbp=fb; sid=1");

        assertThat(withdrawn.statusCode()).isEqualTo(200);
        assertThat(PrivacyFilterIT.consentId(withdrawn.body())).isEqualTo(consentId);
        assertThat(TestServer.expiredNames(withdrawn)).containsExactlyInAnyOrder("_ga", "_ga_XYZ", "_fbp");
        assertThat(withdrawn.headers().allValues("Set-Cookie")).contains(
                "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/");
        List<LedgerEntry> history = main.engine().store().consentHistory(consentId);
        assertThat(history).extracting(e -> e.event().method())
                .containsExactly(ConsentMethod.BANNER, ConsentMethod.WITHDRAWAL);
        assertThat(history.get(1).event().choices())
                .isEqualTo(Map.of("functionality", true, "performance", false, "advertising", false));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            application/x-www-form-urlencoded | 400 | marketing=on
            application/x-www-form-urlencoded | 400 | performance=maybe
            application/x-www-form-urlencoded | 400 | accept=some
            application/x-www-form-urlencoded | 400 | accept=all&performance=on
            application/x-www-form-urlencoded | 400 | accept=all&reject=all
            application/x-www-form-urlencoded | 400 | performance=on&performance=off
            application/x-www-form-urlencoded | 400 | performance=%ZZ
            application/x-www-form-urlencoded | 400 | ''
            application/json                  | 400 | {"performance":
            application/json                  | 400 | [true]
            application/json                  | 400 | {"performance":{"x":1}}
            application/json                  | 400 | {"marketing":true}
            application/json                  | 400 | {} {}
            application/json                  | 400 | {"advertising":false,"advertising":true}
            application/json                  | 400 | ''
            text/plain                        | 415 | accept=all
            application/xml                   | 415 | <accept>all</accept>
            """)
    void badBodiesGetAClearJsonError(String contentType, int status, String body) throws Exception {
        HttpResponse<String> response = post("/main/privacy/consent", contentType, body);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).startsWith("{\"error\":\"").doesNotContain("Exception", "\tat ");
        assertThat(TestServer.setNames(response)).isEmpty();
    }

    @Test
    void oneNetworkCannotMintConsentsWithoutLimit() throws Exception {
        // Before: nothing limited how fast one client minted consent ids and ledger rows.
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> ok = server.send("POST", "/limited/privacy/consent", "accept=all",
                    "Content-Type", FORM, "X-Forwarded-For", "2.207.0." + i);
            assertThat(ok.statusCode()).isEqualTo(200);
        }
        long rowsBefore = limited.engine().store().ledger(0, 1000).size();

        // Another address of the same /24: the same network, the same bucket.
        HttpResponse<String> refused = server.send("POST", "/limited/privacy/consent", "accept=all",
                "Content-Type", FORM, "X-Forwarded-For", "2.207.0.200");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
        assertThat(refused.body()).startsWith("{\"error\":\"Too many consent changes");
        assertThat(TestServer.setNames(refused)).isEmpty();
        assertThat(limited.engine().store().ledger(0, 1000)).hasSize((int) rowsBefore);

        // Another network is not affected, and reading stays free.
        assertThat(server.send("POST", "/limited/privacy/consent", "accept=all", "Content-Type", FORM,
                "X-Forwarded-For", CALIFORNIA).statusCode()).isEqualTo(200);
        assertThat(server.get("/limited/privacy/consent", "X-Forwarded-For", "2.207.0.200").statusCode()).isEqualTo(200);
    }

    @Test
    void aJsonBodyNamingACategoryTwiceIsNeitherChoice() throws Exception {
        HttpResponse<String> response = post("/main/privacy/consent", "application/json",
                "{\"advertising\":false,\"advertising\":true}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("names a field twice");
    }

    @ParameterizedTest(name = "Accept-Language: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            es;q=abc
            ;;;,,,
            en-US;q=1.5, *;q=
            zz-ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ
            """)
    void aMalformedAcceptLanguageGetsTheEnglishBanner(String acceptLanguage) throws Exception {
        HttpResponse<String> response = server.send("GET", "/main/privacy/banner.js", null,
                "X-Forwarded-For", GERMANY, "Accept-Language", acceptLanguage);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Language")).contains("en");
        assertThat(response.body()).doesNotContain("Exception", "\tat ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/main/privacy/consent", "/main/privacy/banner.js", "/main/privacy/banner.css"})
    void privacyKitsOwnAnswersAreNeverFramedByAnotherSite(String path) throws Exception {
        HttpResponse<String> response = server.send("GET", path, null, "X-Forwarded-For", GERMANY);

        assertThat(response.headers().allValues("Content-Security-Policy")).contains("frame-ancestors 'self'");
        assertThat(response.headers().firstValue("X-Frame-Options")).contains("SAMEORIGIN");
    }

    @Test
    void anUnknownCategoryIsNamedInTheError() throws Exception {
        HttpResponse<String> response = post("/main/privacy/consent", FORM, "marketing=on");

        assertThat(response.body()).contains("Unknown category 'marketing'", "necessary", "advertising");
    }

    @Test
    void aBodyOverSixteenKibibytesIs413() throws Exception {
        String big = "performance=on&" + "x".repeat(17 * 1024);
        HttpResponse<String> response = post("/main/privacy/consent", FORM, big);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).startsWith("{\"error\":");
        // A bounded oversized body is drained, so the connection stays usable for the next request.
        assertThat(response.headers().firstValue("Connection")).isEmpty();
    }

    @ParameterizedTest(name = "Origin {0}, Referer {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            https://evil.example          | -                                  | 403
            null                          | -                                  | 403
            -                             | https://evil.example/page          | 403
            -                             | not a url                          | 403
            http://127.0.0.1:1            | -                                  | 403
            SELF                          | -                                  | 200
            -                             | SELF/page                          | 200
            -                             | -                                  | 200
            """)
    void crossOriginChangesAreRefused(String origin, String referer, int status) throws Exception {
        String self = server.base();
        HttpResponse<String> response = post("/main/privacy/consent", FORM, "reject=all",
                "Origin", origin == null ? null : origin.replace("SELF", self),
                "Referer", referer == null ? null : referer.replace("SELF", self));

        assertThat(response.statusCode()).isEqualTo(status);
        if (status == 403) {
            assertThat(response.body()).startsWith("{\"error\":");
            assertThat(TestServer.setNames(response)).isEmpty();
        }
    }

    @Test
    void aConfiguredOriginMayPost() throws Exception {
        HttpResponse<String> allowed = post("/csp/privacy/consent", FORM, "reject=all", "Origin", "https://shop.example.com");
        HttpResponse<String> other = post("/csp/privacy/consent", FORM, "reject=all", "Origin", "https://shop.example.org");

        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(other.statusCode()).isEqualTo(403);
    }

    @Test
    void aStoreOutageIs503AndAcknowledgesNothing() throws Exception {
        outageStore.close();

        HttpResponse<String> response = post("/outage/privacy/consent", FORM, "accept=all");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).startsWith("{\"error\":").contains("not saved");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    /** Consent cookies no one may trust: each is treated as no consent, never as an error. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tampered", "truncated", "oversized", "wrong-key", "expired", "old-version", "garbage", "empty"})
    void anUntrustworthyConsentCookieIsNoConsent(String kind) throws Exception {
        String good = TestServer.setCookieValue(post("/main/privacy/consent", FORM, "accept=all"), "privacy_consent");
        String value = switch (kind) {
            case "tampered" -> good.substring(0, good.length() - 3) + (good.endsWith("AAA") ? "BBB" : "AAA");
            case "truncated" -> good.substring(0, good.length() / 2);
            case "oversized" -> good + "A".repeat(5000);
            case "wrong-key" -> mint(policyWith("privacy.consent.keys", "k1:" + TestServer.base64("another-secret-of-exactly-32-by!")),
                    Clock.systemUTC());
            case "expired" -> mint(TestServer.policy(TestServer.properties(dir.resolve("mint-expired"))),
                    Clock.fixed(Instant.now().minus(Duration.ofDays(400)), ZoneOffset.UTC));
            case "old-version" -> mint(policyWith("privacy.policy.version", "2019-01-01"), Clock.systemUTC());
            case "garbage" -> "%00<script>\"";
            default -> "";
        };
        HttpResponse<String> state;
        HttpResponse<String> page;
        if (kind.equals("old-version")) {
            Properties reconsent = TestServer.properties(dir.resolve("reconsent"));
            reconsent.setProperty("privacy.consent.reconsent-before", "2020-01-01");
            PrivacyFilter strict = PrivacyFilter.create(TestServer.policy(reconsent));
            try (TestServer other = new TestServer()) {
                other.add("/main", strict);
                other.start();
                state = other.get("/main/privacy/consent", "X-Forwarded-For", GERMANY, "Cookie", "privacy_consent=" + value);
                page = other.get("/main/app/addCookie", "X-Forwarded-For", GERMANY, "Cookie", "privacy_consent=" + value);
            } finally {
                strict.destroy();
            }
        } else {
            state = server.get("/main/privacy/consent", "X-Forwarded-For", GERMANY, "Cookie", "privacy_consent=" + value);
            page = server.get("/main/app/addCookie", "X-Forwarded-For", GERMANY, "Cookie", "privacy_consent=" + value);
        }

        assertThat(state.statusCode()).isEqualTo(200);
        assertThat(state.body()).contains("\"needsChoice\":true", "\"consentId\":null");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(TestServer.setNames(page)).containsExactly("sid");
        // A genuine cookie that lapsed is recorded in the ledger once and cleared; others are only ignored.
        boolean lapsed = kind.equals("expired") || kind.equals("old-version");
        assertThat(TestServer.expiredNames(page).contains("privacy_consent")).isEqualTo(lapsed);
    }

    /**
     * A kept visit answers only the very value it was decided from: one that copies a kept cookie's
     * length and MAC with another payload is none the codec verified, and is no consent, even where
     * that cookie's visit is kept.
     */
    @Test
    void aValueCopyingAKeptCookiesSignatureIsNoConsentEvenWhereThatCookiesVisitIsKept() throws Exception {
        String good = TestServer.setCookieValue(post("/main/privacy/consent", FORM, "accept=all"), "privacy_consent");
        String consentId = PrivacyFilterIT.consentId(
                server.get("/main/privacy/consent", "X-Forwarded-For", BRITAIN, "Cookie", "privacy_consent=" + good).body());
        int middle = good.lastIndexOf('.') / 2; // inside the payload, before the MAC
        String forged = good.substring(0, middle) + (good.charAt(middle) == 'A' ? 'B' : 'A') + good.substring(middle + 1);
        for (int i = 0; i < 2; i++) { // seen, then kept
            server.get("/main/privacy/consent", "X-Forwarded-For", BRITAIN, "Cookie", "privacy_consent=" + good);
        }

        HttpResponse<String> whereKept = server.get("/main/privacy/consent", "X-Forwarded-For", BRITAIN,
                "Cookie", "privacy_consent=" + forged);
        HttpResponse<String> elsewhere = server.get("/main/privacy/consent", "X-Forwarded-For", GERMANY,
                "Cookie", "privacy_consent=" + forged);

        assertThat(forged).hasSameSizeAs(good).isNotEqualTo(good);
        assertThat(whereKept.body()).contains("\"needsChoice\":true", "\"consentId\":null");
        assertThat(elsewhere.body()).contains("\"needsChoice\":true", "\"consentId\":null");
        // The verified cookie's visit is still kept and still answers it.
        assertThat(server.get("/main/privacy/consent", "X-Forwarded-For", BRITAIN, "Cookie", "privacy_consent=" + good)
                .body()).contains("\"consentId\":\"" + consentId + "\"", "\"needsChoice\":false");
    }

    private static Policy policyWith(String key, String value) {
        Properties p = TestServer.properties(dir.resolve("mint-" + Math.abs((key + value).hashCode())));
        p.setProperty(key, value);
        return TestServer.policy(p);
    }

    /** A consent cookie for "accept all" made by another engine (other key, version or clock). */
    private static String mint(Policy policy, Clock clock) {
        return minted(policy, clock).cookieValue();
    }

    private static PrivacyEngine.ConsentChange minted(Policy policy, Clock clock) {
        try (JdbcPrivacyStore store = JdbcPrivacyStore.open(policy.store());
             var locator = GeoLocators.standard(policy.geo())) {
            PrivacyEngine engine = new PrivacyEngine(policy, locator, store, clock);
            PrivacyEngine.Visit visit = engine.assess(GERMANY, RequestHeaders.none(), null);
            return engine.choose(visit, Map.of("functionality", true, "performance", true, "advertising", true),
                    ConsentMethod.API, new PrivacyEngine.Origin("/", null));
        }
    }

    @Test
    void aPageAndItsAssetsArrivingWithTheSameExpiredConsentRecordOneLapse() throws Exception {
        PrivacyEngine.ConsentChange expired = minted(TestServer.policy(TestServer.properties(dir.resolve("mint-lapse"))),
                Clock.fixed(Instant.now().minus(Duration.ofDays(380)), ZoneOffset.UTC));
        String cookie = "privacy_consent=" + expired.cookieValue();

        HttpResponse<String> page = server.get("/main/app/addCookie", "X-Forwarded-For", GERMANY, "Cookie", cookie);
        HttpResponse<String> asset = server.get("/main/fragment", "X-Forwarded-For", GERMANY, "Cookie", cookie);

        assertThat(TestServer.expiredNames(page)).contains("privacy_consent");
        assertThat(TestServer.expiredNames(asset)).contains("privacy_consent");
        assertThat(main.engine().store().consentHistory(expired.state().consentId()))
                .extracting(e -> e.event().method()).containsExactly(ConsentMethod.EXPIRY);
    }

    @ParameterizedTest(name = "{0} with {1}: {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            /main      | X-Forwarded-Proto: https; X-Forwarded-Host: public.example               | https://public.example | 200
            /main      | X-Forwarded-Proto: https, http; X-Forwarded-Host: public.example, inner  | https://public.example | 200
            /untrusted | X-Forwarded-Proto: https; X-Forwarded-Host: public.example               | https://public.example | 403
            /main      | Forwarded: proto=http;host=evil.example, proto=https;host="public.example" | https://public.example | 200
            /main      | Forwarded: proto=https;host=public.example, proto=http;host=evil.example   | https://public.example | 403
            /main      | X-Forwarded-Proto: https; X-Forwarded-Host: public.example               | http://public.example  | 403
            """)
    void behindATrustedTlsProxyTheOriginIsTheOneTheProxyWasAskedFor(String context, String forwarding, String origin,
                                                                   int status) throws Exception {
        List<String> headers = new java.util.ArrayList<>(List.of("Origin", origin));
        for (String header : forwarding.split("; (?=[A-Z])")) {
            String[] pair = header.split(": ", 2);
            headers.addAll(List.of(pair[0], pair[1]));
        }

        HttpResponse<String> response = post(context + "/privacy/consent", FORM, "reject=all", headers.toArray(String[]::new));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }

    @Test
    void whenTheVisitCannotBeAssessedTheAppStillGetsAFailClosedContext() throws Exception {
        HttpResponse<String> context = server.get("/broken/context", "X-Forwarded-For", CALIFORNIA);
        HttpResponse<String> page = server.get("/broken/app/addCookie", "X-Forwarded-For", CALIFORNIA);

        assertThat(context.statusCode()).isEqualTo(200);
        assertThat(context.body()).isEqualTo("GDPR performance=false");
        assertThat(TestServer.setNames(page)).containsExactly("sid");
    }

    @Test
    void aSignedInPersonsChoiceFollowsThemToAnotherBrowser() throws Exception {
        HttpResponse<String> chosen = post("/main/privacy/consent", FORM, "accept=all");
        String browserA = "privacy_consent=" + TestServer.setCookieValue(chosen, "privacy_consent");
        assertThat(server.get("/main/context?subject=alice", "X-Forwarded-For", GERMANY, "Cookie", browserA).body())
                .isEqualTo("linked=true");

        HttpResponse<String> signIn = server.get("/main/context?subject=alice", "X-Forwarded-For", GERMANY);
        String browserB = "privacy_consent=" + TestServer.setCookieValue(signIn, "privacy_consent");
        HttpResponse<String> state = server.get("/main/privacy/consent", "X-Forwarded-For", GERMANY, "Cookie", browserB);
        HttpResponse<String> next = server.get("/main/app/addCookie", "X-Forwarded-For", GERMANY, "Cookie", browserB);

        assertThat(signIn.body()).isEqualTo("linked=true");
        // The restored consent decides the rest of the sign-in response already.
        assertThat(TestServer.setNames(signIn)).containsExactlyInAnyOrder("privacy_consent", "sid", "lang", "_ga",
                "_ga_XYZ", "_fbp");
        assertThat(PrivacyFilterIT.consentId(state.body())).isEqualTo(PrivacyFilterIT.consentId(chosen.body()));
        assertThat(state.body()).contains("\"needsChoice\":false",
                "\"advertising\":{\"allowed\":true,\"required\":false,\"reason\":\"granted\",\"granted\":true}");
        assertThat(TestServer.setNames(next)).containsExactlyInAnyOrder("sid", "lang", "_ga", "_ga_XYZ", "_fbp");
        assertThat(main.engine().store().consentHistory(PrivacyFilterIT.consentId(chosen.body()))).hasSize(1);
    }

    @ParameterizedTest(name = "{0} {1} then {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            before | public, max-age=600 | jurisdiction | max-age=600, private
            before | max-age=60          | signals      | max-age=60, private
            after  | max-age=60          | signals      | max-age=60, private
            before | no-store            | decision     | no-store
            before | private, max-age=60 | needsChoice  | private, max-age=60
            before | public, max-age=600 | cookie:_ga   | max-age=600, private
            after  | public, max-age=600 | cookie:_ga   | max-age=600, private
            after  | public, max-age=600 | jurisdiction | max-age=600, private
            before | public, max-age=600 | cookie:sid   | public, max-age=600
            before | public, max-age=600 | none         | public, max-age=600
            before | no-cache, no-store, max-age=0, must-revalidate | cookie:_ga | no-cache, no-store, max-age=0, must-revalidate
            after  | no-cache, no-store, max-age=0, must-revalidate | decision   | no-cache, no-store, max-age=0, must-revalidate
            """)
    void aResponseTheDecisionShapedIsKeptOutOfSharedCaches(String order, String cacheControl, String action,
                                                          String expected) throws Exception {
        HttpResponse<String> response = server.get("/main/caching?order=" + order + "&action=" + action + "&cc="
                + java.net.URLEncoder.encode(cacheControl, java.nio.charset.StandardCharsets.UTF_8),
                "X-Forwarded-For", CALIFORNIA);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Cache-Control")).containsExactly(expected);
        assertThat(response.headers().allValues("Vary").toString().contains("Sec-GPC"))
                .isEqualTo(!expected.startsWith("public"));
    }

    @Test
    void cookiesOfCategoriesNotAllowedThatTheRequestCarriesAreExpired() throws Exception {
        HttpResponse<String> response = server.get("/main/fragment", "X-Forwarded-For", GERMANY,
                "Cookie", "_ga=GA1; _ga_ABC=1; lang=en; sid=s; privacy_consent=junk; other=1; __Secure-x=1");

        assertThat(TestServer.expiredNames(response)).containsExactlyInAnyOrder("_ga", "_ga_ABC", "lang");
        assertThat(response.headers().allValues("Vary").toString()).contains("Cookie");

        HttpResponse<String> california = server.get("/main/fragment", "X-Forwarded-For", CALIFORNIA,
                "Cookie", "_ga=GA1; lang=en; _fbp=1", "Sec-GPC", "1");
        assertThat(TestServer.expiredNames(california)).containsExactly("_fbp");
    }

    @Test
    void sixtyTrackerCookiesNeverMakeAResponseTooLargeAndAnOptOutStillArrives() throws Exception {
        // Before: five deletions per cookie overflowed the container's 8 KiB header limit: a 500 on
        // every page, forever, and a Californian's reject=all recorded but never delivered.
        java.util.Set<String> left = new java.util.TreeSet<>();
        java.util.stream.IntStream.rangeClosed(1, 60).forEach(i -> left.add("_ga_" + i));
        String sixty = left.stream().map(n -> n + "=GA1.1").collect(java.util.stream.Collectors.joining("; "));
        // The browser keeps sending what is not deleted yet; each response deletes what fits.
        for (int response = 1; !left.isEmpty(); response++) {
            assertThat(response).as("responses needed").isLessThanOrEqualTo(3);
            String carried = left.stream().map(n -> n + "=GA1.1").collect(java.util.stream.Collectors.joining("; "));
            HttpResponse<String> page = server.get("/main/fragment", "X-Forwarded-For", GERMANY, "Cookie", carried);
            assertThat(page.statusCode()).isEqualTo(200);
            int bytes = page.headers().allValues("Set-Cookie").stream().mapToInt(String::length).sum();
            assertThat(bytes).isLessThanOrEqualTo(io.privacykit.response.CookieSite.BUDGET_BYTES);
            assertThat(TestServer.expiredNames(page)).isNotEmpty();
            left.removeAll(TestServer.expiredNames(page));
        }

        HttpResponse<String> optOut = server.send("POST", "/main/privacy/consent", "reject=all",
                "Content-Type", FORM, "X-Forwarded-For", CALIFORNIA, "Cookie", sixty);
        assertThat(optOut.statusCode()).isEqualTo(200);
        assertThat(TestServer.setNames(optOut)).contains("privacy_consent");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"error", "exception", "redirect", "async", "forward", "include", "setHeader", "reset"})
    void theFiltersOwnHeadersSurviveEveryStyleExactlyOnce(String style) throws Exception {
        HttpResponse<String> response = server.get("/csp/app/" + style, "X-Forwarded-For", GERMANY, "Cookie", "_ga=1; lang=x");

        assertThat(TestServer.expiredNames(response)).containsExactlyInAnyOrder("_ga", "lang");
        assertThat(response.headers().allValues("Content-Security-Policy")).hasSize(1);
        assertThat(TestServer.setNames(response)).doesNotContain("_ga", "lang");
    }

    @Test
    void unclassifiedCookiesFollowThePolicyAndAreCountedOncePerName() throws Exception {
        HttpResponse<String> blocked = server.get("/main/app/addHeader", "X-Forwarded-For", CALIFORNIA);
        HttpResponse<String> allowed = server.get("/allow/app/addHeader", "X-Forwarded-For", CALIFORNIA);
        server.get("/allow/app/addHeader", "X-Forwarded-For", CALIFORNIA);

        assertThat(TestServer.setNames(blocked)).doesNotContain("mystery", "(malformed)").contains("_ga", "_fbp");
        assertThat(TestServer.setNames(allowed)).contains("mystery", "(malformed)", "_ga", "_fbp");
        assertThat(allow.unclassifiedCookies())
                .containsEntry("mystery", 2L)
                .containsEntry(UnclassifiedCookieRegistry.MALFORMED, 2L)
                .doesNotContainKeys("_ga", "sid");
        assertThat(main.unclassifiedCookies()).containsKey("mystery");
    }

    @Test
    void aResponseTheDecisionChangedVariesOnTheConsentInputs() throws Exception {
        HttpResponse<String> dropped = server.get("/main/app/addCookie", "X-Forwarded-For", GERMANY);
        HttpResponse<String> untouched = server.get("/main/fragment", "X-Forwarded-For", CALIFORNIA);
        HttpResponse<String> consulted = server.get("/main/context", "X-Forwarded-For", CALIFORNIA);

        assertThat(String.join(",", dropped.headers().allValues("Vary")).split("\\s*,\\s*"))
                .containsExactlyInAnyOrder("Accept-Encoding", "Cookie", "Sec-GPC", "DNT");
        assertThat(untouched.headers().allValues("Vary")).isEmpty();
        assertThat(consulted.body()).isEqualTo("CCPA performance=true");
        assertThat(consulted.headers().allValues("Vary").toString()).contains("Cookie", "Sec-GPC", "DNT");
        // The jurisdiction comes from the address, which Vary cannot name: no shared cache may keep these.
        assertThat(dropped.headers().allValues("Cache-Control")).containsExactly("private");
        assertThat(consulted.headers().allValues("Cache-Control")).containsExactly("private");
        assertThat(untouched.headers().allValues("Cache-Control")).isEmpty();
    }

    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /csp    | 193.99.144.80 | Content-Security-Policy             | 'self' cdn.example.net
            /csp    | 169.229.1.1   | Content-Security-Policy             | 'self' cdn.example.net www.google-analytics.com connect.facebook.net *.doubleclick.net
            /report | 193.99.144.80 | Content-Security-Policy-Report-Only | 'self' cdn.example.net
            """)
    void cspModeListsOnlyTheHostsOfAllowedCategories(String context, String ip, String header, String sources)
            throws Exception {
        HttpResponse<String> response = server.get(context + "/fragment", "X-Forwarded-For", ip);

        assertThat(response.headers().allValues(header)).containsExactly(
                "script-src " + sources + "; img-src " + sources + "; connect-src " + sources + "; frame-src " + sources);
        assertThat(response.headers().allValues("Vary").toString()).contains("Cookie");
        assertThat(server.get("/main/fragment", "X-Forwarded-For", ip).headers().map())
                .doesNotContainKeys("content-security-policy", "content-security-policy-report-only");
    }

    @Test
    void gpcJsonIsServedWithTheVisitorsTruth() throws Exception {
        // The policy honours GPC only where binding: true to a Californian, false to the GDPR fallback.
        HttpResponse<String> californian = server.get("/main/.well-known/gpc.json", "X-Forwarded-For", CALIFORNIA);
        HttpResponse<String> unknown = server.get("/main/.well-known/gpc.json");

        assertThat(californian.statusCode()).isEqualTo(200);
        assertThat(californian.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(californian.body()).isEqualTo("{\"gpc\":true,\"lastUpdate\":\"2020-04-01\"}");
        assertThat(unknown.body()).isEqualTo("{\"gpc\":false,\"lastUpdate\":\"2020-04-01\"}");
        assertThat(unknown.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            es-ES,es;q=0.9,en;q=0.5 | es | Rechazar todas
            pt-BR                   | pt | Rejeitar todos
            fr-FR,pt;q=0.5          | pt | Rejeitar todos
            de-DE                   | en | Reject all
            en-GB                   | en | Reject all
            NONE                    | en | Reject all
            """)
    void theBannerSpeaksTheVisitorsLanguageAndCarriesTheirDecision(String acceptLanguage, String language,
                                                                   String reject) throws Exception {
        HttpResponse<String> script = server.get("/main/privacy/banner.js", "X-Forwarded-For", GERMANY,
                "Accept-Language", acceptLanguage.equals("NONE") ? null : acceptLanguage);

        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
        assertThat(script.headers().firstValue("Content-Language")).contains(language);
        assertThat(script.body()).contains("\"lang\":\"" + language + "\"", reject,
                "\"endpoint\":\"/main/privacy/consent\"", "\"needsChoice\":true", "\"regime\":\"GDPR\"");
        assertThat(script.headers().allValues("Vary").toString()).contains("Accept-Language", "Cookie");
        HttpResponse<String> css = server.get("/main/privacy/banner.css");
        assertThat(css.headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
        assertThat(css.body()).contains(".pk-button");
    }

    @Test
    void aBrowserRevalidatingTheBannerGetsNotModifiedUntilItsDecisionOrLanguageChanges() throws Exception {
        HttpResponse<String> first = server.get("/main/privacy/banner.js", "X-Forwarded-For", GERMANY,
                "Accept-Language", "en");
        String tag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = server.get("/main/privacy/banner.js", "X-Forwarded-For", GERMANY,
                "Accept-Language", "en", "If-None-Match", "W/\"other\", " + tag);
        HttpResponse<String> spanish = server.get("/main/privacy/banner.js", "X-Forwarded-For", GERMANY,
                "Accept-Language", "es", "If-None-Match", tag);
        HttpResponse<String> chosen = post("/main/privacy/consent", FORM, "reject=all");
        String cookie = "privacy_consent=" + TestServer.setCookieValue(chosen, "privacy_consent");
        HttpResponse<String> afterChoice = server.get("/main/privacy/banner.js", "X-Forwarded-For", GERMANY,
                "Accept-Language", "en", "Cookie", cookie, "If-None-Match", tag);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(tag).matches("\"[A-Za-z0-9_-]{24}\"");
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).contains(tag);
        assertThat(again.headers().allValues("Vary").toString()).contains("Accept-Language", "Cookie");
        assertThat(again.headers().firstValue("Cache-Control")).contains("private, no-cache");
        assertThat(spanish.statusCode()).isEqualTo(200);
        assertThat(afterChoice.statusCode()).isEqualTo(200);
        assertThat(afterChoice.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(tag);
    }

    @Test
    void theAppLinksAConsentToItsSubject() throws Exception {
        HttpResponse<String> chosen = post("/main/privacy/consent", FORM, "reject=all");
        String cookie = "privacy_consent=" + TestServer.setCookieValue(chosen, "privacy_consent");

        HttpResponse<String> linked = server.get("/main/context?subject=user-42", "X-Forwarded-For", GERMANY, "Cookie", cookie);
        HttpResponse<String> anonymous = server.get("/main/context?subject=user-43", "X-Forwarded-For", GERMANY);

        assertThat(linked.body()).isEqualTo("linked=true");
        assertThat(anonymous.body()).isEqualTo("linked=false");
        assertThat(main.engine().store().subjectOfConsent(PrivacyFilterIT.consentId(chosen.body()))).contains("user-42");
    }

    @Test
    void otherMethodsAndAMissingReceiptAreJsonErrors() throws Exception {
        HttpResponse<String> put = server.send("PUT", "/main/privacy/consent", "x", "Content-Type", FORM);
        HttpResponse<String> receipt = server.get("/main/privacy/consent/receipt", "X-Forwarded-For", GERMANY);

        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).contains("GET, HEAD, POST");
        assertThat(put.body()).startsWith("{\"error\":");
        assertThat(receipt.statusCode()).isEqualTo(404);
        assertThat(receipt.body()).startsWith("{\"error\":");
    }
}
