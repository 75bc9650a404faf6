package io.privacykit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import static io.privacykit.sample.SampleHttp.CALIFORNIA;
import static io.privacykit.sample.SampleHttp.ENGLAND;
import static io.privacykit.sample.SampleHttp.GERMANY;
import static io.privacykit.sample.SampleHttp.consentCookie;
import static io.privacykit.sample.SampleHttp.cookiesSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The acceptance, over real HTTP against the sample app as the README runs it: an EEA
 * visitor gets no non-essential cookie until consent, a California visitor gets them until GPC or
 * an opt-out, and DNT changes nothing under the reference policy.
 */
class SampleAppIT {

    @TempDir
    static Path dataDir;
    static SampleApp app;
    static SampleHttp visitor;

    @BeforeAll
    static void start() throws Exception {
        app = SampleApp.start(new SampleAppOptions(0, "us-saas", dataDir), Map.of());
        visitor = new SampleHttp(app);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void anEeaVisitorGetsOnlyTheNecessaryCookieUntilConsenting() throws Exception {
        assertThat(cookiesSet(visitor.home(GERMANY))).containsExactly("session");

        HttpResponse<String> consent = visitor.post(GERMANY, "accept=all", null);
        assertThat(consent.statusCode()).isEqualTo(200);
        String cookie = consentCookie(consent);

        assertThat(cookiesSet(visitor.home(GERMANY, "Cookie", cookie)))
                .containsExactlyInAnyOrder("session", "lang", "_ga", "_fbp");
    }

    @Test
    void aCaliforniaVisitorGetsEveryCookieUntilGpcOrAnOptOut() throws Exception {
        assertThat(cookiesSet(visitor.home(CALIFORNIA))).containsExactlyInAnyOrder("session", "lang", "_ga", "_fbp");
        // The signal is recorded for the visitor once, as a consent cookie that carries the opt-out (11 CCR 7025).
        assertThat(cookiesSet(visitor.home(CALIFORNIA, "Sec-GPC", "1")))
                .filteredOn(name -> !name.endsWith("privacy_consent"))
                .containsExactlyInAnyOrder("session", "lang", "_ga");

        String optOut = consentCookie(visitor.post(CALIFORNIA, "reject=all", null));
        assertThat(cookiesSet(visitor.home(CALIFORNIA, "Cookie", optOut))).containsExactly("session");
    }

    @ParameterizedTest(name = "visit as {0} -> {1}")
    @CsvSource({"de, GDPR", "us-ca, CCPA", "br, LGPD", "ar, AR_PDPA", "ca-qc, CA_QC", "gb, UK_GDPR", "jp, DEFAULT"})
    void aBrowserOnLocalhostCanVisitAsAPlace(String place, String regime) throws Exception {
        java.net.http.HttpClient plain = java.net.http.HttpClient.newHttpClient();
        java.net.URI base = java.net.URI.create("http://localhost:" + app.port());
        HttpResponse<String> chosen = plain.send(java.net.http.HttpRequest.newBuilder(base.resolve("/visit-as?place=" + place))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chosen.statusCode()).isEqualTo(302);
        String cookie = chosen.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(VisitAs.COOKIE + "=")).findFirst().orElseThrow().split(";", 2)[0];

        HttpResponse<String> json = plain.send(java.net.http.HttpRequest.newBuilder(base.resolve("/privacy/consent"))
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(visitor.json(json).get("jurisdiction").get("regime").asText()).isEqualTo(regime);
        // A request that names its own forwarded address keeps it.
        assertThat(visitor.consentJson(GERMANY, "Cookie", cookie).get("jurisdiction").get("regime").asText())
                .isEqualTo("GDPR");
    }

    @ParameterizedTest(name = "DNT from {0}")
    @CsvSource({GERMANY, CALIFORNIA, ENGLAND})
    void doNotTrackChangesNothingUnderTheReferencePolicy(String address) throws Exception {
        assertThat(cookiesSet(visitor.home(address, "DNT", "1"))).isEqualTo(cookiesSet(visitor.home(address)));
        JsonNode signals = visitor.consentJson(address, "DNT", "1").get("signals");
        assertThat(signals.get("dnt").asBoolean()).isTrue();
        assertThat(signals.get("dntHonored").asBoolean()).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        GERMANY + ", GDPR, opt-in, DE",
        CALIFORNIA + ", CCPA, opt-out, US",
        ENGLAND + ", UK_GDPR, opt-in, GB",
    })
    void theConsentEndpointReportsTheJurisdiction(String address, String regime, String model, String country)
            throws Exception {
        JsonNode jurisdiction = visitor.consentJson(address).get("jurisdiction");
        assertThat(jurisdiction.get("regime").asText()).isEqualTo(regime);
        assertThat(jurisdiction.get("consentModel").asText()).isEqualTo(model);
        assertThat(jurisdiction.get("country").asText()).isEqualTo(country);
    }

    @Test
    void aPostFromAnotherOriginIsRefused() throws Exception {
        HttpResponse<String> response = visitor.post(GERMANY, "accept=all", "https://evil.example");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void theGpcFileIsPublished() throws Exception {
        JsonNode gpc = visitor.json(visitor.get("/.well-known/gpc.json", CALIFORNIA));
        assertThat(gpc.get("gpc").asBoolean()).isTrue();
        assertThat(gpc.get("lastUpdate").asText()).isEqualTo("2020-04-01");
    }
}
