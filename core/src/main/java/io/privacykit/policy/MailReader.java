package io.privacykit.policy;

import io.privacykit.mail.MailSender;
import io.privacykit.mail.MailSettings;
import io.privacykit.mail.SmtpSecurity;
import io.privacykit.mail.SmtpSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code privacy.mail.*} into {@link MailSettings}. Every set key is checked whatever the
 * transport, so that switching transports never uncovers an old mistake; the keys a transport
 * needs are required only for that transport.
 */
final class MailReader {

    private MailReader() {
    }

    /** The mail settings, or {@link MailSettings.Disabled} after recording problems. */
    static MailSettings read(ConfigValues config, Path dataDirectory) {
        String transport = config.choice(PolicyKeys.MAIL_TRANSPORT, "none",
                Map.of("none", "none", "smtp", "smtp", "outbox", "outbox"), "none, smtp or outbox");
        MailSender from = config.parsed(PolicyKeys.MAIL_FROM, null, MailSender::parse,
                "an address such as privacy@example.com, or a name and an address such as"
                        + " Example Privacy <privacy@example.com>");
        Optional<SmtpSettings> smtp = smtp(config, transport.equals("smtp"));
        Path outbox = config.parsed(PolicyKeys.MAIL_OUTBOX_DIR, dataDirectory.resolve("outbox"), Path::of,
                "a directory path").toAbsolutePath().normalize();
        if (Files.exists(outbox) && !Files.isDirectory(outbox)) {
            config.invalid(PolicyKeys.MAIL_OUTBOX_DIR, outbox.toString(),
                    "a directory (or a path where one can be created)");
        }
        if (transport.equals("none")) {
            return MailSettings.disabled();
        }
        if (from == null && config.get(PolicyKeys.MAIL_FROM).isEmpty()) {
            requiredFor(config, PolicyKeys.MAIL_FROM, transport);
        }
        if (from == null || smtp.isEmpty() && transport.equals("smtp")) {
            return MailSettings.disabled();
        }
        return transport.equals("smtp") ? new MailSettings.Smtp(from, smtp.get()) : new MailSettings.Outbox(from, outbox);
    }

    private static Optional<SmtpSettings> smtp(ConfigValues config, boolean required) {
        Map<String, SmtpSecurity> securities = new LinkedHashMap<>();
        for (SmtpSecurity security : SmtpSecurity.values()) {
            securities.put(security.name().toLowerCase(Locale.ROOT), security);
        }
        SmtpSecurity security = config.choice(PolicyKeys.MAIL_SMTP_SECURITY, SmtpSecurity.STARTTLS, securities,
                "none, starttls or smtps");
        String host = config.parsed(PolicyKeys.MAIL_SMTP_HOST, null, text -> {
            if (text.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c == '/' || c == '@')) {
                throw new IllegalArgumentException(text);
            }
            return text;
        }, "a host name or IP address such as smtp.example.com");
        int port = config.integer(PolicyKeys.MAIL_SMTP_PORT, security.defaultPort(), 1, 65_535);
        Optional<String> username = config.get(PolicyKeys.MAIL_SMTP_USERNAME);
        Optional<String> password = config.get(PolicyKeys.MAIL_SMTP_PASSWORD);
        boolean credentialsOk = true;
        if (username.isPresent() && password.isEmpty()) {
            config.problem(config.label(PolicyKeys.MAIL_SMTP_USERNAME) + " is set, so " + PolicyKeys.MAIL_SMTP_PASSWORD
                    + " (or environment variable " + PolicyKeys.envName(PolicyKeys.MAIL_SMTP_PASSWORD) + ") is required");
            credentialsOk = false;
        } else if (password.isPresent() && username.isEmpty()) {
            config.problem(config.label(PolicyKeys.MAIL_SMTP_PASSWORD) + " is set, so " + PolicyKeys.MAIL_SMTP_USERNAME
                    + " (or environment variable " + PolicyKeys.envName(PolicyKeys.MAIL_SMTP_USERNAME) + ") is required");
            credentialsOk = false;
        }
        Duration timeout = config.parsed(PolicyKeys.MAIL_SMTP_TIMEOUT, SmtpSettings.DEFAULT_TIMEOUT, text -> {
            Duration d = Duration.parse(text);
            if (d.isNegative() || d.isZero() || d.compareTo(SmtpSettings.MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("out of range");
            }
            return d;
        }, "a positive ISO-8601 duration of at most " + SmtpSettings.MAX_TIMEOUT + ", such as PT10S");
        if (!required) {
            return Optional.empty();
        }
        if (host == null) {
            if (config.get(PolicyKeys.MAIL_SMTP_HOST).isEmpty()) {
                requiredFor(config, PolicyKeys.MAIL_SMTP_HOST, "smtp");
            }
            return Optional.empty();
        }
        if (!credentialsOk) {
            return Optional.empty();
        }
        return Optional.of(new SmtpSettings(host, port, security, username, password, timeout));
    }

    private static void requiredFor(ConfigValues config, String key, String transport) {
        config.problem("missing key " + key + " (or environment variable " + PolicyKeys.envName(key) + "), required when "
                + PolicyKeys.MAIL_TRANSPORT + " is " + transport);
    }
}
