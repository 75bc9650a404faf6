package io.privacykit.mail.transport;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One message of a {@link FileOutboxMailer}'s outbox, read back from its {@code .eml} file.
 *
 * @param id      the file name without {@code .eml}; sorts by the time it was written
 * @param to      the recipient
 * @param subject the subject, decoded
 * @param date    the message's {@code Date}
 * @param text    the plain-text body
 * @param html    the HTML alternative, if the message has one
 */
public record OutboxMessage(String id, String to, String subject, Instant date, String text, Optional<String> html) {
    public OutboxMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
    }
}
