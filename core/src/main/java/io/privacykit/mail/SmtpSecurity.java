package io.privacykit.mail;

/** How the connection to the SMTP server is protected ({@code privacy.mail.smtp.security}). */
public enum SmtpSecurity {
    /** Plain text: for a relay on the same host or a trusted network only. */
    NONE,
    /** The server must offer STARTTLS (RFC 3207); a server that does not gets nothing, not even the credentials. */
    STARTTLS,
    /** TLS from the first byte ("implicit TLS", RFC 8314), usually on port 465. */
    SMTPS;

    /** The port this kind of connection uses when none is configured: 25, 587 or 465 (RFC 8314 section 3). */
    public int defaultPort() {
        return switch (this) {
            case NONE -> 25;
            case STARTTLS -> 587;
            case SMTPS -> 465;
        };
    }
}
