package io.privacykit.policy;

import static io.privacykit.policy.PolicyFixture.load;
import static io.privacykit.policy.PolicyFixture.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.privacykit.mail.MailSender;
import io.privacykit.mail.MailSettings;
import io.privacykit.mail.SmtpSecurity;
import io.privacykit.mail.SmtpSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code privacy.mail.*}: what each transport needs, the defaults, and every mistake reported at once. */
class PolicyMailTest {

    private static PolicyException failure(Properties props) {
        return catchThrowableOfType(PolicyException.class, () -> load(props));
    }

    @Test
    void noMailByDefault() {
        assertThat(load(PolicyFixture.minimal()).mail()).isInstanceOf(MailSettings.Disabled.class);
    }

    @Test
    void smtpDefaultsToRequiredStarttlsOnThe587SubmissionPortWithATenSecondTimeout() {
        MailSettings mail = load(with("privacy.mail.transport", "smtp", "privacy.mail.from", "privacy@example.com",
                "privacy.mail.smtp.host", "smtp.example.com")).mail();

        assertThat(mail).isEqualTo(new MailSettings.Smtp(MailSender.of("privacy@example.com"),
                new SmtpSettings("smtp.example.com", 587, SmtpSecurity.STARTTLS, Optional.empty(), Optional.empty(),
                        Duration.ofSeconds(10))));
    }

    @ParameterizedTest(name = "security={0} -> port {1}")
    @CsvSource({"none, 25", "starttls, 587", "smtps, 465", "SMTPS, 465"})
    void thePortFollowsTheSecurityUnlessSet(String security, int port) {
        MailSettings.Smtp mail = (MailSettings.Smtp) load(with("privacy.mail.transport", "smtp",
                "privacy.mail.from", "privacy@example.com", "privacy.mail.smtp.host", "smtp.example.com",
                "privacy.mail.smtp.security", security)).mail();

        assertThat(mail.smtp().port()).isEqualTo(port);
    }

    @Test
    void everySmtpKeyIsRead() {
        MailSettings mail = load(with("privacy.mail.transport", "SMTP",
                "privacy.mail.from", "\"Example Privacy Team\" <privacy@example.com>",
                "privacy.mail.smtp.host", "mail.internal", "privacy.mail.smtp.port", "2525",
                "privacy.mail.smtp.security", "smtps", "privacy.mail.smtp.username", "mailer",
                "privacy.mail.smtp.password", "s3cret", "privacy.mail.smtp.timeout", "PT3S")).mail();

        assertThat(mail).isEqualTo(new MailSettings.Smtp(
                new MailSender("privacy@example.com", Optional.of("Example Privacy Team")),
                new SmtpSettings("mail.internal", 2525, SmtpSecurity.SMTPS, Optional.of("mailer"), Optional.of("s3cret"),
                        Duration.ofSeconds(3))));
        assertThat(mail.toString()).doesNotContain("s3cret");
    }

    @Test
    void theOutboxDefaultsToADirectoryInTheDataDirectory(@TempDir Path dir) {
        MailSettings mail = load(with("privacy.mail.transport", "outbox", "privacy.mail.from", "privacy@example.com",
                "privacy.data-dir", dir.toString())).mail();

        assertThat(mail).isEqualTo(new MailSettings.Outbox(MailSender.of("privacy@example.com"), dir.resolve("outbox")));
    }

    @Test
    void theEnvironmentChoosesTheTransport(@TempDir Path dir) {
        Properties props = with("privacy.mail.transport", "smtp", "privacy.mail.from", "privacy@example.com",
                "privacy.mail.smtp.host", "smtp.example.com", "privacy.mail.outbox.dir", dir.toString());

        Policy policy = PolicyLoader.fromProperties(props, Map.of("PRIVACY_MAIL_TRANSPORT", "outbox"));

        assertThat(policy.mail()).isEqualTo(new MailSettings.Outbox(MailSender.of("privacy@example.com"), dir));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
        privacy.mail.transport        | sendmail              | expected none, smtp or outbox
        privacy.mail.from             | privacy               | expected an address such as privacy@example.com
        privacy.mail.from             | a@b, c@d              | expected an address such as privacy@example.com
        privacy.mail.from             | Privacy <a b@c>       | expected an address such as privacy@example.com
        privacy.mail.from             | privacy..team@example.com | expected an address such as privacy@example.com
        privacy.mail.from             | privacy@-example.com  | expected an address such as privacy@example.com
        privacy.mail.from             | Privacy <a@b> x       | expected an address such as privacy@example.com
        privacy.mail.from             | "Pri"vacy" <a@b.c>    | expected an address such as privacy@example.com
        privacy.mail.smtp.host        | smtp.example.com/x    | expected a host name or IP address
        privacy.mail.smtp.port        | 0                     | expected a whole number from 1 to 65535
        privacy.mail.smtp.port        | smtp                  | expected a whole number from 1 to 65535
        privacy.mail.smtp.security    | tls                   | expected none, starttls or smtps
        privacy.mail.smtp.timeout     | 10s                   | expected a positive ISO-8601 duration of at most PT1M
        privacy.mail.smtp.timeout     | PT5M                  | expected a positive ISO-8601 duration of at most PT1M
        privacy.mail.smtp.timeout     | PT0S                  | expected a positive ISO-8601 duration of at most PT1M
        """)
    void aBadValueIsNamedWhateverTheTransport(String key, String value, String expected) {
        PolicyException e = failure(with(key, value));

        assertThat(e.problems()).singleElement().asString().startsWith(key + ": '" + value + "' is invalid")
                .contains(expected);
    }

    @Test
    void whatATransportNeedsIsRequiredAndEveryProblemIsReportedAtOnce() {
        PolicyException e = failure(with("privacy.mail.transport", "smtp", "privacy.mail.smtp.port", "0",
                "privacy.mail.smtp.password", "hunter2-password"));

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "privacy.mail.smtp.port: '0' is invalid; expected a whole number from 1 to 65535",
                "privacy.mail.smtp.password is set, so privacy.mail.smtp.username (or environment variable"
                        + " PRIVACY_MAIL_SMTP_USERNAME) is required",
                "missing key privacy.mail.smtp.host (or environment variable PRIVACY_MAIL_SMTP_HOST), required when"
                        + " privacy.mail.transport is smtp",
                "missing key privacy.mail.from (or environment variable PRIVACY_MAIL_FROM), required when"
                        + " privacy.mail.transport is smtp");
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void aUsernameNeedsAPassword() {
        PolicyException e = failure(with("privacy.mail.smtp.username", "mailer"));

        assertThat(e.problems()).containsExactly("privacy.mail.smtp.username is set, so privacy.mail.smtp.password"
                + " (or environment variable PRIVACY_MAIL_SMTP_PASSWORD) is required");
    }

    @Test
    void theOutboxNeedsASenderButNoServer() {
        PolicyException e = failure(with("privacy.mail.transport", "outbox"));

        assertThat(e.problems()).containsExactly("missing key privacy.mail.from (or environment variable"
                + " PRIVACY_MAIL_FROM), required when privacy.mail.transport is outbox");
    }

    @Test
    void theOutboxIsADirectory(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("outbox"), "not a directory");

        PolicyException e = failure(with("privacy.mail.outbox.dir", file.toString()));

        assertThat(e.problems()).singleElement().asString().startsWith("privacy.mail.outbox.dir: ")
                .contains("expected a directory");
    }

    @Test
    void aMisspelledMailKeyGetsASuggestion() {
        PolicyException e = failure(with("privacy.mail.smtp.hostname", "smtp.example.com"));

        assertThat(e.problems()).containsExactly(
                "unknown key 'privacy.mail.smtp.hostname': did you mean 'privacy.mail.smtp.host'?");
    }

    @Test
    void everyMailKeyIsDocumented() throws IOException {
        String reference = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("docs/configuration.md"));

        for (String key : PolicyKeys.MAIL) {
            assertThat(reference).as(key).contains("| `" + key + "` |").contains("`" + PolicyKeys.envName(key) + "`");
        }
    }
}
