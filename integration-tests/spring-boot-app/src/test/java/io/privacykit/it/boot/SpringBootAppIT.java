package io.privacykit.it.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The starter in an app with Spring Security, JDBC and Flyway, over real HTTP. Visitors are placed
 * by {@code X-Forwarded-For} from loopback (a trusted proxy in application.properties).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.main.banner-mode=off",
        "management.endpoint.health.show-components=always"})
class SpringBootAppIT {

    static final String GERMANY = "2.207.0.1";
    static final String CALIFORNIA = "128.32.0.1";

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    Http http() {
        return new Http(port);
    }

    @Test
    void germanVisitorGetsNoTrackingCookiesBeforeConsent() throws Exception {
        HttpResponse<String> response = http().get("/", "X-Forwarded-For", GERMANY);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.names(response)).doesNotContain("_ga", "_fbp");
    }

    @Test
    void californianGetsBothUntilGpc() throws Exception {
        assertThat(Http.names(http().get("/", "X-Forwarded-For", CALIFORNIA))).contains("_ga", "_fbp");
        List<String> withGpc = Http.names(http().get("/", "X-Forwarded-For", CALIFORNIA, "Sec-GPC", "1"));
        assertThat(withGpc).contains("_ga").doesNotContain("_fbp");
    }

    @Test
    void aResponseEntitysSetCookiePassesTheGateToo() throws Exception {
        assertThat(Http.names(http().get("/ads", "X-Forwarded-For", GERMANY))).doesNotContain("_fbp");
        assertThat(Http.names(http().get("/ads", "X-Forwarded-For", CALIFORNIA))).contains("_fbp");
    }

    @Test
    void consentEndpointAnswersAnonymousVisitorsAndAConsentPostWorks() throws Exception {
        HttpResponse<String> state = http().get("/privacy/consent", "X-Forwarded-For", GERMANY);
        assertThat(state.statusCode()).isEqualTo(200);
        assertThat(state.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(state.body()).contains("GDPR");

        HttpResponse<String> choice = http().postForm("/privacy/consent", Map.of("accept", "all"),
                "X-Forwarded-For", GERMANY, "Origin", http().origin());
        assertThat(choice.statusCode()).as(choice.body()).isBetween(200, 299);
        String consent = Http.setCookies(choice).get("privacy_consent");
        assertThat(consent).isNotBlank();

        HttpResponse<String> after = http().get("/", "X-Forwarded-For", GERMANY, "Cookie", "privacy_consent=" + consent);
        assertThat(Http.names(after)).contains("_ga", "_fbp");
    }

    @Test
    void gpcJsonAnswersAnonymousVisitors() throws Exception {
        HttpResponse<String> gpc = http().get("/.well-known/gpc.json");
        assertThat(gpc.statusCode()).isEqualTo(200);
        assertThat(gpc.body()).contains("\"gpc\"");
    }

    @Test
    void formLoginWithTheCsrfCookieWorksForAGermanVisitor() throws Exception {
        HttpResponse<String> form = http().get("/login", "X-Forwarded-For", GERMANY);
        assertThat(form.statusCode()).isEqualTo(200);
        Map<String, String> cookies = new LinkedHashMap<>(Http.setCookies(form));
        assertThat(cookies).containsKey("XSRF-TOKEN");

        HttpResponse<String> login = http().postForm("/login",
                Map.of("username", "alice", "password", "secret", "_csrf", cookies.get("XSRF-TOKEN")),
                "X-Forwarded-For", GERMANY, "Cookie", Http.cookieHeader(cookies), "Origin", http().origin());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        cookies.putAll(Http.setCookies(login));
        assertThat(cookies).containsKey("JSESSIONID");

        HttpResponse<String> account = http().get("/account", "X-Forwarded-For", GERMANY, "Cookie", Http.cookieHeader(cookies));
        assertThat(account.statusCode()).isEqualTo(200);
        assertThat(account.body()).isEqualTo("hello alice");
    }

    @Test
    void theAppsMigrationRanAndItsHistoryHasNoneOfPrivacyKits() {
        assertThat(jdbc.queryForObject("SELECT body FROM app_note WHERE id = 1", String.class))
                .isEqualTo("the app's own migration ran");
        List<String> scripts = jdbc.queryForList("SELECT \"script\" FROM \"flyway_schema_history\" WHERE \"type\" = 'SQL'",
                String.class);
        assertThat(scripts).containsExactly("V1__init.sql");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                + " WHERE LOWER(TABLE_NAME) LIKE 'privacykit%'", Integer.class)).isZero();
    }

    @Test
    void springSecuritysNoStoreSurvivesADecidedResponse() throws Exception {
        HttpResponse<String> response = http().get("/context", "X-Forwarded-For", GERMANY);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(String.join(",", response.headers().allValues("Cache-Control"))).contains("no-store");
        assertThat(response.headers().allValues("Vary").toString()).containsIgnoringCase("cookie");
    }

    @Test
    void aControllerReceivesThePrivacyContext() throws Exception {
        assertThat(http().get("/context", "X-Forwarded-For", GERMANY).body())
                .isEqualTo("regime=GDPR performance=false advertising=false");
        assertThat(http().get("/context", "X-Forwarded-For", CALIFORNIA).body())
                .isEqualTo("regime=CCPA performance=true advertising=true");
    }

    @Test
    void thymeleafTemplatesAskPrivacyKit() throws Exception {
        String german = http().get("/page", "X-Forwarded-For", GERMANY).body();
        assertThat(german).contains("regime: GDPR").contains("/privacy/banner.js").contains("id=\"choice\"")
                .doesNotContain("id=\"ads\"").doesNotContain("privacy:head");
        String californian = http().get("/page", "X-Forwarded-For", CALIFORNIA).body();
        assertThat(californian).contains("id=\"ads\"").doesNotContain("id=\"choice\"");
    }

    @Test
    void actuatorHealthShowsTheStoreUp() throws Exception {
        HttpResponse<String> health = http().get("/actuator/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body().replace(" ", "")).contains("\"privacykit\":{\"status\":\"UP\"");
    }

    @Test
    void blockedCookiesAreCountedByNameAndCategory() throws Exception {
        double before = blocked("_fbp", "advertising");
        http().get("/", "X-Forwarded-For", GERMANY);
        assertThat(blocked("_fbp", "advertising")).isEqualTo(before + 1);
        assertThat(meters.find("privacykit.decisions").tag("regime", "GDPR").counters()).isNotEmpty();
        assertThat(meters.find("privacykit.geo.cache.hit.ratio").gauge()).isNotNull();
    }

    private double blocked(String name, String category) {
        var counter = meters.find("privacykit.cookies.blocked").tag("name", name).tag("category", category).counter();
        return counter == null ? 0 : counter.count();
    }
}
