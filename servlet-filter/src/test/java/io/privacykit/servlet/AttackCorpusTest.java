package io.privacykit.servlet;

import static io.privacykit.servlet.TestServer.GERMANY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacykit.consent.UnclassifiedCookies;
import io.privacykit.policy.CspMode;
import io.privacykit.policy.PolicyException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fixed corpus of attacks on the filter and its endpoints (docs/reliability.md, "Hostile
 * input"), over real HTTP to a real Jetty: each must get an answer below 500 and change nothing
 * it should not.
 */
class AttackCorpusTest {

    @TempDir
    static Path dir;
    static TestServer server;
    static PrivacyFilter main;
    static PrivacyFilter untrusted;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FORM = "application/x-www-form-urlencoded";

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        main = PrivacyFilter.create(TestServer.policy(TestServer.properties(dir.resolve("main"))));
        server.add("/main", main);
        Properties untrustedProperties = TestServer.properties(dir.resolve("untrusted"));
        untrustedProperties.setProperty("privacy.geo.trusted-proxies", "10.0.0.0/8");
        untrusted = PrivacyFilter.create(TestServer.policy(untrustedProperties));
        server.add("/untrusted", untrusted);
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        main.destroy();
        untrusted.destroy();
    }

    static int port() {
        return Integer.parseInt(server.base().substring(server.base().lastIndexOf(':') + 1));
    }

    /** The signed consent cookie value a German visitor gets for {@code body}. */
    static String consentCookie(String body) throws Exception {
        HttpResponse<String> response = server.send("POST", "/main/privacy/consent", body, "Content-Type", FORM,
                "X-Forwarded-For", GERMANY);
        assertThat(response.statusCode()).isEqualTo(200);
        return TestServer.setCookieValue(response, "privacy_consent");
    }

    static JsonNode consentState(String... cookieLines) throws Exception {
        StringBuilder head = new StringBuilder("GET /main/privacy/consent HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: "
                + GERMANY);
        for (String line : cookieLines) {
            head.append("\r\nCookie: ").append(line);
        }
        RawHttp.Response response = RawHttp.exchange(port(), head.toString(), null);
        assertThat(response.status()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void fiftyTrackerCookiesAreExpiredWithinTheHeaderLimit() throws Exception {
        String cookies = IntStream.rangeClosed(1, 60).mapToObj(i -> "_ga_" + i + "=GA1.1." + (1_000_000_000L + i))
                .collect(Collectors.joining("; "));

        RawHttp.Response response = RawHttp.exchange(port(), "GET /main/app/addCookie HTTP/1.1\r\nHost: www.shop.example.com"
                + "\r\nX-Forwarded-For: " + GERMANY + "\r\nCookie: " + cookies, null);

        assertThat(response.status()).isEqualTo(200);
        List<String> deletions = response.all("Set-Cookie").stream().filter(c -> c.contains("Max-Age=0")).toList();
        assertThat(deletions).isNotEmpty();
        int deletionBytes = deletions.stream().mapToInt(d -> d.length() + "Set-Cookie: \r\n".length()).sum();
        assertThat(deletionBytes).as("the 4 KiB deletion budget").isLessThanOrEqualTo(4096);
        assertThat(response.headerBytes()).isLessThan(8 * 1024);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com;Domain=evil.com", "example.com; Domain=evil.com", "evil.com;.example.com",
        "example.com%3BDomain%3Devil.com"})
    void aHostHeaderIsNeverEchoedIntoADomainAttribute(String host) throws Exception {
        RawHttp.Response response = RawHttp.exchange(port(), "GET /main/app/addCookie HTTP/1.1\r\nHost: " + host
                + "\r\nX-Forwarded-For: " + GERMANY + "\r\nCookie: _ga=GA1.1.1; _fbp=fb.1.2", null);

        assertThat(response.status()).isLessThan(500);
        assertThat(response.all("Set-Cookie")).noneSatisfy(c -> assertThat(c).containsIgnoringCase("evil"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-", "--", "en-", ";q=1", "en;q=abc", "*;q=2", "es;q=-1", ",,,", "en,,es;q=0.5",
        "\u00e9s", "es;q=0.5;q=0.6", "x-1234567890", "en;q=0.5, es;q=1.5", "a-b-c-d-e-f-g-h-i-j-k-l-m"})
    void aMalformedAcceptLanguageGetsABannerNotAnError(String header) throws Exception {
        for (String path : List.of("/main/privacy/banner.js", "/main/privacy/notice")) {
            RawHttp.Response response = RawHttp.exchange(port(), "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1"
                    + "\r\nAccept-Language: " + header, null);

            assertThat(response.status()).as(path).isEqualTo(200);
            assertThat(response.all("Content-Language")).as(path).hasSize(1);
            assertThat(BannerAssets.LANGUAGES).contains(response.all("Content-Language").get(0));
        }
    }

    @Test
    void anOverlongAcceptLanguageGetsTheEnglishBanner() throws Exception {
        RawHttp.Response response = RawHttp.exchange(port(), "GET /main/privacy/banner.js HTTP/1.1\r\nHost: 127.0.0.1"
                + "\r\nAccept-Language: " + "es-ES,".repeat(300) + "es", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.all("Content-Language")).containsExactly("en");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"advertising\": false, \"advertising\": true}", "{\"accept\": \"all\", \"accept\": \"all\"}",
        "{\"performance\": true, \"Performance\": false, \"performance\": false}"})
    void aJsonBodyNamingAFieldTwiceIsRefused(String body) throws Exception {
        HttpResponse<String> response = server.send("POST", "/main/privacy/consent", body,
                "Content-Type", "application/json", "X-Forwarded-For", GERMANY);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestServer.setCookieValue(response, "privacy_consent")).isNull();
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains("twice");
    }

    @Test
    void aFormNamingAFieldTwiceIsRefused() throws Exception {
        HttpResponse<String> response = server.send("POST", "/main/privacy/consent",
                "advertising=false&advertising=true", "Content-Type", FORM, "X-Forwarded-For", GERMANY);

        assertThat(response.statusCode()).isEqualTo(400);
    }

    /**
     * A sibling subdomain (or anyone who can set a cookie for the parent domain) plants a genuine
     * accept-all, obtained by visiting the site itself, next to the visitor's own reject-all.
     * Browsers send both under one name, in an order the attacker can influence (RFC 6265 section
     * 5.4: longer paths first, then older cookies first): neither order may grant anything.
     */
    @Test
    void aPlantedAcceptAllNextToTheVisitorsOwnChoiceGrantsNothing() throws Exception {
        String acceptAll = consentCookie("accept=all");
        String rejectAll = consentCookie("reject=all");

        for (List<String> lines : List.of(
                List.of("privacy_consent=" + acceptAll + "; privacy_consent=" + rejectAll),
                List.of("privacy_consent=" + rejectAll + "; privacy_consent=" + acceptAll),
                List.of("privacy_consent=" + acceptAll, "privacy_consent=" + rejectAll))) {
            JsonNode state = consentState(lines.toArray(new String[0]));

            assertThat(state.at("/categories/advertising/allowed").asBoolean()).as(lines.toString()).isFalse();
            assertThat(state.at("/categories/performance/allowed").asBoolean()).as(lines.toString()).isFalse();
        }
        assertThat(consentState("privacy_consent=" + acceptAll).at("/categories/advertising/allowed").asBoolean()).isTrue();
    }

    /** Values built from a genuine reject-all: none of them may count as consent. */
    @ParameterizedTest
    @ValueSource(strings = {"payload-swapped", "mac-truncated", "mac-dropped", "mac-of-another-cookie", "quoted-forgery",
        "unknown-key", "oversized"})
    void aForgedTruncatedOrReSignedConsentCookieIsNoConsent(String attack) throws Exception {
        String rejectAll = consentCookie("reject=all");
        String acceptAll = consentCookie("accept=all");
        String[] reject = rejectAll.split("\\.");
        String[] accept = acceptAll.split("\\.");
        String forged = switch (attack) {
            case "payload-swapped" -> reject[0] + "." + reject[1] + "." + accept[2] + "." + reject[3];
            case "mac-truncated" -> acceptAll.substring(0, acceptAll.length() - 2);
            case "mac-dropped" -> accept[0] + "." + accept[1] + "." + accept[2];
            case "mac-of-another-cookie" -> accept[0] + "." + accept[1] + "." + accept[2] + "." + reject[3];
            case "quoted-forgery" -> "\"" + reject[0] + "." + reject[1] + "." + accept[2] + "." + reject[3] + "\"";
            case "unknown-key" -> accept[0] + ".k2." + accept[2] + "." + accept[3];
            default -> acceptAll + "A".repeat(5000);
        };

        JsonNode state = consentState("privacy_consent=" + forged);

        assertThat(state.at("/categories/advertising/allowed").asBoolean()).isFalse();
        assertThat(state.at("/categories/advertising/granted").isNull()).isTrue();
        assertThat(state.get("consentId").isNull()).isTrue();
    }

    @Test
    void aTrickledBodyIsRefusedAtTheDeadline() throws Exception {
        byte[] body = "accept=all".getBytes(StandardCharsets.US_ASCII);
        InputStream trickle = new InputStream() {
            private int next;

            @Override
            public int read() {
                return read(new byte[1], 0, 1) < 0 ? -1 : body[next - 1];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (next >= body.length) {
                    return -1;
                }
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                b[off] = body[next++];
                return 1;
            }
        };

        ChoiceRequest.Refusal refusal = catchThrowableOfType(ChoiceRequest.Refusal.class,
                () -> ChoiceRequest.parse(TestPolicies.policy(UnclassifiedCookies.BLOCK, CspMode.OFF), JSON, FORM, -1,
                        trickle, Duration.ofMillis(100)));

        assertThat(refusal).isNotNull();
        assertThat(refusal.status).isEqualTo(408);
        assertThat(ChoiceRequest.parse(TestPolicies.policy(UnclassifiedCookies.BLOCK, CspMode.OFF), JSON, FORM, -1,
                new ByteArrayInputStream(body), Duration.ofMillis(100))).containsEntry("advertising", true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Forwarded-For: " + GERMANY, "Forwarded: for=" + GERMANY,
        "X-Forwarded-For: " + GERMANY + "\r\nForwarded: for=" + GERMANY, "X-Forwarded-For: 10.0.0.1, " + GERMANY})
    void forwardingHeadersFromAnUntrustedPeerAreIgnored(String headers) throws Exception {
        RawHttp.Response spoofed = RawHttp.exchange(port(), "GET /untrusted/privacy/consent HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + headers, null);
        RawHttp.Response trusted = RawHttp.exchange(port(), "GET /main/privacy/consent HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "X-Forwarded-For: " + GERMANY, null);

        assertThat(spoofed.status()).isEqualTo(200);
        assertThat(JSON.readTree(spoofed.body()).at("/jurisdiction/country").asText()).isNotEqualTo("DE");
        assertThat(JSON.readTree(trusted.body()).at("/jurisdiction/country").asText()).isEqualTo("DE");
    }

    @Test
    void aConfigurationWithBadValuesNamesEveryBadKeyAtOnce() {
        Properties properties = TestServer.properties(dir.resolve("bad"));
        properties.setProperty("privacy.web.prefix", "privacy/");
        properties.setProperty("privacy.geo.trusted-proxies", "10.0.0.0/33,proxy.internal");
        properties.setProperty("privacy.consent.same-site", "Loose");
        properties.setProperty("privacy.web.consent-rate-limit", "unlimited");
        properties.setProperty("privacy.consent.keys", "k1:c2hvcnQ=");

        PolicyException e = catchThrowableOfType(PolicyException.class, () -> TestServer.policy(properties));

        assertThat(e).isNotNull();
        for (String key : List.of("privacy.web.prefix", "privacy.geo.trusted-proxies", "privacy.consent.same-site",
                "privacy.web.consent-rate-limit", "privacy.consent.keys")) {
            assertThat(e.problems()).as(key).anySatisfy(problem -> assertThat(problem).contains(key));
        }
        assertThat(e.problems().stream().filter(p -> p.contains("trusted-proxies"))).hasSize(2);
        assertThat(e.getMessage()).doesNotContain("c2hvcnQ=");
    }
}
