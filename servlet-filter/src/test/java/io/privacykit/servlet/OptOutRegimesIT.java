package io.privacykit.servlet;

import static io.privacykit.servlet.TestServer.BRITAIN;
import static io.privacykit.servlet.TestServer.CALIFORNIA;
import static io.privacykit.servlet.TestServer.GERMANY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacykit.collection.Outcome;
import io.privacykit.collection.Recipient;
import io.privacykit.collection.RecipientKind;
import io.privacykit.consent.ConsentMethod;
import io.privacykit.consent.LedgerEntry;
import io.privacykit.geo.LocationSource;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What opt-out regimes get over HTTP: the truthful {@code gpc.json}, a GPC signal recorded once
 * without a stored consent, a declared residence and a declared age deciding the request again,
 * the opt-out of sale and sharing that also stops the app's own sharing, what the banner is told
 * to show, and the UK analytics exemption key.
 */
class OptOutRegimesIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestServer server;
    static PrivacyFilter filter;
    static PrivacyFilter everywhere;
    static PrivacyFilter quiet;
    static PrivacyFilter ukExempt;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        Properties p = CollectionIT.declared(dir.resolve("main"));
        p.setProperty("privacy.policy.minimum-age", "13");
        p.setProperty("privacy.collection.identifiers.recipients", "third_party");
        p.setProperty("privacy.collection.identifiers.sold", "true");
        filter = PrivacyFilter.create(TestServer.policy(p));
        install(server.add("/m", filter));
        Properties e = TestServer.properties(dir.resolve("everywhere"));
        e.setProperty("privacy.signals.gpc", "everywhere");
        everywhere = PrivacyFilter.create(TestServer.policy(e));
        server.add("/e", everywhere);
        Properties q = TestServer.properties(dir.resolve("quiet"));
        q.setProperty("privacy.banner.notice-at-collection", "false");
        quiet = PrivacyFilter.create(TestServer.policy(q));
        server.add("/q", quiet);
        Properties u = TestServer.properties(dir.resolve("uk"));
        u.setProperty("privacy.jurisdiction.uk-analytics-exemption", "true");
        ukExempt = PrivacyFilter.create(TestServer.policy(u));
        server.add("/u", ukExempt);
        server.start();
    }

    static void install(ServletContextHandler context) {
        context.addServlet(new ServletHolder(new Declare()), "/declare");
    }

    @AfterAll
    static void stop() {
        server.close();
        filter.destroy();
        everywhere.destroy();
        quiet.destroy();
        ukExempt.destroy();
    }

    /**
     * The app of a signed-in person: declares {@code residence} and {@code age} when given, sets an
     * advertising and an analytics cookie, records a sale, and answers what PrivacyKit now says.
     */
    static final class Declare extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            PrivacyContext privacy = PrivacyContext.of(request);
            try {
                if (request.getParameter("residence") != null) {
                    privacy.declareResidence(request.getParameter("residence"));
                }
                if (request.getParameter("age") != null) {
                    privacy.declareAge(Integer.parseInt(request.getParameter("age")));
                }
            } catch (IllegalArgumentException e) {
                response.sendError(400, e.getMessage());
                return;
            }
            response.addCookie(new Cookie("_fbp", "ad"));
            response.addCookie(new Cookie("_ga", "stats"));
            Outcome sale = privacy.sold(privacy.subjectOf("buyer@example.com"), "identifiers",
                    Recipient.of(RecipientKind.THIRD_PARTY), "advertising");
            response.setContentType("application/json");
            var body = JSON.createObjectNode();
            body.put("regime", privacy.jurisdiction().regime().name());
            body.put("source", privacy.jurisdiction().location().source().name());
            body.put("maySell", privacy.maySell());
            body.put("mayShare", privacy.mayShare());
            body.put("advertising", privacy.isAllowed("advertising"));
            body.put("sale", sale instanceof Outcome.Violation v ? v.kinds().toString() : "accepted");
            body.put("askAgainFrom", privacy.mayAskToSellAgainFrom().map(Object::toString).orElse(null));
            body.put("consentId", privacy.consentId().orElse(null));
            response.getWriter().print(JSON.writeValueAsString(body));
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String consentCookie(HttpResponse<?> response) {
        String value = TestServer.setCookieValue(response, "privacy_consent");
        assertThat(value).as("the consent cookie").isNotNull();
        return "privacy_consent=" + value;
    }

    private static List<LedgerEntry> history(PrivacyFilter f, String consentId) {
        return f.engine().store().consentHistory(consentId);
    }

    // 1. gpc.json tells the truth about the configured policy.

    @ParameterizedTest(name = "{0} from {1}: gpc {2}, Cache-Control {3}")
    @CsvSource({
            "/m, 169.229.1.1,   true,  no-store",
            "/m, 193.99.144.80, false, no-store",
            "/e, 193.99.144.80, true,  'public, max-age=86400'",
            "/e, 169.229.1.1,   true,  'public, max-age=86400'"
    })
    void gpcJsonSaysTrueOnlyWhereTheSignalIsHonoured(String context, String address, boolean gpc, String cache)
            throws Exception {
        HttpResponse<String> response = server.get(context + "/.well-known/gpc.json", "X-Forwarded-For", address);
        JsonNode body = json(response);
        assertThat(body.get("gpc").asBoolean()).isEqualTo(gpc);
        assertThat(body.get("lastUpdate").asText()).isEqualTo("2020-04-01");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue(cache);
    }

    // 4. A GPC signal is recorded for the visitor once, even without a stored consent.

    @Test
    void aGpcSignalWithoutAStoredConsentIsRecordedOnceAndCarriedByTheCookie() throws Exception {
        HttpResponse<String> first = server.get("/m/declare", "X-Forwarded-For", CALIFORNIA, "Sec-GPC", "1");
        JsonNode answer = json(first);
        assertThat(answer.get("maySell").asBoolean()).isFalse();
        assertThat(TestServer.setNames(first)).doesNotContain("_fbp").contains("_ga", "privacy_consent");
        String consentId = answer.get("consentId").asText();
        List<LedgerEntry> recorded = history(filter, consentId);
        assertThat(recorded).singleElement().satisfies(entry -> {
            assertThat(entry.event().method()).isEqualTo(ConsentMethod.GPC);
            assertThat(entry.event().choices()).containsExactly(java.util.Map.entry("advertising", false));
        });
        HttpResponse<String> again = server.get("/m/declare", "X-Forwarded-For", CALIFORNIA, "Sec-GPC", "1",
                "Cookie", consentCookie(first));
        assertThat(json(again).get("consentId").asText()).isEqualTo(consentId);
        assertThat(TestServer.setNames(again)).doesNotContain("privacy_consent", "_fbp");
        assertThat(history(filter, consentId)).hasSize(1);
    }

    @Test
    void withoutASignalNothingIsRecorded() throws Exception {
        HttpResponse<String> response = server.get("/m/declare", "X-Forwarded-For", CALIFORNIA);
        assertThat(json(response).get("consentId").isNull()).isTrue();
        assertThat(TestServer.setNames(response)).contains("_fbp").doesNotContain("privacy_consent");
    }

    // 2. A declared residence wins over the address, is recorded, and the decision follows it.

    @Test
    void aDeclaredResidenceWinsOverTheAddressAndIsRecordedOnce() throws Exception {
        HttpResponse<String> byAddress = server.get("/m/declare", "X-Forwarded-For", GERMANY);
        assertThat(json(byAddress).get("regime").asText()).isEqualTo("GDPR");
        assertThat(TestServer.setNames(byAddress)).doesNotContain("_fbp", "_ga");

        HttpResponse<String> declared = server.get("/m/declare?residence=US-CA", "X-Forwarded-For", GERMANY);
        JsonNode answer = json(declared);
        assertThat(answer.get("regime").asText()).isEqualTo("CCPA");
        assertThat(answer.get("source").asText()).isEqualTo(LocationSource.OVERRIDE.name());
        assertThat(answer.get("advertising").asBoolean()).isTrue();
        assertThat(TestServer.setNames(declared)).contains("_fbp", "_ga", "privacy_consent");
        String consentId = answer.get("consentId").asText();
        assertThat(history(filter, consentId)).singleElement().satisfies(entry -> {
            assertThat(entry.event().regime().name()).isEqualTo("CCPA");
            assertThat(entry.event().locationSource()).isEqualTo(LocationSource.OVERRIDE);
            assertThat(entry.event().country()).isEqualTo("US");
            assertThat(entry.event().region()).isEqualTo("CA");
        });

        HttpResponse<String> next = server.get("/m/declare?residence=US-CA", "X-Forwarded-For", GERMANY,
                "Cookie", consentCookie(declared));
        assertThat(json(next).get("consentId").asText()).isEqualTo(consentId);
        assertThat(history(filter, consentId)).as("recorded once, not per request").hasSize(1);
    }

    @Test
    void aGrantMadeWhereTheBoxesStartTickedDoesNotBecomeConsentUnderADeclaredOptInResidence() throws Exception {
        HttpResponse<String> granted = server.send("POST", "/m/privacy/consent", "{\"advertising\":true}",
                "Content-Type", "application/json", "X-Forwarded-For", CALIFORNIA);
        assertThat(granted.statusCode()).isEqualTo(200);
        HttpResponse<String> declared = server.get("/m/declare?residence=DE", "X-Forwarded-For", CALIFORNIA,
                "Cookie", consentCookie(granted));
        JsonNode answer = json(declared);
        assertThat(answer.get("regime").asText()).isEqualTo("GDPR");
        assertThat(answer.get("advertising").asBoolean()).isFalse();
        assertThat(TestServer.setNames(declared)).doesNotContain("_fbp");
    }

    @ParameterizedTest(name = "residence ''{0}'' -> 400")
    @CsvSource({"USA", "US-", "california", "1"})
    void aMalformedResidenceIsA400(String residence) throws Exception {
        HttpResponse<String> response = server.get("/m/declare?residence=" + residence, "X-Forwarded-For", GERMANY);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("Exception", "at io.");
    }

    // 3. A declared age applies the regime's minors rule and the policy's minimum age.

    @ParameterizedTest(name = "{0}, age {1}: advertising {2}, may sell {2}")
    @CsvSource({
            // California: the minor's own opt-in at 13-15 (Cal. Civ. Code 1798.120(c)), nothing above.
            "US-CA, 30, true",
            "US-CA, 16, true",
            "US-CA, 15, false",
            "US-CA, 13, false",
            // Below the policy's minimum age (13): nothing but the necessary.
            "US-CA, 12, false",
            // Maryland bans sale and targeted advertising under 18 even with consent.
            "US-MD, 17, false",
            "US-MD, 18, true"
    })
    void aDeclaredAgeBelowTheThresholdChangesTheDecision(String residence, int age, boolean allowed) throws Exception {
        HttpResponse<String> response = server.get("/m/declare?residence=" + residence + "&age=" + age,
                "X-Forwarded-For", CALIFORNIA);
        JsonNode answer = json(response);
        assertThat(answer.get("advertising").asBoolean()).isEqualTo(allowed);
        assertThat(answer.get("maySell").asBoolean()).isEqualTo(allowed);
        assertThat(answer.get("mayShare").asBoolean()).isEqualTo(allowed);
        if (allowed) {
            assertThat(TestServer.setNames(response)).contains("_fbp");
            assertThat(answer.get("sale").asText()).isEqualTo("accepted");
        } else {
            assertThat(TestServer.setNames(response)).doesNotContain("_fbp");
            assertThat(answer.get("sale").asText()).as("the app's sale is flagged").isNotEqualTo("accepted");
        }
    }

    @Test
    void belowTheMinimumAgeOnlyNecessaryCookiesPass() throws Exception {
        HttpResponse<String> response = server.get("/m/declare?age=12", "X-Forwarded-For", CALIFORNIA);
        assertThat(json(response).get("advertising").asBoolean()).isFalse();
        assertThat(TestServer.setNames(response)).doesNotContain("_fbp", "_ga");
    }

    @Test
    void aMinorsOwnOptInCounts() throws Exception {
        HttpResponse<String> granted = server.send("POST", "/m/privacy/consent", "{\"advertising\":true}",
                "Content-Type", "application/json", "X-Forwarded-For", CALIFORNIA);
        HttpResponse<String> response = server.get("/m/declare?age=14", "X-Forwarded-For", CALIFORNIA,
                "Cookie", consentCookie(granted));
        assertThat(json(response).get("advertising").asBoolean()).isTrue();
        assertThat(TestServer.setNames(response)).contains("_fbp");
    }

    @Test
    void anUnder16CalifornianWhoRefusedIsAskedAgainOnlyAfter12Months() throws Exception {
        HttpResponse<String> refused = server.send("POST", "/m/privacy/consent", "{\"advertising\":false}",
                "Content-Type", "application/json", "X-Forwarded-For", CALIFORNIA);
        String consentId = JSON.readTree(refused.body()).get("consentId").asText();
        java.time.Instant at = history(filter, consentId).get(0).event().at().truncatedTo(ChronoUnit.SECONDS);
        JsonNode minor = json(server.get("/m/declare?age=15", "X-Forwarded-For", CALIFORNIA,
                "Cookie", consentCookie(refused)));
        assertThat(minor.get("askAgainFrom").asText())
                .isEqualTo(at.atOffset(java.time.ZoneOffset.UTC).plusMonths(12).toInstant().toString());
        JsonNode adult = json(server.get("/m/declare?age=16", "X-Forwarded-For", CALIFORNIA,
                "Cookie", consentCookie(refused)));
        assertThat(adult.get("askAgainFrom").isNull()).isTrue();
    }

    @Test
    void anImpossibleAgeIsA400() throws Exception {
        assertThat(server.get("/m/declare?age=-1", "X-Forwarded-For", CALIFORNIA).statusCode()).isEqualTo(400);
        assertThat(server.get("/m/declare?age=151", "X-Forwarded-For", CALIFORNIA).statusCode()).isEqualTo(400);
    }

    // 4. The opt-out of sale and sharing stops cookies and the app's own sharing.

    @Test
    void doNotSellOrShareStopsAdvertisingCookiesAndServerSideSharing() throws Exception {
        HttpResponse<String> before = server.get("/m/declare", "X-Forwarded-For", CALIFORNIA, "Cookie", "_fbp=ad");
        assertThat(json(before).get("maySell").asBoolean()).isTrue();
        HttpResponse<String> optOut = server.send("POST", "/m/privacy/consent", "{\"advertising\":false}",
                "Content-Type", "application/json", "X-Forwarded-For", CALIFORNIA, "Cookie", "_fbp=ad");
        assertThat(optOut.statusCode()).isEqualTo(200);
        assertThat(TestServer.expiredNames(optOut)).contains("_fbp");
        HttpResponse<String> after = server.get("/m/declare", "X-Forwarded-For", CALIFORNIA,
                "Cookie", consentCookie(optOut));
        JsonNode answer = json(after);
        assertThat(answer.get("maySell").asBoolean()).isFalse();
        assertThat(answer.get("mayShare").asBoolean()).isFalse();
        assertThat(answer.get("sale").asText()).contains("OPTED_OUT");
        assertThat(TestServer.setNames(after)).doesNotContain("_fbp").contains("_ga");
    }

    // 4. What the banner is told to show without a click.

    @ParameterizedTest(name = "{0} from {1} (GPC {2}): notice {3}, sale opt-out {4}, GPC status {5}")
    @CsvSource({
            "/m, 169.229.1.1,   false, true,  true,  false",
            "/m, 169.229.1.1,   true,  true,  true,  true",
            "/m, 193.99.144.80, true,  false, false, false",
            "/m, 81.2.69.142,   false, false, false, false",
            "/q, 169.229.1.1,   true,  false, true,  true"
    })
    void theBannerIsToldWhatAnOptOutRegimeShows(String context, String address, boolean gpc, boolean notice,
                                                boolean saleOptOut, boolean gpcHonored) throws Exception {
        JsonNode state = json(server.get(context + "/privacy/consent", "Accept", "application/json",
                "X-Forwarded-For", address, "Sec-GPC", gpc ? "1" : null));
        JsonNode show = state.get("show");
        assertThat(show.get("noticeAtCollection").asBoolean()).isEqualTo(notice);
        assertThat(show.get("saleOptOut").asBoolean()).isEqualTo(saleOptOut);
        assertThat(show.get("gpcStatus").asBoolean() && show.get("gpcHonored").asBoolean()).isEqualTo(gpcHonored);
        assertThat(show.get("saleCategories").toString()).isEqualTo("[\"advertising\"]");
    }

    // 5. The UK analytics exemption is the policy's choice.

    @Test
    void theUkAnalyticsExemptionAppliesOnlyWhenTheKeySaysSo() throws Exception {
        JsonNode strict = json(server.get("/m/privacy/consent", "Accept", "application/json",
                "X-Forwarded-For", BRITAIN));
        assertThat(strict.get("categories").get("performance").get("allowed").asBoolean()).isFalse();
        JsonNode exempt = json(server.get("/u/privacy/consent", "Accept", "application/json",
                "X-Forwarded-For", BRITAIN));
        assertThat(exempt.get("categories").get("performance").get("allowed").asBoolean()).isTrue();
        assertThat(exempt.get("categories").get("performance").get("reason").asText()).isEqualTo("opt-out-available");
        assertThat(exempt.get("categories").get("advertising").get("allowed").asBoolean()).isFalse();
    }
}
