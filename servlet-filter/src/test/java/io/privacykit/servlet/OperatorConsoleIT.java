package io.privacykit.servlet;

import static io.privacykit.servlet.TestServer.CALIFORNIA;
import static io.privacykit.servlet.TestServer.GERMANY;
import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.collection.CollectionRecorder;
import io.privacykit.collection.Recipient;
import io.privacykit.collection.RecipientKind;
import io.privacykit.collection.SourceKind;
import io.privacykit.collection.SubjectId;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code {prefix}/admin/console}: the sign-in that exchanges the admin token for a session cookie, and the charts. */
class OperatorConsoleIT {

    static final String TOKEN = "admin-token-of-at-least-32-characters-long";
    static final String FORM = "application/x-www-form-urlencoded";
    static final String CONSOLE = "/o/privacy/admin/console";

    @TempDir
    static Path dir;
    static TestServer server;
    static PrivacyFilter filter;

    @BeforeAll
    static void start() throws Exception {
        Properties p = CollectionIT.declared(dir);
        p.setProperty("privacy.admin.token", TOKEN);
        p.setProperty("privacy.collection.identifiers.recipients", "service_provider");
        server = new TestServer();
        filter = PrivacyFilter.create(TestServer.policy(p));
        server.add("/o", filter);
        server.start();
        for (String[] choice : new String[][] {{"accept=all", GERMANY}, {"reject=all", GERMANY},
                {"accept=all", CALIFORNIA}}) {
            assertThat(server.send("POST", "/o/privacy/consent", choice[0], "Content-Type", FORM,
                    "X-Forwarded-For", choice[1]).statusCode()).isEqualTo(200);
        }
        CollectionRecorder recorder = filter.recorder();
        SubjectId subject = recorder.subjects().ofUserId("u-1");
        recorder.collected(subject, "identifiers", SourceKind.USER, "service");
        recorder.collected(subject, "geolocation", SourceKind.DEVICE, "service");
        recorder.disclosed(subject, "identifiers", new Recipient(RecipientKind.SERVICE_PROVIDER, "Mailer <Inc>"), "service");
        recorder.disclosed(subject, "identifiers", new Recipient(RecipientKind.SERVICE_PROVIDER, "Mailer <Inc>"), "service");
        recorder.sold(subject, "internet_activity", new Recipient(RecipientKind.ADVERTISING_PARTNER, "Ads & Co"),
                "advertising");
        assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();
    }

    @AfterAll
    static void stop() {
        server.close();
        filter.destroy();
    }

    private static HttpResponse<String> signIn(String token) throws Exception {
        return server.send("POST", CONSOLE + "/sign-in", "token=" + token, "Content-Type", FORM);
    }

    @Test
    void aWrongTokenIs401AndSetsNoCookie() throws Exception {
        HttpResponse<String> response = signIn("wrong-token");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(response.body()).contains("That token is not right", "name=\"token\"");
    }

    @Test
    void theRightTokenGivesAShortLivedStrictHttpOnlyCookieScopedToTheConsole() throws Exception {
        HttpResponse<String> response = signIn(TOKEN);
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValue(CONSOLE);
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith(OperatorConsole.COOKIE + "=")
                .contains("; Max-Age=1800", "; Path=" + CONSOLE, "; HttpOnly", "; SameSite=Strict")
                .doesNotContain("Secure"); // plain HTTP here; over HTTPS the cookie is __Secure- and Secure
    }

    @Test
    void theConsoleWithTheSessionShowsChartsAndReportsWithoutScripts() throws Exception {
        String value = TestServer.setCookieValue(signIn(TOKEN), OperatorConsole.COOKIE);
        HttpResponse<String> console = server.get(CONSOLE, "Cookie", OperatorConsole.COOKIE + "=" + value);
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("<svg", "GDPR", "CCPA", "accepted", "rejected", "Conformance",
                "Categories collected").doesNotContain("<script");
        String csp = console.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'none'", "frame-ancestors 'self'").doesNotContain("script-src");
        assertThat(console.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void theConsoleShowsTheCcpaTablesAsEscapedHtmlTables() throws Exception {
        String value = TestServer.setCookieValue(signIn(TOKEN), OperatorConsole.COOKIE);
        String html = server.get(CONSOLE, "Cookie", OperatorConsole.COOKIE + "=" + value).body();
        int ccpa = html.indexOf("<h2>CCPA reports</h2>");
        assertThat(ccpa).isPositive();
        String tables = html.substring(ccpa);
        assertThat(tables).doesNotContain("<pre>", "{\"");
        // Categories collected in the preceding 12 months: declared next to recorded, every CCPA category.
        assertThat(tables).contains("<th>Declared</th><th>Collected</th><th>Matches the policy</th>",
                "<td>Identifiers</td><td>identifiers</td><td>Yes</td><td>Yes</td><td>Yes</td><td>user</td><td>service</td>",
                "<td>Geolocation data</td><td>geolocation</td><td>No</td><td>Yes</td><td>No: collected but not declared</td>",
                "<td>internet_activity</td><td>Yes</td><td>No</td><td>No: declared, none recorded</td>",
                "<td>Sensory data</td><td>sensory</td><td>No</td><td>No</td><td>Yes</td>");
        // Disclosed for a business purpose, and to whom; the recipient's name is escaped.
        assertThat(tables).contains("<td>disclosed</td><td>identifiers</td><td>service_provider</td>"
                + "<td>Mailer &lt;Inc&gt;</td><td>service</td><td>2</td>");
        // Sold and shared: none declared, one recorded.
        assertThat(tables).contains("Does not conform", "<th>Sold: declared</th>",
                "<td>internet_activity</td><td>No</td><td>Yes</td><td>No</td><td>No</td>",
                "<td>sold</td><td>internet_activity</td><td>advertising_partner</td><td>Ads &amp; Co</td><td>advertising</td><td>1</td>");
        assertThat(tables).contains("<h3>Shine the Light, " + (java.time.LocalDate.now(java.time.ZoneOffset.UTC).getYear() - 1)
                + "</h3><p>No disclosure to third parties");
        assertThat(html).doesNotContain("<script", "<link", "src=\"http");
    }

    @Test
    void withoutASessionTheConsoleIsTheSignInForm() throws Exception {
        HttpResponse<String> response = server.get(CONSOLE);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("action=\"" + CONSOLE + "/sign-in\"").doesNotContain("<svg");
        // The bearer token alone does not open the console: it is for scripts, the console for browsers.
        assertThat(server.get(CONSOLE, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(401);
    }

    @Test
    void anExpiredOrForgedSessionIsRefusedAndExpired() throws Exception {
        byte[] key = OperatorConsole.sessionKey(PrivacyEndpoints.sha256(TOKEN));
        long now = Instant.now().getEpochSecond();
        String expired = OperatorConsole.sessionValue(key, now - 1);
        String forged = OperatorConsole.sessionValue(OperatorConsole.sessionKey(PrivacyEndpoints.sha256("other")), now + 600);
        String tooLong = OperatorConsole.sessionValue(key, now + 86_400);
        for (String value : new String[] {expired, forged, tooLong, "garbage", "1.x"}) {
            HttpResponse<String> response = server.get(CONSOLE, "Cookie", OperatorConsole.COOKIE + "=" + value);
            assertThat(response.statusCode()).as(value).isEqualTo(401);
            assertThat(response.body()).doesNotContain("<svg");
            assertThat(TestServer.expiredNames(response)).containsExactly(OperatorConsole.COOKIE);
        }
    }
}
