package io.privacykit.store;

/**
 * The privacy store could not be opened or could not do what was asked; the message names the
 * database (never its password) and the cause. Nothing was acknowledged when this is thrown.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure with its message and cause. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A failure with its message. */
    public StoreException(String message) {
        super(message);
    }
}
