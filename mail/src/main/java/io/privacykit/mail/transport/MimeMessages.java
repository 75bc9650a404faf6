package io.privacykit.mail.transport;

import io.privacykit.mail.MailException;
import io.privacykit.mail.MailMessage;
import io.privacykit.mail.MailSender;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

/** Turns a {@link MailMessage} into a MIME message; Jakarta Mail writes every header and part. */
final class MimeMessages {

    private static final String UTF_8 = StandardCharsets.UTF_8.name();

    private MimeMessages() {
    }

    /**
     * The sender as a header address; a display name is RFC 2047-encoded when it is not ASCII.
     *
     * @throws MailException when Jakarta Mail's stricter syntax check refuses the address
     */
    static InternetAddress address(MailSender sender) {
        try {
            InternetAddress address = new InternetAddress(sender.address(), true);
            if (sender.name().isPresent()) {
                address.setPersonal(sender.name().get(), UTF_8);
            }
            return address;
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new MailException("privacy.mail.from: '" + sender.address() + "' is not an address Jakarta Mail"
                    + " accepts (RFC 5322 addr-spec): " + e.getMessage(), e);
        }
    }

    /**
     * The message from {@code from} dated {@code date}: {@code text/plain}, or
     * {@code multipart/alternative} (RFC 2046 section 5.1.4) with the plain text first and the HTML
     * last, as the part a client should prefer comes last.
     */
    static MimeMessage of(Session session, InternetAddress from, MailMessage message, Instant date) {
        InternetAddress to;
        try {
            // One bare address (RFC 5322 addr-spec), syntax checked: a list, a group, a display name
            // or a comment ("a@example.com, b@example.com", "x: a@b, c@d;") is refused here.
            to = new InternetAddress(message.to(), true);
            to.validate();
        } catch (AddressException e) {
            throw new MailException("the recipient is not a valid e-mail address", e);
        }
        if (to.isGroup() || to.getPersonal() != null || !to.getAddress().equals(message.to().strip())) {
            throw new MailException("the recipient is not a valid e-mail address");
        }
        try {
            MimeMessage mime = new MimeMessage(session);
            mime.setFrom(from);
            mime.setRecipient(Message.RecipientType.TO, to);
            mime.setSubject(message.subject(), UTF_8);
            mime.setSentDate(Date.from(date));
            // RFC 3834 section 5: sent by software, so vacation responders do not answer it.
            mime.setHeader("Auto-Submitted", "auto-generated");
            if (message.html().isPresent()) {
                MimeBodyPart text = new MimeBodyPart();
                text.setText(message.text(), UTF_8, "plain");
                MimeBodyPart html = new MimeBodyPart();
                html.setText(message.html().get(), UTF_8, "html");
                MimeMultipart alternative = new MimeMultipart("alternative");
                alternative.addBodyPart(text);
                alternative.addBodyPart(html);
                mime.setContent(alternative);
            } else {
                mime.setText(message.text(), UTF_8, "plain");
            }
            mime.saveChanges();
            return mime;
        } catch (MessagingException e) {
            throw new MailException("the message could not be composed: " + e.getMessage(), e);
        }
    }
}
