package io.privacykit.servlet;

import static io.privacykit.servlet.TestServer.CALIFORNIA;
import static io.privacykit.servlet.TestServer.GERMANY;
import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.collection.CollectionReports;
import io.privacykit.collection.DivergenceCount;
import io.privacykit.collection.Outcome;
import io.privacykit.collection.PolicyViolationException;
import io.privacykit.collection.SourceKind;
import io.privacykit.collection.ViolationKind;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording bound to the request through {@link PrivacyContext}, and the filter's own recording of tracking cookies. */
class CollectionIT {

    @TempDir
    static Path dir;
    static TestServer server;
    static PrivacyFilter report;
    static PrivacyFilter strict;

    /** Records what the query asks for and answers the outcome's kind, or the violation thrown in strict mode. */
    static final class Recording extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            PrivacyContext privacy = PrivacyContext.of(request);
            String user = request.getParameter("user");
            Outcome outcome;
            try {
                if (request.getParameter("explicit") != null) {
                    privacy.declareExplicitConsent(request.getParameter("explicit"));
                }
                if (user != null) {
                    privacy.linkSubject(user);
                    outcome = privacy.collected(request.getParameter("category"), SourceKind.USER, "service");
                } else {
                    outcome = privacy.collected(privacy.subjectOf(request.getParameter("email")),
                            request.getParameter("category"), SourceKind.USER, "service");
                }
            } catch (PolicyViolationException e) {
                response.setStatus(422);
                response.getWriter().print("violation");
                return;
            }
            response.getWriter().print(outcome instanceof Outcome.Violation ? "violation-recorded" : "accepted");
        }
    }

    /** Records a sale of the visitor's identifiers and answers the kinds of violation found. */
    static final class Sale extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            PrivacyContext privacy = PrivacyContext.of(request);
            Outcome outcome = privacy.sold(privacy.subjectOf("buyer@example.com"), "identifiers",
                    io.privacykit.collection.Recipient.of(io.privacykit.collection.RecipientKind.THIRD_PARTY), "advertising");
            response.getWriter().print(outcome instanceof Outcome.Violation v ? v.kinds().toString() : "accepted");
        }
    }

    /** Sets a tracking cookie of each kind. */
    static final class Tracking extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.addCookie(new Cookie("_ga", "v"));
            response.addCookie(new Cookie("_fbp", "v"));
            response.getWriter().print("ok");
        }
    }

    static Properties declared(Path data) {
        Properties p = TestServer.properties(data);
        p.setProperty("privacy.collection.identifiers.collected", "true");
        p.setProperty("privacy.collection.identifiers.sources", "user, device");
        p.setProperty("privacy.collection.identifiers.purposes", "service, analytics, advertising");
        p.setProperty("privacy.collection.internet_activity.collected", "true");
        p.setProperty("privacy.collection.internet_activity.sources", "device");
        p.setProperty("privacy.collection.internet_activity.purposes", "analytics");
        p.setProperty("privacy.collection.health.collected", "true");
        p.setProperty("privacy.collection.health.sources", "user");
        p.setProperty("privacy.collection.health.purposes", "service");
        p.setProperty("privacy.collection.health.special-condition", "explicit-consent");
        return p;
    }

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        report = PrivacyFilter.create(TestServer.policy(declared(dir.resolve("report"))));
        install(server.add("/report", report));
        Properties strictProperties = declared(dir.resolve("strict"));
        strictProperties.setProperty("privacy.collection.mode", "strict");
        strict = PrivacyFilter.create(TestServer.policy(strictProperties));
        install(server.add("/strict", strict));
        server.start();
    }

    static void install(ServletContextHandler context) {
        context.addServlet(new ServletHolder(new Recording()), "/record");
        context.addServlet(new ServletHolder(new Tracking()), "/tracking");
        context.addServlet(new ServletHolder(new Sale()), "/sale");
    }

    @AfterAll
    static void stop() {
        server.close();
        report.destroy();
        strict.destroy();
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return server.send("POST", path, body, "Content-Type", "application/x-www-form-urlencoded",
                "X-Forwarded-For", CALIFORNIA);
    }

    static CollectionReports.CategoriesReport categories(PrivacyFilter filter) {
        assertThat(filter.recorder().flush(Duration.ofSeconds(10))).isTrue();
        return filter.reports().categoriesCollected();
    }

    /** GDPR Art. 9(2)(a): health data declared on explicit consent needs the app to say it has one. */
    @Test
    void aSpecialCategoryOnExplicitConsentIsAcceptedOnlyWhereTheAppDeclaresThatConsent() throws Exception {
        assertThat(post("/strict/record", "user=u-9&category=health").statusCode()).isEqualTo(422);
        assertThat(post("/strict/record", "user=u-9&category=health&explicit=health").body()).isEqualTo("accepted");
        assertThat(post("/strict/record", "user=u-9&category=health&explicit=genetic").statusCode())
                .isEqualTo(422);
        assertThat(post("/report/record", "user=u-9&category=health").body()).isEqualTo("violation-recorded");
        assertThat(report.recorder().flush(Duration.ofSeconds(10))).isTrue();
        assertThat(report.reports().conformance().divergences()).anySatisfy(d -> {
            assertThat(d.violation()).isEqualTo(ViolationKind.EXPLICIT_CONSENT_MISSING);
            assertThat(d.category()).isEqualTo("health");
        });
    }

    @Test
    void theSignedInSubjectsCollectionIsRecordedAndCheckedInTheRequestsContext() throws Exception {
        assertThat(post("/report/record", "user=u-1&category=identifiers").body()).isEqualTo("accepted");
        assertThat(post("/report/record", "email=a@example.com&category=commercial").body()).isEqualTo("violation-recorded");

        assertThat(categories(report).row("identifiers").collected()).isTrue();
        List<DivergenceCount> divergences = report.reports().conformance().divergences();
        assertThat(divergences).anySatisfy(d -> {
            assertThat(d.violation()).isEqualTo(ViolationKind.UNDECLARED_CATEGORY);
            assertThat(d.category()).isEqualTo("commercial");
        });
    }

    @Test
    void aSaleAfterGlobalPrivacyControlIsAnOptedOutViolation() throws Exception {
        String plain = post("/report/sale", "").body();
        String afterGpc = server.send("POST", "/report/sale", "", "X-Forwarded-For", CALIFORNIA, "Sec-GPC", "1").body();

        assertThat(plain).contains("UNDECLARED_SALE").doesNotContain("OPTED_OUT");
        assertThat(afterGpc).contains("UNDECLARED_SALE", "OPTED_OUT");
    }

    @Test
    void strictModeThrowsTheViolationToTheAppAndStoresNothing() throws Exception {
        assertThat(post("/strict/record", "user=u-2&category=identifiers").body()).isEqualTo("accepted");
        HttpResponse<String> refused = post("/strict/record", "user=u-2&category=geolocation");
        assertThat(refused.statusCode()).isEqualTo(422);

        assertThat(categories(strict).row("geolocation").collected()).isFalse();
        assertThat(strict.reports().conformance().divergences()).isEmpty();
    }

    @Test
    void aTrackingCookieSentRecordsIdentifiersAndActivityOncePerVisitorAndDay() throws Exception {
        // California: opt-out, so analytics and advertising cookies pass without a choice.
        long before = committed(report);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = server.get("/report/tracking", "X-Forwarded-For", "169.229.7.7");
            assertThat(TestServer.setNames(response)).contains("_ga", "_fbp");
        }
        CollectionReports.CategoriesReport categories = categories(report);
        assertThat(categories.row("internet_activity").collected()).isTrue();
        assertThat(categories.row("internet_activity").sources()).containsExactly("device");
        assertThat(categories.row("identifiers").purposes()).contains("analytics", "advertising");
        // Two categories of cookie, two PI categories each: four records, however many responses.
        assertThat(committed(report) - before).isEqualTo(4);
    }

    @Test
    void aWithheldTrackingCookieRecordsNothing() throws Exception {
        long before = committed(strict);
        HttpResponse<String> response = server.get("/strict/tracking", "X-Forwarded-For", GERMANY);
        assertThat(TestServer.setNames(response)).doesNotContain("_ga", "_fbp");
        assertThat(committed(strict)).isEqualTo(before);
    }

    static long committed(PrivacyFilter filter) {
        assertThat(filter.recorder().flush(Duration.ofSeconds(10))).isTrue();
        return filter.recorder().committedRecords();
    }
}
