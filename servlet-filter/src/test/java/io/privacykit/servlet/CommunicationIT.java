package io.privacykit.servlet;

import static io.privacykit.servlet.TestServer.CALIFORNIA;
import static io.privacykit.servlet.TestServer.GERMANY;
import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.collection.SubjectId;
import io.privacykit.communication.Channel;
import io.privacykit.communication.MessageKind;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Marketing preferences over HTTP: {@code PrivacyContext.communication()} and {@code {prefix}/unsubscribe}. */
class CommunicationIT {

    static final String FORM = "application/x-www-form-urlencoded";

    @TempDir
    static Path dir;
    static TestServer server;
    static PrivacyFilter filter;

    /** {@code POST /mail?user=...[&optin=yes]}: links the user, records an opt-in if asked, answers canSend. */
    static final class MailServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            PrivacyContext privacy = PrivacyContext.of(request);
            privacy.linkSubject(request.getParameter("user"));
            Communication mail = privacy.communication();
            if ("yes".equals(request.getParameter("optin"))) {
                mail.optIn(Channel.EMAIL, "test-form");
            }
            response.setContentType("text/plain");
            response.getWriter().print(mail.regime() + " " + mail.canSend(MessageKind.MARKETING, Channel.EMAIL).allowed()
                    + " " + mail.canSend(MessageKind.SERVICE, Channel.EMAIL).allowed());
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        filter = PrivacyFilter.create(TestServer.policy(TestServer.properties(dir)));
        ServletContextHandler context = new ServletContextHandler("/c");
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.allOf(DispatcherType.class));
        context.addServlet(new ServletHolder(new MailServlet()), "/mail");
        server.addContext(context);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        filter.destroy();
    }

    private static String mail(String query, String from) throws Exception {
        HttpResponse<String> response = server.send("POST", "/c/mail?" + query, "", "X-Forwarded-For", from);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    @Test
    void marketingFollowsTheVisitorsRegimeUntilThePersonSaysOtherwise() throws Exception {
        // regime, marketing allowed, service allowed
        assertThat(mail("user=eu-silent", GERMANY)).isEqualTo("GDPR false true");
        assertThat(mail("user=eu-opted&optin=yes", GERMANY)).isEqualTo("GDPR true true");
        assertThat(mail("user=ca-silent", CALIFORNIA)).isEqualTo("CCPA true true");
    }

    private boolean canSend(SubjectId subject) {
        return filter.communications().canSend(subject, MessageKind.MARKETING, Channel.EMAIL).allowed();
    }

    @Test
    void getAsksToConfirmAndChangesNothingPostUnsubscribes() throws Exception {
        mail("user=reader&optin=yes", GERMANY);
        SubjectId reader = filter.recorder().subjects().ofUserId("reader");
        String token = filter.communications().unsubscribeToken(reader, Channel.EMAIL);

        HttpResponse<String> page = server.get("/c/privacy/unsubscribe?token=" + token);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.body()).contains("<form method=\"post\" action=\"/c/privacy/unsubscribe?token=" + token + "\"");
        assertThat(canSend(reader)).isTrue();

        HttpResponse<String> confirmed = server.send("POST", "/c/privacy/unsubscribe?token=" + token,
                "List-Unsubscribe=One-Click", "Content-Type", FORM);
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(confirmed.body()).contains("You are unsubscribed");
        assertThat(canSend(reader)).isFalse();
        assertThat(server.send("POST", "/c/privacy/unsubscribe?token=" + token, "List-Unsubscribe=One-Click",
                "Content-Type", FORM).statusCode()).as("twice").isEqualTo(200);
    }

    @Test
    void oneClickUnsubscribeOfRfc8058FromAMailServer() throws Exception {
        mail("user=clicker", CALIFORNIA);
        SubjectId clicker = filter.recorder().subjects().ofUserId("clicker");
        assertThat(canSend(clicker)).isTrue();
        String token = filter.communications().unsubscribeToken(clicker, Channel.EMAIL);
        HttpResponse<String> response = server.send("POST", "/c/privacy/unsubscribe?token=" + token,
                "List-Unsubscribe=One-Click", "Content-Type", "multipart/form-data; boundary=x");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(canSend(clicker)).isFalse();
    }

    @Test
    void aTokenThatIsNotGenuineIs400WithAMessage() throws Exception {
        String genuine = filter.communications().unsubscribeToken(filter.recorder().subjects().ofUserId("x"), Channel.EMAIL);
        String altered = (genuine.charAt(0) == 'A' ? 'B' : 'A') + genuine.substring(1);
        for (String query : new String[] {"", "?token=", "?token=" + altered, "?token=%25zz", "?token=" + "A".repeat(5000),
                "?token=" + genuine.substring(0, genuine.length() - 2)}) {
            for (String method : new String[] {"GET", "POST"}) {
                HttpResponse<String> response = server.send(method, "/c/privacy/unsubscribe" + query,
                        method.equals("POST") ? "List-Unsubscribe=One-Click" : null, "Content-Type", FORM);
                assertThat(response.statusCode()).as("%s %s", method, query).isEqualTo(400);
                assertThat(response.body()).contains("This unsubscribe link is not valid");
            }
        }
    }
}
