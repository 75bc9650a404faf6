package io.privacykit.response;

import java.util.Objects;

/**
 * One {@code Set-Cookie} that PrivacyKit writes itself, ready to send.
 *
 * @param kind   what it does to the browser's cookie
 * @param name   the cookie's name
 * @param path   its {@code Path} attribute
 * @param domain its {@code Domain} attribute, or null for a host-only cookie
 * @param header the whole {@code Set-Cookie} value
 */
public record ResponseCookie(Kind kind, String name, String path, String domain, String header) {

    /** What a PrivacyKit cookie does. */
    public enum Kind {
        /** Sets the consent cookie to the consent in force. */
        SET,
        /** Clears the consent cookie: the consent it held no longer counts. */
        CLEAR,
        /** Expires a cookie of a category the decision does not allow (GDPR Art. 7(3): withdrawal as easy as giving). */
        EXPIRE
    }

    public ResponseCookie {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(header, "header");
    }
}
