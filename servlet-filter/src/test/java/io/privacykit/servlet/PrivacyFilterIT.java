package io.privacykit.servlet;

import static io.privacykit.servlet.TestServer.BRITAIN;
import static io.privacykit.servlet.TestServer.CALIFORNIA;
import static io.privacykit.servlet.TestServer.ELSEWHERE_US;
import static io.privacykit.servlet.TestServer.GERMANY;
import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.consent.ConsentMethod;
import io.privacykit.consent.LedgerEntry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole request path over real HTTP: regime x consent state x signals x the way the app sets
 * cookies, asserting exactly which {@code Set-Cookie} headers reach the client. Visitors are placed
 * by the real GeoLite2 City database through {@code X-Forwarded-For} from trusted loopback.
 */
class PrivacyFilterIT {

    @TempDir
    static Path dir;
    static TestServer server;
    static PrivacyFilter filter;
    static PrivacyFilter honoring;

    /** regime -> visitor address. */
    static final Map<String, String> VISITORS = Map.of("GDPR", GERMANY, "CCPA", CALIFORNIA, "UK_GDPR", BRITAIN,
            "DEFAULT", ELSEWHERE_US);
    /** consent state -> the POST body that makes it. */
    static final Map<String, String> STATES = Map.of(
            "accepted", "accept=all",
            "rejected", "reject=all",
            "partial", "functionality=on&performance=off&advertising=1");
    /** "regime/state" -> consent cookie value, made through the endpoint from that regime. */
    static final Map<String, String> COOKIES = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        filter = PrivacyFilter.create(TestServer.policy(TestServer.properties(dir.resolve("main"))));
        server.add("/main", filter);
        Properties honor = TestServer.properties(dir.resolve("honor"));
        honor.setProperty("privacy.signals.dnt", "honor");
        honor.setProperty("privacy.signals.gpc", "everywhere");
        honoring = PrivacyFilter.create(TestServer.policy(honor));
        server.add("/honor", honoring);
        server.start();
        for (String context : List.of("/main", "/honor")) {
            for (Map.Entry<String, String> visitor : VISITORS.entrySet()) {
                for (Map.Entry<String, String> state : STATES.entrySet()) {
                    HttpResponse<String> response = server.send("POST", context + "/privacy/consent", state.getValue(),
                            "Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-For", visitor.getValue());
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    COOKIES.put(context + visitor.getKey() + "/" + state.getKey(),
                            TestServer.setCookieValue(response, "privacy_consent"));
                }
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        filter.destroy();
        honoring.destroy();
    }

    /** The categories the law and the choice allow (docs/architecture.md, step 5; DNT ignored under this policy). */
    static Set<String> allowed(String regime, String state, boolean gpc, boolean dnt, boolean honoring) {
        boolean optIn = regime.equals("GDPR") || regime.equals("UK_GDPR");
        Map<String, Boolean> choices = switch (state) {
            case "accepted" -> Map.of("functionality", true, "performance", true, "advertising", true);
            case "rejected" -> Map.of("functionality", false, "performance", false, "advertising", false);
            case "partial" -> Map.of("functionality", true, "performance", false, "advertising", true);
            default -> Map.of();
        };
        Set<String> allowed = new LinkedHashSet<>(List.of("necessary"));
        for (String category : List.of("functionality", "performance", "advertising")) {
            if (choices.getOrDefault(category, !optIn)) {
                allowed.add(category);
            }
        }
        // GPC is binding in California (11 CCR 7025); everywhere, and DNT too, where the policy says so.
        boolean optOutOfSale = honoring ? gpc || dnt : gpc && regime.equals("CCPA");
        if (optOutOfSale) {
            allowed.remove("advertising");
        }
        return allowed;
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (String regime : List.of("GDPR", "CCPA", "UK_GDPR", "DEFAULT")) {
            for (String state : List.of("none", "accepted", "rejected", "partial")) {
                for (String signals : List.of("none", "gpc", "dnt", "both")) {
                    for (String style : CookieStyleServlets.STYLES) {
                        cases.add(Arguments.of(regime, state, signals, style));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} consent={1} signals={2} {3}")
    @MethodSource("matrix")
    void exactlyTheAllowedCookiesReachTheClient(String regime, String state, String signals, String style) throws Exception {
        assertMatrixCase("/main", regime, state, signals, style, false);
    }

    static Stream<Arguments> honoringMatrix() {
        List<Arguments> cases = new ArrayList<>();
        for (String regime : List.of("GDPR", "CCPA", "DEFAULT")) {
            for (String state : List.of("none", "accepted", "partial")) {
                for (String signals : List.of("none", "gpc", "dnt", "both")) {
                    cases.add(Arguments.of(regime, state, signals, "addCookie"));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "honor DNT, GPC everywhere: {0} consent={1} signals={2}")
    @MethodSource("honoringMatrix")
    void aPolicyThatHonoursDntAndGpcEverywhereOptsOutOfAdvertising(String regime, String state, String signals,
                                                                     String style) throws Exception {
        assertMatrixCase("/honor", regime, state, signals, style, true);
    }

    private static void assertMatrixCase(String context, String regime, String state, String signals, String style,
                                         boolean honoringPolicy) throws Exception {
        boolean gpc = signals.equals("gpc") || signals.equals("both");
        boolean dnt = signals.equals("dnt") || signals.equals("both");
        // A GPC case may record an opt-out, which then beats the cookie it was recorded for (the
        // ledger's newer record wins over a replayed cookie): it gets a consent of its own.
        String cookie = state.equals("none") ? null : "privacy_consent="
                + (gpc ? choose(context, regime, state) : COOKIES.get(context + regime + "/" + state));

        HttpResponse<String> response = server.get(context + "/app/" + style, "X-Forwarded-For", VISITORS.get(regime),
                "Cookie", cookie, "Sec-GPC", gpc ? "1" : null, "DNT", dnt ? "1" : null);

        Set<String> allowed = allowed(regime, state, gpc, dnt, honoringPolicy);
        List<String> expected = new ArrayList<>(CookieStyleServlets.expectedNames(style, allowed, false));
        // A signal that overrides a stored grant of advertising is recorded once and written back to the cookie.
        boolean storedGrantOverridden = !allowed.contains("advertising") && (state.equals("accepted") || state.equals("partial"))
                && (gpc || dnt) && allowed(regime, state, false, false, honoringPolicy).contains("advertising");
        // Without a stored consent, an applied GPC signal is recorded once as a consent of its own.
        boolean gpcApplied = gpc && (honoringPolicy || regime.equals("CCPA"));
        boolean gpcRecorded = storedGrantOverridden && gpc || state.equals("none") && gpcApplied;
        if (gpcRecorded) {
            expected.add("privacy_consent");
        }
        assertThat(TestServer.setNames(response)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(TestServer.expiredNames(response)).isEmpty();
    }

    /** A fresh consent cookie of {@code state}, chosen from {@code regime} in {@code context}. */
    private static String choose(String context, String regime, String state) throws Exception {
        HttpResponse<String> response = server.send("POST", context + "/privacy/consent", STATES.get(state),
                "Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-For", VISITORS.get(regime));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestServer.setCookieValue(response, "privacy_consent");
    }

    @ParameterizedTest(name = "{0} posts only {1}")
    @CsvSource(delimiter = '|', textBlock = """
            CCPA | advertising=false | functionality,performance | false
            GDPR | performance=on    | performance               | true
            """)
    void aChoiceLeavesTheCategoriesItDoesNotNameToTheConsentModel(String regime, String body, String allowed,
                                                                  boolean needsChoice) throws Exception {
        HttpResponse<String> chosen = server.send("POST", "/main/privacy/consent", body,
                "Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-For", VISITORS.get(regime));
        String cookie = "privacy_consent=" + TestServer.setCookieValue(chosen, "privacy_consent");

        HttpResponse<String> page = server.get("/main/app/addCookie", "X-Forwarded-For", VISITORS.get(regime),
                "Cookie", cookie);
        HttpResponse<String> state = server.get("/main/privacy/consent", "X-Forwarded-For", VISITORS.get(regime),
                "Cookie", cookie);

        Set<String> categories = new LinkedHashSet<>(List.of("necessary"));
        categories.addAll(List.of(allowed.split(",")));
        assertThat(TestServer.setNames(page)).containsExactlyInAnyOrderElementsOf(
                CookieStyleServlets.expectedNames("addCookie", categories, false));
        assertThat(state.body()).contains("\"needsChoice\":" + needsChoice);
    }

    @Test
    void dntChangesNothingUnderAPolicyThatDoesNotHonourIt() throws Exception {
        for (String regime : VISITORS.keySet()) {
            HttpResponse<String> without = server.get("/main/privacy/consent", "X-Forwarded-For", VISITORS.get(regime));
            HttpResponse<String> with = server.get("/main/privacy/consent", "X-Forwarded-For", VISITORS.get(regime), "DNT", "1");
            assertThat(with.body().replace("\"dnt\":true", "\"dnt\":false")).isEqualTo(without.body());
            assertThat(with.body()).contains("\"dntHonored\":false");
        }
    }

    @Test
    void gpcOverridingAStoredGrantIsRecordedOnceAndTheCookieFollows() throws Exception {
        HttpResponse<String> chosen = server.send("POST", "/main/privacy/consent", "accept=all",
                "Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-For", CALIFORNIA);
        String granted = TestServer.setCookieValue(chosen, "privacy_consent");
        String consentId = consentId(chosen.body());
        List<LedgerEntry> before = filter.engine().store().consentHistory(consentId);

        HttpResponse<String> first = server.get("/main/app/addCookie", "X-Forwarded-For", CALIFORNIA,
                "Cookie", "privacy_consent=" + granted, "Sec-GPC", "1");
        String updated = TestServer.setCookieValue(first, "privacy_consent");
        HttpResponse<String> second = server.get("/main/app/addCookie", "X-Forwarded-For", CALIFORNIA,
                "Cookie", "privacy_consent=" + updated, "Sec-GPC", "1");

        List<LedgerEntry> after = filter.engine().store().consentHistory(consentId);
        assertThat(updated).isNotNull().isNotEqualTo(granted);
        assertThat(TestServer.setNames(second)).doesNotContain("privacy_consent", "_fbp").contains("_ga");
        assertThat(after).hasSize(before.size() + 1);
        LedgerEntry gpc = after.get(after.size() - 1);
        assertThat(gpc.event().method()).isEqualTo(ConsentMethod.GPC);
        assertThat(gpc.event().choices()).containsEntry("advertising", false).containsEntry("performance", true);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            GERMANY + ",GDPR,opt-in,DE,true",
            CALIFORNIA + ",CCPA,opt-out,US,false",
            BRITAIN + ",UK_GDPR,opt-in,GB,true",
            ELSEWHERE_US + ",DEFAULT,notice,US,false",
            TestServer.OVERRIDDEN_GERMANY + ",GDPR,opt-in,DE,true"})
    void theConsentEndpointReportsTheJurisdictionAndWhetherAChoiceIsNeeded(String ip, String regime, String model,
                                                                           String country, boolean needsChoice)
            throws Exception {
        HttpResponse<String> response = server.get("/main/privacy/consent", "X-Forwarded-For", ip);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(response.body())
                .contains("\"regime\":\"" + regime + "\"", "\"consentModel\":\"" + model + "\"",
                        "\"country\":\"" + country + "\"", "\"policyVersion\":\"2020-04-01\"",
                        "\"needsChoice\":" + needsChoice, "\"consentId\":null",
                        "\"necessary\":{\"allowed\":true,\"required\":true,\"reason\":\"necessary\",\"granted\":null}",
                        "\"signals\":{\"gpc\":false,\"dnt\":false,\"dntHonored\":false}");
    }

    static String consentId(String json) {
        int start = json.indexOf("\"consentId\":\"") + 13;
        return json.substring(start, json.indexOf('"', start));
    }
}
