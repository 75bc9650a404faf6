package io.privacykit.sample;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A browser for the sample app's tests: its own cookie jar (consent, session), placed at
 * {@code address} by the proxy header the sample trusts.
 */
class SampleBrowser {

    final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    final String address;
    private final SampleApp app;

    SampleBrowser(SampleApp app, String address) {
        this.app = app;
        this.address = address;
    }

    /** A path on the sample app, or an absolute URL (a link from a page or a mail) as it is. */
    URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : "http://localhost:" + app.port() + pathOrUrl);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.header("X-Forwarded-For", address).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET with extra headers given as name, value, name, value... */
    HttpResponse<String> get(String pathOrUrl, String... headers) throws Exception {
        return send(withHeaders(HttpRequest.newBuilder(uri(pathOrUrl)), headers));
    }

    /** POST of an HTML form's fields, with extra headers given as name, value, ... */
    HttpResponse<String> postForm(String pathOrUrl, String form, String... headers) throws Exception {
        return send(withHeaders(HttpRequest.newBuilder(uri(pathOrUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), headers));
    }

    private static HttpRequest.Builder withHeaders(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }
}
