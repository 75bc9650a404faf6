package io.privacykit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** A visitor of a running sample app over real HTTP, placed anywhere with X-Forwarded-For from loopback. */
final class SampleHttp {

    /** Addresses the pinned GeoLite2 City database places (see the jurisdiction tests). */
    static final String GERMANY = "2.207.0.1";
    static final String CALIFORNIA = "128.32.0.1";
    static final String ENGLAND = "81.2.69.142";
    static final String WASHINGTON = "128.95.1.1";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SampleApp app;

    SampleHttp(SampleApp app) {
        this.app = app;
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + app.port() + path);
    }

    HttpResponse<String> home(String address, String... headers) throws Exception {
        return get("/", address, headers);
    }

    HttpResponse<String> get(String path, String address, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("X-Forwarded-For", address);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }

    JsonNode consentJson(String address, String... headers) throws Exception {
        return JSON.readTree(get("/privacy/consent", address, headers).body());
    }

    JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    HttpResponse<String> post(String address, String form, String origin) throws Exception {
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
            if (!header.toLowerCase(Locale.ROOT).contains("max-age=0")) {
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
                int end = header.indexOf(';');
                found.add(end < 0 ? header : header.substring(0, end));
            }
        }
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
