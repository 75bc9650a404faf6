package io.privacykit.mail.transport;

import io.privacykit.internal.DaemonThreads;
import io.privacykit.mail.MailException;
import io.privacykit.mail.MailMessage;
import io.privacykit.mail.MailSender;
import io.privacykit.mail.Mailer;
import io.privacykit.mail.SmtpSecurity;
import io.privacykit.mail.SmtpSettings;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import javax.net.ssl.SSLException;

/**
 * Sends each message through an SMTP server over Jakarta Mail (Angus Mail): one connection per
 * message, every network step bounded by {@link SmtpSettings#timeout()}, STARTTLS required when
 * configured, server certificates and host names checked. Safe to call from many threads.
 */
public final class SmtpMailer implements Mailer {

    private final SmtpSettings settings;
    private final InternetAddress from;
    private final Session session;
    private final Clock clock;
    private final DaemonThreads timerThreads = new DaemonThreads("privacykit-smtp-write-timeout");
    private final ScheduledExecutorService writeTimeouts;

    /**
     * A mailer that sends as {@code from} through the server of {@code settings}. It connects only
     * when it sends; after {@link #close()} it sends no more.
     *
     * @throws MailException when Jakarta Mail refuses the sender's address
     */
    public SmtpMailer(SmtpSettings settings, MailSender from) {
        this(settings, from, new Properties(), Clock.systemUTC());
    }

    /** As the public constructor, with session properties that override the computed ones (tests trust a test certificate). */
    SmtpMailer(SmtpSettings settings, MailSender from, Properties overrides, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.from = MimeMessages.address(Objects.requireNonNull(from, "from"));
        this.clock = Objects.requireNonNull(clock, "clock");
        // Without an executor, Angus Mail starts a thread per connection to time writes out.
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, timerThreads);
        timer.setRemoveOnCancelPolicy(true);
        this.writeTimeouts = timer;
        Properties props = properties(settings, from, timer);
        props.putAll(overrides);
        this.session = Session.getInstance(props);
    }

    private static Properties properties(SmtpSettings settings, MailSender from, ScheduledExecutorService timer) {
        Properties props = new Properties();
        String timeout = Long.toString(settings.timeout().toMillis());
        props.setProperty("mail.transport.protocol", "smtp");
        props.setProperty("mail.smtp.host", settings.host());
        props.setProperty("mail.smtp.port", Integer.toString(settings.port()));
        props.setProperty("mail.smtp.connectiontimeout", timeout);
        props.setProperty("mail.smtp.timeout", timeout);
        props.setProperty("mail.smtp.writetimeout", timeout);
        props.put("mail.smtp.executor.writetimeout", timer);
        // The envelope sender, and the domain of the Message-ID (no local host name lookup).
        props.setProperty("mail.from", from.address());
        props.setProperty("mail.smtp.auth", Boolean.toString(settings.username().isPresent()));
        if (settings.security() == SmtpSecurity.STARTTLS) {
            props.setProperty("mail.smtp.starttls.enable", "true");
            props.setProperty("mail.smtp.starttls.required", "true");
        }
        if (settings.security() == SmtpSecurity.SMTPS) {
            props.setProperty("mail.smtp.ssl.enable", "true");
        }
        props.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        return props;
    }

    /** The server this mailer sends through. */
    public SmtpSettings settings() {
        return settings;
    }

    @Override
    public void send(MailMessage message) {
        MimeMessage mime = MimeMessages.of(session, from, message, clock.instant());
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(settings.host(), settings.port(), settings.username().orElse(null),
                    settings.password().orElse(null));
            transport.sendMessage(mime, mime.getAllRecipients());
        } catch (MessagingException e) {
            throw failure(e);
        }
    }

    /** A message that says what went wrong in the operator's terms, never with the password. */
    private MailException failure(MessagingException e) {
        String server = "the SMTP server " + settings.host() + ":" + settings.port();
        if (e instanceof AuthenticationFailedException) {
            return new MailException(server + " refused the credentials of user '"
                    + settings.username().orElse("") + "'", e);
        }
        if (has(e, SocketTimeoutException.class) || String.valueOf(e.getMessage()).contains("timed out")) {
            return new MailException(server + " did not answer within " + settings.timeout()
                    + " (privacy.mail.smtp.timeout)", e);
        }
        if (String.valueOf(e.getMessage()).contains("STARTTLS is required")) {
            return new MailException(server + " does not offer STARTTLS, which privacy.mail.smtp.security=starttls"
                    + " requires; nothing was sent", e);
        }
        if (has(e, UnknownHostException.class)) {
            return new MailException("unknown host " + settings.host() + " (privacy.mail.smtp.host)", e);
        }
        if (has(e, ConnectException.class)) {
            return new MailException("cannot connect to " + server, e);
        }
        if (has(e, SSLException.class)) {
            return new MailException("no TLS connection to " + server + ": " + root(e).getMessage(), e);
        }
        if (e instanceof SendFailedException) {
            return new MailException(server + " refused the recipient or the message: " + e.getMessage(), e);
        }
        return new MailException("could not send through " + server + ": " + e.getMessage(), e);
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** Stops the write-timeout timer. */
    @Override
    public void close() {
        writeTimeouts.shutdownNow();
        timerThreads.awaitExit(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "SmtpMailer[" + settings + ", from=" + from + "]";
    }
}
