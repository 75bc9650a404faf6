package io.privacykit.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A browser's consent requests to one running sample app over real HTTP, for the tests that run
 * several instances or break the store underneath them.
 */
final class ConsentClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    ConsentClient(SampleApp app) {
        this.port = app.port();
    }

    /** A consent POST from {@code address}, with the browser's consent cookie if it has one. */
    HttpResponse<String> choose(String address, String form, Optional<String> cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/privacy/consent"))
                .timeout(Duration.ofSeconds(60))
                .header("X-Forwarded-For", address)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        cookie.ifPresent(value -> request.header("Cookie", value));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The home page as {@code address} sees it with the given cookie. */
    HttpResponse<String> home(String address, Optional<String> cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                .timeout(Duration.ofSeconds(60))
                .header("X-Forwarded-For", address);
        cookie.ifPresent(value -> request.header("Cookie", value));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What a 200 consent answer acknowledged: the consent id and the ledger record's sequence. */
    static Acknowledged acknowledged(HttpResponse<String> response) throws IOException {
        JsonNode body = JSON.readTree(response.body());
        return new Acknowledged(body.path("consentId").asText(), body.path("receipt").path("sequence").asLong(),
                SampleHttp.consentCookie(response));
    }

    /** The consent cookies ({@code name=value}) a response sets. */
    static List<String> consentCookies(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(header -> header.startsWith("privacy_consent=") || header.startsWith("__Host-privacy_consent="))
                .toList();
    }

    /** A change the app acknowledged: it promised this record is committed. */
    record Acknowledged(String consentId, long sequence, String cookie) {
    }
}
