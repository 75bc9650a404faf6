package io.privacykit.mail;

import java.util.Objects;
import java.util.Optional;

/**
 * One message to one recipient: a plain-text body and, optionally, an HTML alternative. The
 * sender address is the mailer's (configured once), not the message's. Header values are checked
 * here so that no caller can inject a header through a recipient or a subject.
 *
 * @param to      the recipient's address, as the person gave it
 * @param subject the subject line, one line
 * @param text    the plain-text body
 * @param html    an HTML alternative of the same content, if any
 */
public record MailMessage(String to, String subject, String text, Optional<String> html) {

    public MailMessage {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
        if (to.isBlank() || to.indexOf('@') < 1 || containsLineBreak(to)) {
            throw new IllegalArgumentException("not a single e-mail address: " + to);
        }
        if (containsLineBreak(subject)) {
            throw new IllegalArgumentException("a subject is one line");
        }
    }

    /** A plain-text message. */
    public static MailMessage text(String to, String subject, String text) {
        return new MailMessage(to, subject, text, Optional.empty());
    }

    private static boolean containsLineBreak(String value) {
        return value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0;
    }
}
