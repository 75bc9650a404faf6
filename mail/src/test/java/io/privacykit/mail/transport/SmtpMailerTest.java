package io.privacykit.mail.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.privacykit.mail.MailException;
import io.privacykit.mail.MailMessage;
import io.privacykit.mail.MailSender;
import io.privacykit.mail.SmtpSecurity;
import io.privacykit.mail.SmtpSettings;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Properties;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SmtpMailer against GreenMail, a real SMTP server on a loopback port. */
class SmtpMailerTest {

    private static final MailSender FROM = new MailSender("privacy@example.com", Optional.of("Example Privacy Team"));
    private static final String HOST = "127.0.0.1";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC);

    /** One server for the class, emptied before each test; free ports, so parallel builds do not collide. */
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(servers())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer", "right-password"))
            .withPerMethodLifecycle(false);

    private static ServerSetup[] servers() {
        ServerSetup[] setups = ServerSetup.dynamicPort(
                new ServerSetup[] {ServerSetupTest.SMTP.createCopy(HOST), ServerSetupTest.SMTPS.createCopy(HOST)});
        for (ServerSetup setup : setups) {
            // Loading the TLS key on a busy build machine can take longer than GreenMail's 2 seconds.
            setup.setServerStartupTimeout(60_000);
        }
        return setups;
    }

    @BeforeEach
    void emptyTheMailboxes() throws FolderException {
        greenMail.purgeEmailFromAllMailboxes();
    }

    private SmtpSettings plain() {
        return new SmtpSettings(HOST, greenMail.getSmtp().getPort(), SmtpSecurity.NONE, Optional.empty(),
                Optional.empty(), Duration.ofSeconds(5));
    }

    private static SmtpMailer mailer(SmtpSettings settings) {
        return new SmtpMailer(settings, FROM, new Properties(), CLOCK);
    }

    /** GreenMail's certificate is self-signed and names no loopback host: trusted here, and only here. */
    private static SmtpMailer trustingTestCertificate(SmtpSettings settings) {
        Properties trust = new Properties();
        trust.setProperty("mail.smtp.ssl.trust", HOST);
        trust.setProperty("mail.smtp.ssl.checkserveridentity", "false");
        return new SmtpMailer(settings, FROM, trust, CLOCK);
    }

    @Test
    void aPlainTextMessageArrivesFromTheConfiguredSender() throws Exception {
        try (SmtpMailer mailer = mailer(plain())) {
            mailer.send(MailMessage.text("ada@example.org", "Confirm your request", "Open this link: https://x.test/v/1"));
        }

        MimeMessage received = single();
        assertThat(received.getFrom()).containsExactly(new InternetAddress("privacy@example.com", "Example Privacy Team"));
        assertThat(received.getRecipients(Message.RecipientType.TO)).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("ada@example.org");
        assertThat(received.getSubject()).isEqualTo("Confirm your request");
        assertThat(received.getSentDate().toInstant()).isEqualTo(CLOCK.instant());
        assertThat(received.isMimeType("text/plain")).isTrue();
        assertThat(received.getContentType()).containsIgnoringCase("charset=UTF-8");
        assertThat(((String) received.getContent()).strip()).isEqualTo("Open this link: https://x.test/v/1");
        assertThat(received.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(received.getMessageID()).endsWith("@example.com>");
    }

    @Test
    void aSubjectAndBodyBeyondAsciiArriveIntactAndTheSubjectIsEncodedWord() throws Exception {
        String subject = "Bestätigen Sie Ihre Anfrage — 请确认 ✉";
        String body = "Grüße aus Zürich: ½ € 漢字 🙂";
        MailSender sender = new MailSender("privacy@example.com", Optional.of("Équipe vie privée"));
        try (SmtpMailer mailer = new SmtpMailer(plain(), sender, new Properties(), CLOCK)) {
            mailer.send(MailMessage.text("zoë@example.org".replace("ë", "e"), subject, body));
        }

        MimeMessage received = single();
        assertThat(received.getSubject()).isEqualTo(subject);
        assertThat(((String) received.getContent()).strip()).isEqualTo(body);
        assertThat(((InternetAddress) received.getFrom()[0]).getPersonal()).isEqualTo("Équipe vie privée");
        // RFC 2047: the raw header is ASCII.
        assertThat(received.getHeader("Subject")[0]).startsWith("=?UTF-8?").matches("\\p{ASCII}+");
        assertThat(received.getHeader("From")[0]).matches("\\p{ASCII}+");
    }

    @Test
    void anHtmlAlternativeMakesAMultipartAlternativeWithThePlainTextFirst() throws Exception {
        try (SmtpMailer mailer = mailer(plain())) {
            mailer.send(new MailMessage("ada@example.org", "Confirm", "Open https://x.test/v/1",
                    Optional.of("<p>Open <a href=\"https://x.test/v/1\">this link</a></p>")));
        }

        MimeMessage received = single();
        assertThat(received.isMimeType("multipart/alternative")).isTrue();
        Multipart parts = (Multipart) received.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat(((String) parts.getBodyPart(0).getContent()).strip()).isEqualTo("Open https://x.test/v/1");
        assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();
        assertThat(parts.getBodyPart(1).getContentType()).containsIgnoringCase("charset=UTF-8");
        assertThat(((String) parts.getBodyPart(1).getContent()).strip())
                .isEqualTo("<p>Open <a href=\"https://x.test/v/1\">this link</a></p>");
    }

    @Test
    void theRightCredentialsAuthenticate() throws Exception {
        try (SmtpMailer mailer = mailer(plain().withCredentials("mailer", "right-password"))) {
            mailer.send(MailMessage.text("ada@example.org", "Confirm", "Body"));
        }

        assertThat(single().getSubject()).isEqualTo("Confirm");
    }

    @Test
    void wrongCredentialsFailWithAMessageThatNamesTheUserButNotThePassword() {
        MailException e;
        try (SmtpMailer mailer = mailer(plain().withCredentials("mailer", "wrong-password-4711"))) {
            e = catchThrowableOfType(MailException.class, () -> mailer.send(MailMessage.text("ada@example.org", "Confirm", "Body")));
        }

        assertThat(e).hasMessage("the SMTP server " + HOST + ":" + greenMail.getSmtp().getPort()
                + " refused the credentials of user 'mailer'");
        assertThat(e).hasStackTraceContaining("535");
        assertThat(e.toString()).doesNotContain("wrong-password-4711");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void requiredStarttlsSendsNothingToAServerThatDoesNotOfferIt() {
        // GreenMail's SMTP offers no STARTTLS: the mailer must not fall back to plain text.
        SmtpSettings settings = plain().withCredentials("mailer", "right-password");
        settings = new SmtpSettings(settings.host(), settings.port(), SmtpSecurity.STARTTLS, settings.username(),
                settings.password(), settings.timeout());
        MailException e;
        try (SmtpMailer mailer = mailer(settings)) {
            e = catchThrowableOfType(MailException.class, () -> mailer.send(MailMessage.text("ada@example.org", "Confirm", "Body")));
        }

        assertThat(e).hasMessageContaining("does not offer STARTTLS").hasMessageContaining("nothing was sent");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void starttlsUpgradesBeforeTheCredentialsAndTheMessage() throws Exception {
        try (StarttlsServer server = new StarttlsServer(HOST)) {
            SmtpSettings settings = new SmtpSettings(HOST, server.port(), SmtpSecurity.STARTTLS, Optional.of("mailer"),
                    Optional.of("right-password"), Duration.ofSeconds(5));
            try (SmtpMailer mailer = trustingTestCertificate(settings)) {
                mailer.send(MailMessage.text("ada@example.org", "Over STARTTLS", "Body"));
            }
            server.awaitEnd();

            assertThat(server.beforeUpgrade).hasSize(2).allMatch(c -> c.startsWith("EHLO") || c.equals("STARTTLS"));
            assertThat(server.afterUpgrade).contains("AUTH", "credentials mailer right-password")
                    .anyMatch(c -> c.contains("Subject: Over STARTTLS"));
        }
    }

    @Test
    void smtpsSpeaksTlsFromTheFirstByteWithCredentials() throws Exception {
        SmtpSettings settings = new SmtpSettings(HOST, greenMail.getSmtps().getPort(), SmtpSecurity.SMTPS,
                Optional.of("mailer"), Optional.of("right-password"), Duration.ofSeconds(5));
        try (SmtpMailer mailer = trustingTestCertificate(settings)) {
            mailer.send(MailMessage.text("ada@example.org", "Over TLS", "Body"));
        }

        assertThat(single().getSubject()).isEqualTo("Over TLS");
    }

    @Test
    void smtpsRefusesACertificateTheJvmDoesNotTrust() throws Exception {
        // GreenMail's own TLS server socket, with its self-signed certificate; the handshake failure on
        // this side is expected and kept quiet.
        try (ServerSocket tls = new DummySSLServerSocketFactory().createServerSocket(0, 1, InetAddress.getByName(HOST))) {
            Thread server = new Thread(() -> {
                try (Socket client = tls.accept()) {
                    ((SSLSocket) client).startHandshake();
                } catch (IOException expected) {
                    // the client refuses the certificate
                }
            }, "untrusted-tls-server");
            server.start();
            SmtpSettings settings = new SmtpSettings(HOST, tls.getLocalPort(), SmtpSecurity.SMTPS, Optional.empty(),
                    Optional.empty(), Duration.ofSeconds(5));
            try (SmtpMailer mailer = mailer(settings)) {
                assertThatThrownBy(() -> mailer.send(MailMessage.text("ada@example.org", "Confirm", "Body")))
                        .isInstanceOf(MailException.class)
                        .hasMessageStartingWith("no TLS connection to the SMTP server " + HOST + ":" + tls.getLocalPort());
            }
            server.join(10_000);
        }
    }

    @Test
    void aServerThatAcceptsButNeverAnswersFailsAfterTheTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName(HOST))) {
            // The kernel completes the handshake from the backlog; nothing ever reads or writes.
            SmtpSettings settings = new SmtpSettings(HOST, silent.getLocalPort(), SmtpSecurity.NONE, Optional.empty(),
                    Optional.empty(), Duration.ofMillis(300));
            try (SmtpMailer mailer = mailer(settings)) {
                assertThatThrownBy(() -> mailer.send(MailMessage.text("ada@example.org", "Confirm", "Body")))
                        .isInstanceOf(MailException.class)
                        .hasMessage("the SMTP server " + HOST + ":" + silent.getLocalPort()
                                + " did not answer within PT0.3S (privacy.mail.smtp.timeout)");
            }
        }
    }

    @Test
    void aPortWhereNothingListensFailsToConnect() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            port = closed.getLocalPort();
        }
        SmtpSettings settings = new SmtpSettings(HOST, port, SmtpSecurity.NONE, Optional.empty(), Optional.empty(),
                Duration.ofSeconds(5));
        try (SmtpMailer mailer = mailer(settings)) {
            assertThatThrownBy(() -> mailer.send(MailMessage.text("ada@example.org", "Confirm", "Body")))
                    .isInstanceOf(MailException.class)
                    .hasMessage("cannot connect to the SMTP server " + HOST + ":" + port);
        }
    }

    @Test
    void aHeaderCannotBeInjectedThroughTheSubjectOrTheRecipient() {
        assertThatThrownBy(() -> MailMessage.text("ada@example.org", "Hi\r\nBcc: eve@example.net", "Body"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MailMessage.text("ada@example.org\r\nBcc: eve@example.net", "Hi", "Body"))
                .isInstanceOf(IllegalArgumentException.class);
        try (SmtpMailer mailer = mailer(plain())) {
            for (String to : new String[] {"ada@example.org, eve@example.net", "Ada <ada@example.org>, eve@example.net",
                "ada@example.org;eve@example.net", "\"x\" <ada@example.org> eve@example.net",
                "ada@example.org (eve@example.net)", "friends: ada@example.org, eve@example.net;",
                "Ada <ada@example.org>"}) {
                assertThatThrownBy(() -> mailer.send(MailMessage.text(to, "Hi", "Body"))).as(to)
                        .isInstanceOf(MailException.class)
                        .hasMessage("the recipient is not a valid e-mail address");
            }
        }
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void theSettingsPrintWithoutThePassword() {
        try (SmtpMailer mailer = mailer(plain().withCredentials("mailer", "right-password"))) {
            assertThat(mailer.toString()).contains("mailer").doesNotContain("right-password");
        }
    }

    private MimeMessage single() {
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).as(() -> "received: " + received.length).hasSize(1);
        // The whole message as it arrived must be readable: a broken MIME structure fails here.
        assertThat(GreenMailUtil.getWholeMessage(received[0])).isNotEmpty();
        return received[0];
    }
}
