package io.privacykit.sample;

import static io.privacykit.sample.SampleHttp.CALIFORNIA;
import static io.privacykit.sample.SampleHttp.GERMANY;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sample's newsletter form records a marketing opt-in only when the box is ticked, and subscribes as the visitor's regime allows. */
class SampleNewsletterIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dataDir;
    static SampleApp app;

    @BeforeAll
    static void start() throws Exception {
        app = SampleApp.start(new SampleAppOptions(0, "us-saas", dataDir), Map.of());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @ParameterizedTest(name = "{0}, box ticked: {2} -> {3}")
    @CsvSource({
        // visitor,  address,     form,                                  outcome
        "Germany,    GERMANY,    email=eu-silent%40example.com,                 not-subscribed",
        "Germany,    GERMANY,    email=eu-ticked%40example.com&marketing=yes,   subscribed",
        "California, CALIFORNIA, email=ca-silent%40example.com,                 subscribed",
        "California, CALIFORNIA, email=ca-ticked%40example.com&marketing=yes,   subscribed",
    })
    void theNewsletterFollowsTheOptInWhereTheLawRequiresOne(String visitor, String address, String form, String outcome)
            throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/newsletter"))
                .header("X-Forwarded-For", address.equals("GERMANY") ? GERMANY : CALIFORNIA)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValue("/?newsletter=" + outcome);
    }
}
