package io.privacykit.mail;

/** A message could not be sent; the message says why (never a password). */
public class MailException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure with its message and cause. */
    public MailException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A failure with its message. */
    public MailException(String message) {
        super(message);
    }
}
