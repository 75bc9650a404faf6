package io.privacykit.sample;

import static io.privacykit.sample.SampleHttp.CALIFORNIA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample's forms record what they collect: the notice shows it observed, the conformance report what the policy does not declare. */
class SampleCollectionIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    static SampleApp app;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        app = SampleApp.start(new SampleAppOptions(0, "us-saas", dataDir), Map.of());
        token = Files.readString(dataDir.resolve(SampleAdminToken.FILE_NAME)).strip();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.header("X-Forwarded-For", CALIFORNIA).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path));
    }

    static HttpResponse<String> postForm(String path, String form) throws Exception {
        return send(to(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** Reads {@code path} until {@code done} holds (the recorder writes within a second), at most 10 s. */
    static JsonNode poll(String path, Predicate<JsonNode> done, String... headers) throws Exception {
        JsonNode body = null;
        for (int i = 0; i < 100; i++) {
            HttpRequest.Builder request = to(path);
            for (int h = 0; h < headers.length; h += 2) {
                request.header(headers[h], headers[h + 1]);
            }
            HttpResponse<String> response = send(request);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            body = JSON.readTree(response.body());
            if (done.test(body)) {
                return body;
            }
            Thread.sleep(100);
        }
        return body;
    }

    @Test
    void theAdminTokenIsGeneratedOwnerReadableOnly() throws Exception {
        assertThat(token).hasSizeGreaterThanOrEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("admin-token"))))
                .isEqualTo("rw-------");
    }

    @Test
    void anAdminTokenFromTheEnvironmentWins() {
        String fromEnvironment = "token-from-the-environment-of-32-characters";
        io.privacykit.policy.Policy policy = io.privacykit.policy.PolicyLoader.fromProperties(
                SampleApp.properties(new SampleAppOptions(0, "us-saas", dataDir)),
                Map.of("PRIVACY_ADMIN_TOKEN", fromEnvironment));
        assertThat(policy.web().adminToken()).hasValue(fromEnvironment);
        assertThat(app.policy().web().adminToken()).hasValue(token);
    }

    @Test
    void signingUpMakesIdentifiersObservedInTheNotice() throws Exception {
        // No other test here sends a tracking cookie (which records identifiers too): nothing observed yet.
        assertThat(poll("/privacy/notice", n -> true, "Accept", "application/json")
                .get("collected").get("identifiers").get("observed").asBoolean()).isFalse();
        HttpResponse<String> signup = postForm("/signup", "email=ada%40example.com&name=Ada");
        assertThat(signup.statusCode()).isEqualTo(303);

        JsonNode notice = poll("/privacy/notice", n -> n.get("collected").get("identifiers").get("observed").asBoolean(),
                "Accept", "application/json");
        JsonNode identifiers = notice.get("collected").get("identifiers");
        assertThat(identifiers.get("declared").asBoolean()).isTrue();
        assertThat(identifiers.get("observed").asBoolean()).isTrue();
        assertThat(identifiers.get("sources").toString()).contains("user");
        assertThat(notice.get("regime").asText()).isEqualTo("CCPA");
        assertThat(notice.get("signals").get("dnt").asText()).isEqualTo("ignore");
    }

    @Test
    void theStoreLocatorShowsAsUndeclaredGeolocationInTheConformanceReport() throws Exception {
        assertThat(postForm("/store-locator", "lat=37.77&lon=-122.42").statusCode()).isEqualTo(303);

        JsonNode conformance = poll("/privacy/admin/conformance", c -> c.get("violations").toString().contains("geolocation"),
                "Authorization", "Bearer " + token);
        assertThat(conformance.get("violations")).anySatisfy(v -> {
            assertThat(v.get("kind").asText()).isEqualTo("UNDECLARED_CATEGORY");
            assertThat(v.get("category").asText()).isEqualTo("geolocation");
        });
        JsonNode notice = poll("/privacy/notice", n -> n.get("collected").get("geolocation").get("observed").asBoolean(),
                "Accept", "application/json");
        assertThat(notice.get("collected").get("geolocation").get("declared").asBoolean()).isFalse();
    }

    @Test
    void theOperatorEndpointsRefuseWithoutTheToken() throws Exception {
        HttpResponse<String> refused = send(to("/privacy/admin/conformance"));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(send(to("/privacy/admin/reports/ccpa").header("Authorization", "Bearer " + token)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void theHomePageLinksTheNoticeWhichIsAPage() throws Exception {
        // From Germany: no tracking cookie passes without consent, so the visit records nothing.
        HttpResponse<String> home = HTTP.send(to("/").header("X-Forwarded-For", SampleHttp.GERMANY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(home.body()).contains("href=\"/privacy/notice\"", "action=\"/signup\"", "action=\"/store-locator\"");
        HttpResponse<String> page = HTTP.send(to("/privacy/notice").header("Accept-Language", "pt-BR")
                .header("X-Forwarded-For", SampleHttp.GERMANY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("lang=\"pt\"", "Aviso de privacidade", "Não respondemos a sinais Do Not Track",
                "não se destina a menores de 13 anos").doesNotContain("We do not");
    }
}
