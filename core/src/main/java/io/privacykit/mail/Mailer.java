package io.privacykit.mail;

/**
 * Sends PrivacyKit's own messages to people: identity-verification links for rights requests and
 * the notices that go with them. {@code io.privacykit:privacykit-mail} provides an SMTP mailer and
 * a file outbox for development; an app may implement its own (a transactional mail API, say).
 * Implementations are safe to call from many threads.
 */
public interface Mailer extends AutoCloseable {

    /**
     * Sends one message, or hands it to a server that accepted it, before returning.
     *
     * @throws MailException when the message could not be sent; nothing was delivered
     */
    void send(MailMessage message);

    /** Releases connections; the default does nothing. */
    @Override
    default void close() {
    }
}
