package io.privacykit.servlet;

import io.privacykit.HostileText;
import io.privacykit.HostileInputCount;

import static io.privacykit.servlet.TestServer.GERMANY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every endpoint over real HTTP to a real Jetty, with generated bodies and headers: never a 5xx,
 * never a stack trace, and {@code POST {prefix}/consent} accepts exactly the bodies its parser
 * accepts (which {@link ChoiceRequestPropertyTest} checks 100,000 times against the contract).
 * Fewer inputs here: each is a TCP connection and, when accepted, a ledger commit.
 */
@AddLifecycleHook(HostileInputCount.class)
class EndpointFuzzTest {

    static Path dir;
    static TestServer server;
    static PrivacyFilter filter;
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> PATHS = List.of("/main/privacy/consent", "/main/privacy/banner.js", "/main/privacy/notice",
            "/main/privacy/banner.css", "/main/privacy/consent/receipt", "/main/.well-known/gpc.json",
            "/main/app/addCookie", "/main/app/addHeader", "/main/privacy/admin/conformance", "/main/privacy/nothing");

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("endpoint-fuzz");
        server = new TestServer();
        filter = PrivacyFilter.create(TestServer.policy(TestServer.properties(dir)));
        server.add("/main", filter);
        server.start();
    }

    @AfterContainer
    static void stop() throws Exception {
        server.close();
        filter.destroy();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static int port() {
        return Integer.parseInt(server.base().substring(server.base().lastIndexOf(':') + 1));
    }

    /** A request as sent, and the status the consent body parser gives its body (0 when not a consent POST). */
    record Request(String head, byte[] body, int parserStatus, String shown) {
        @Override
        public String toString() {
            return shown;
        }
    }

    @Property(tries = 5_000, generation = GenerationMode.RANDOMIZED)
    void noRequestGetsA5xxAndTheConsentEndpointAcceptsWhatItsParserAccepts(@ForAll("requests") Request request)
            throws Exception {
        RawHttp.Response response = RawHttp.exchange(port(), request.head(), request.body());

        assertThat(response.status()).isBetween(200, 499);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        if (request.parserStatus() != 0) {
            assertThat(response.status()).isEqualTo(request.parserStatus());
            JsonNode answer = JSON.readTree(response.body());
            assertThat(answer.has(response.status() == 200 ? "receipt" : "error")).isTrue();
        }
    }

    @Provide
    Arbitrary<Request> requests() {
        return Arbitraries.randomValue(EndpointFuzzTest::request);
    }

    static Request request(Random random) {
        boolean consentPost = random.nextInt(2) == 0;
        String path = consentPost ? "/main/privacy/consent" : PATHS.get(random.nextInt(PATHS.size()));
        String method = consentPost ? "POST" : HostileText.oneOf(random, "GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE");
        StringBuilder head = new StringBuilder(method).append(' ').append(path)
                .append(random.nextInt(10) == 0 ? "?" + java.net.URLEncoder.encode(HostileText.text(random, 20),
                        java.nio.charset.StandardCharsets.UTF_8) : "")
                // A consent POST always reaches the filter: Jetty answers a Host that is no host name itself.
                .append(" HTTP/1.1\r\nHost: ").append(consentPost ? HostileText.oneOf(random, "127.0.0.1", "www.shop.example.com")
                        : HostileText.oneOf(random, "127.0.0.1", "www.shop.example.com", "example.com;Domain=evil.com"));
        header(head, random, "X-Forwarded-For", HostileText.oneOf(random, GERMANY, TestServer.CALIFORNIA, "unknown",
                GERMANY + ", 10.0.0.1", HostileText.text(random, 40)));
        header(head, random, "Forwarded", "for=" + HostileText.text(random, 30));
        header(head, random, "Accept-Language", HostileText.oneOf(random, "es", "pt-BR;q=0.9, en;q=0.8",
                HostileText.text(random, 40), HostileText.mutate(random, "es-MX,es;q=0.9,en;q=0.8")));
        header(head, random, "Accept", HostileText.oneOf(random, "application/json", "text/html", HostileText.text(random, 20)));
        header(head, random, "Sec-GPC", HostileText.oneOf(random, "1", "0", HostileText.text(random, 5)));
        header(head, random, "DNT", HostileText.oneOf(random, "1", HostileText.text(random, 5)));
        header(head, random, "Authorization", "Bearer " + HostileText.text(random, 40));
        header(head, random, "Origin", HostileText.oneOf(random, "null", "https://evil.example", HostileText.text(random, 20)));
        if (random.nextBoolean()) {
            head.append("\r\nCookie: ").append(headerSafe(cookieLine(random)));
        }
        byte[] body = null;
        int parserStatus = 0;
        if (consentPost) {
            ChoiceRequestPropertyTest.Body generated = ChoiceRequestPropertyTest.body(random);
            if (generated.contentType() != null) {
                head.append("\r\nContent-Type: ").append(headerSafe(generated.contentType()));
            }
            body = generated.bytes();
            boolean refusedEarly = head.indexOf("\r\nOrigin: ") >= 0;
            if (!refusedEarly) {
                try {
                    ChoiceRequest.parse(ChoiceRequestPropertyTest.POLICY, JSON,
                            generated.contentType() == null ? null : generated.contentType().trim(), body.length,
                            new ByteArrayInputStream(body));
                    parserStatus = 200;
                } catch (ChoiceRequest.Refusal refusal) {
                    parserStatus = refusal.status;
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return new Request(head.toString(), body, parserStatus, head + (body == null ? "" : "\r\n\r\n"
                + new String(body, 0, Math.min(body.length, 300), java.nio.charset.StandardCharsets.UTF_8)));
    }

    static String cookieLine(Random random) {
        StringBuilder line = new StringBuilder();
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                line.append("; ");
            }
            line.append(HostileText.oneOf(random, "privacy_consent", "_ga", "_ga_" + random.nextInt(60), "_fbp", "sid",
                    HostileText.over(random, HeaderPropertyTest.TOKEN_CHARS, 1, 10))).append('=')
                    .append(random.nextInt(4) == 0 ? HostileText.text(random, 60) : "v1.k1." + HostileText.over(random,
                            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.", 10, 120));
        }
        return line.toString();
    }

    /** Sometimes adds a header; its value is printable ASCII (anything else is Jetty's to refuse, not ours). */
    static void header(StringBuilder head, Random random, String name, String value) {
        if (random.nextInt(3) == 0) {
            head.append("\r\n").append(name).append(": ").append(headerSafe(value));
        }
    }

    static String headerSafe(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(c == '\t' || c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString().strip();
    }
}
