package io.privacykit.mail.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.mail.MailSender;
import io.privacykit.mail.MailSettings;
import io.privacykit.mail.Mailer;
import io.privacykit.mail.MailerProvider;
import io.privacykit.mail.SmtpSecurity;
import io.privacykit.mail.SmtpSettings;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings choose the mailer, found through ServiceLoader as an app finds it. */
class TransportMailerProviderTest {

    private static final MailSender FROM = MailSender.parse("Example Privacy <privacy@example.com>");

    @Test
    void noMailerWhenMailIsOff() {
        assertThat(MailerProvider.configured(MailSettings.disabled())).isEmpty();
    }

    @Test
    void smtpSettingsMakeAnSmtpMailer() {
        SmtpSettings smtp = SmtpSettings.of("smtp.example.com", SmtpSecurity.SMTPS);

        Optional<Mailer> mailer = MailerProvider.configured(new MailSettings.Smtp(FROM, smtp));

        assertThat(mailer).get().isInstanceOfSatisfying(SmtpMailer.class, m -> {
            assertThat(m.settings()).isEqualTo(smtp);
            m.close();
        });
    }

    @Test
    void outboxSettingsMakeAFileOutbox(@TempDir Path dir) {
        Optional<Mailer> mailer = MailerProvider.configured(new MailSettings.Outbox(FROM, dir.resolve("outbox")));

        assertThat(mailer).get().isInstanceOfSatisfying(FileOutboxMailer.class,
                m -> assertThat(m.directory()).isEqualTo(dir.resolve("outbox")).isDirectory());
    }
}
