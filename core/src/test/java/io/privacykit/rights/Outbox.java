package io.privacykit.rights;

import io.privacykit.mail.MailException;
import io.privacykit.mail.MailMessage;
import io.privacykit.mail.Mailer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A mailer that keeps what it is given, as a development outbox does; can be made to fail. */
final class Outbox implements Mailer {
    private static final Pattern LINK = Pattern.compile("https?://\\S+");
    final List<MailMessage> sent = new ArrayList<>();
    boolean failing;

    @Override
    public synchronized void send(MailMessage message) {
        if (failing) {
            throw new MailException("connection refused");
        }
        sent.add(message);
    }

    synchronized MailMessage last() {
        return sent.get(sent.size() - 1);
    }

    /** The token in the last message's link. */
    synchronized String lastToken() {
        Matcher m = LINK.matcher(last().text());
        if (!m.find()) {
            throw new AssertionError("no link in " + last().text());
        }
        String query = URI.create(m.group()).getQuery();
        return query.substring(query.indexOf("token=") + "token=".length());
    }
}
