package io.privacykit.mail;

import io.privacykit.internal.Providers;
import java.util.Optional;

/**
 * Makes the {@link Mailer} that {@link MailSettings} describe. Found through
 * {@link java.util.ServiceLoader}: {@code io.privacykit:privacykit-mail} provides one.
 */
public interface MailerProvider {

    /**
     * The mailer of {@code settings}, an {@link MailSettings.Smtp} or {@link MailSettings.Outbox}.
     *
     * @throws MailException when the mailer cannot be made (an outbox directory that cannot be created)
     */
    Mailer create(MailSettings settings);

    /**
     * The mailer the settings configure, empty when they are {@link MailSettings.Disabled}.
     *
     * @throws IllegalStateException when mail is configured but no jar provides a {@code MailerProvider}
     * @throws MailException         when the provider cannot make the mailer
     */
    static Optional<Mailer> configured(MailSettings settings) {
        if (settings instanceof MailSettings.Disabled) {
            return Optional.empty();
        }
        MailerProvider provider = Providers.first(MailerProvider.class).orElseThrow(() -> new IllegalStateException(
                "privacy.mail.transport is set, but no mailer is on the classpath: add io.privacykit:privacykit-mail"));
        return Optional.of(provider.create(settings));
    }
}
