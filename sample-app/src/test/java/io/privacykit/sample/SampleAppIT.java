package io.privacykit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

    /** Addresses the pinned GeoLite2 City database places (see the jurisdiction tests). */
    static final String GERMANY = "2.207.0.1";
    static final String CALIFORNIA = "128.32.0.1";
    static final String ENGLAND = "81.2.69.142";

    @TempDir
    static Path dataDir;
    static SampleApp app;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        app = SampleApp.start(new SampleAppOptions(0, "us-saas", dataDir), Map.of());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void anEeaVisitorGetsOnlyTheNecessaryCookieUntilConsenting() throws Exception {
        assertThat(cookiesSet(home(GERMANY))).containsExactly("session");

        HttpResponse<String> consent = post(GERMANY, "accept=all", null);
        assertThat(consent.statusCode()).isEqualTo(200);
        String cookie = consentCookie(consent);

        assertThat(cookiesSet(home(GERMANY, "Cookie", cookie)))
                .containsExactlyInAnyOrder("session", "lang", "_ga", "_fbp");
    }

    @Test
    void aCaliforniaVisitorGetsEveryCookieUntilGpcOrAnOptOut() throws Exception {
        assertThat(cookiesSet(home(CALIFORNIA))).containsExactlyInAnyOrder("session", "lang", "_ga", "_fbp");
        assertThat(cookiesSet(home(CALIFORNIA, "Sec-GPC", "1"))).containsExactlyInAnyOrder("session", "lang", "_ga");

        String optOut = consentCookie(post(CALIFORNIA, "reject=all", null));
        assertThat(cookiesSet(home(CALIFORNIA, "Cookie", optOut))).containsExactly("session");
    }

    @ParameterizedTest(name = "DNT from {0}")
    @CsvSource({GERMANY, CALIFORNIA, ENGLAND})
    void doNotTrackChangesNothingUnderTheReferencePolicy(String address) throws Exception {
        assertThat(cookiesSet(home(address, "DNT", "1"))).isEqualTo(cookiesSet(home(address)));
        JsonNode signals = consentJson(address, "DNT", "1").get("signals");
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
        JsonNode jurisdiction = consentJson(address).get("jurisdiction");
        assertThat(jurisdiction.get("regime").asText()).isEqualTo(regime);
        assertThat(jurisdiction.get("consentModel").asText()).isEqualTo(model);
        assertThat(jurisdiction.get("country").asText()).isEqualTo(country);
    }

    @Test
    void aPostFromAnotherOriginIsRefused() throws Exception {
        HttpResponse<String> response = post(GERMANY, "accept=all", "https://evil.example");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void theGpcFileIsPublished() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/.well-known/gpc.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("gpc").asBoolean()).isTrue();
    }

    static URI uri(String path) {
        return URI.create("http://localhost:" + app.port() + path);
    }

    static HttpResponse<String> home(String address, String... headers) throws Exception {
        return get("/", address, headers);
    }

    static HttpResponse<String> get(String path, String address, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("X-Forwarded-For", address);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }

    static JsonNode consentJson(String address, String... headers) throws Exception {
        return JSON.readTree(get("/privacy/consent", address, headers).body());
    }

    static HttpResponse<String> post(String address, String form, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/privacy/consent"))
                .header("X-Forwarded-For", address)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The names of the cookies a response sets (expiries, Max-Age=0, are not "set"). */
    static Set<String> cookiesSet(HttpResponse<String> response) {
        Set<String> names = new TreeSet<>();
        for (String header : response.headers().allValues("Set-Cookie")) {
            if (!header.toLowerCase().contains("max-age=0")) {
                names.add(header.substring(0, header.indexOf('=')).trim());
            }
        }
        return names;
    }

    /** The {@code name=value} of the consent cookie a response sets. */
    static String consentCookie(HttpResponse<String> response) {
        List<String> found = new ArrayList<>();
        for (String header : response.headers().allValues("Set-Cookie")) {
            if (header.startsWith("privacy_consent=")) {
                found.add(header.substring(0, header.indexOf(';') < 0 ? header.length() : header.indexOf(';')));
            }
        }
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
