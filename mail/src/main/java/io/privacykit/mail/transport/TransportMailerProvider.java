package io.privacykit.mail.transport;

import io.privacykit.mail.MailSettings;
import io.privacykit.mail.Mailer;
import io.privacykit.mail.MailerProvider;

/**
 * The {@link MailerProvider} of {@code privacykit-mail}: an {@link SmtpMailer} for
 * {@link MailSettings.Smtp}, a {@link FileOutboxMailer} for {@link MailSettings.Outbox}. Found
 * through {@link java.util.ServiceLoader}.
 */
public final class TransportMailerProvider implements MailerProvider {

    /** The provider; {@link java.util.ServiceLoader} calls this. */
    public TransportMailerProvider() {
    }

    @Override
    public Mailer create(MailSettings settings) {
        if (settings instanceof MailSettings.Smtp smtp) {
            return new SmtpMailer(smtp.smtp(), smtp.from());
        }
        if (settings instanceof MailSettings.Outbox outbox) {
            return new FileOutboxMailer(outbox.directory(), outbox.from());
        }
        throw new IllegalArgumentException("no mailer for " + settings);
    }
}
