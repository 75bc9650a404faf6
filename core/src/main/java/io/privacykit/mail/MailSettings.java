package io.privacykit.mail;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How PrivacyKit sends mail ({@code privacy.mail.*}): not at all, through an SMTP server, or into
 * a directory of {@code .eml} files for development.
 */
public sealed interface MailSettings permits MailSettings.Disabled, MailSettings.Smtp, MailSettings.Outbox {

    /** No mail is sent ({@code privacy.mail.transport=none}, the default). */
    record Disabled() implements MailSettings {
    }

    /**
     * Messages go to an SMTP server ({@code privacy.mail.transport=smtp}).
     *
     * @param from the sender of every message
     * @param smtp the server
     */
    record Smtp(MailSender from, SmtpSettings smtp) implements MailSettings {
        public Smtp {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(smtp, "smtp");
        }
    }

    /**
     * Messages are written as {@code .eml} files into a directory ({@code privacy.mail.transport=outbox}).
     *
     * @param from      the sender of every message
     * @param directory the outbox directory, created when missing
     */
    record Outbox(MailSender from, Path directory) implements MailSettings {
        public Outbox {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(directory, "directory");
        }
    }

    /** No mail: the default. */
    static MailSettings disabled() {
        return new Disabled();
    }
}
