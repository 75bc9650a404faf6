package io.privacykit.servlet;

import static io.privacykit.servlet.TestServer.GERMANY;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consent cookie is a bearer copy of a choice: a visitor (or anyone holding the browser) who
 * kept the cookie from before a withdrawal and sends it again must not get the withdrawn
 * categories back. The ledger knows about the withdrawal, and a newer record beats an older cookie.
 */
class WithdrawalReplayIT {

    @TempDir
    static Path dir;
    static TestServer server;
    static PrivacyFilter filter;

    /** Prints whether performance and advertising are allowed. */
    static final class Decision extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            PrivacyContext context = PrivacyContext.of(request);
            response.getWriter().print("performance=" + context.isAllowed("performance")
                    + " advertising=" + context.isAllowed("advertising"));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        filter = PrivacyFilter.create(TestServer.policy(TestServer.properties(dir.resolve("replay"))));
        server.add("/replay", filter).addServlet(new ServletHolder(new Decision()), "/decision");
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        filter.destroy();
    }

    private static String choose(String body, String cookie) throws Exception {
        HttpResponse<String> response = server.send("POST", "/replay/privacy/consent", body,
                "Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-For", GERMANY,
                "Cookie", cookie == null ? null : "privacy_consent=" + cookie);
        assertThat(response.statusCode()).isEqualTo(200);
        return TestServer.setCookieValue(response, "privacy_consent");
    }

    @Test
    void theCookieFromBeforeAWithdrawalGetsNothingBack() throws Exception {
        String granted = choose("accept=all", null);
        String withdrawn = choose("reject=all", granted);

        HttpResponse<String> replayed = server.get("/replay/decision", "X-Forwarded-For", GERMANY,
                "Cookie", "privacy_consent=" + granted + "; _ga=GA1.2; _fbp=fb");
        HttpResponse<String> page = server.get("/replay/app/addCookie", "X-Forwarded-For", GERMANY,
                "Cookie", "privacy_consent=" + granted);

        assertThat(replayed.body()).isEqualTo("performance=false advertising=false");
        assertThat(TestServer.setNames(page)).containsExactlyInAnyOrder("sid", "privacy_consent");
        // The browser gets the consent in force back, and the withdrawn categories' cookies are expired again.
        String reissued = TestServer.setCookieValue(replayed, "privacy_consent");
        assertThat(reissued).isNotNull().isNotEqualTo(granted);
        assertThat(TestServer.expiredNames(replayed)).contains("_ga", "_fbp");
        assertThat(server.get("/replay/decision", "X-Forwarded-For", GERMANY, "Cookie", "privacy_consent=" + reissued)
                .body()).isEqualTo("performance=false advertising=false");
        assertThat(server.get("/replay/decision", "X-Forwarded-For", GERMANY, "Cookie", "privacy_consent=" + withdrawn)
                .body()).isEqualTo("performance=false advertising=false");
    }

    @Test
    void theCookieOfTheLatestChoiceStillCounts() throws Exception {
        String refused = choose("reject=all", null);
        String granted = choose("accept=all", refused);

        HttpResponse<String> current = server.get("/replay/decision", "X-Forwarded-For", GERMANY,
                "Cookie", "privacy_consent=" + granted);

        assertThat(current.body()).isEqualTo("performance=true advertising=true");
        assertThat(TestServer.setCookieValue(current, "privacy_consent")).isNull();
    }
}
