package io.privacykit.mail;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The SMTP server messages are handed to ({@code privacy.mail.smtp.*}).
 *
 * @param host     the server's host name or address
 * @param port     its port, 1-65535
 * @param security how the connection is protected
 * @param username the user to authenticate as; empty to send without authentication
 * @param password the user's password, present exactly when {@code username} is; never printed
 * @param timeout  the longest any one step (connecting, each read, each write) may take
 */
public record SmtpSettings(String host, int port, SmtpSecurity security, Optional<String> username,
                           Optional<String> password, Duration timeout) {

    /** The longest timeout accepted: a mail server that hangs must not hold a request thread for long. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);
    /** The timeout used when none is configured. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public SmtpSettings {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("not a host name: " + host);
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1-65535: " + port);
        }
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException("a username and a password go together");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout must be positive and at most " + MAX_TIMEOUT + ": " + timeout);
        }
    }

    /** A server without authentication, on the security's default port, with the default timeout. */
    public static SmtpSettings of(String host, SmtpSecurity security) {
        return new SmtpSettings(host, security.defaultPort(), security, Optional.empty(), Optional.empty(),
                DEFAULT_TIMEOUT);
    }

    /** These settings with {@code port}. */
    public SmtpSettings withPort(int port) {
        return new SmtpSettings(host, port, security, username, password, timeout);
    }

    /** These settings authenticating as {@code username} with {@code password}. */
    public SmtpSettings withCredentials(String username, String password) {
        return new SmtpSettings(host, port, security, Optional.of(username), Optional.of(password), timeout);
    }

    /** These settings with {@code timeout}. */
    public SmtpSettings withTimeout(Duration timeout) {
        return new SmtpSettings(host, port, security, username, password, timeout);
    }

    /** The password is never printed. */
    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", security=" + security + ", username="
                + username.orElse("(none)") + ", password=" + (password.isPresent() ? "(set)" : "(none)")
                + ", timeout=" + timeout + "]";
    }
}
