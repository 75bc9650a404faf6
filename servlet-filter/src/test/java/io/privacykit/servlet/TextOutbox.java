package io.privacykit.servlet;

import io.privacykit.mail.MailException;
import io.privacykit.mail.MailSettings;
import io.privacykit.mail.Mailer;
import io.privacykit.mail.MailerProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The mailer of {@code privacy.mail.transport=outbox} for this module's tests (the real one lives in
 * privacykit-mail, which the filter does not depend on): each message is a text file in the outbox
 * directory, read back by {@link #linksTo}.
 */
public final class TextOutbox implements MailerProvider {

    /** Found by {@link java.util.ServiceLoader}. */
    public TextOutbox() {
    }

    @Override
    public Mailer create(MailSettings settings) {
        if (!(settings instanceof MailSettings.Outbox outbox)) {
            throw new MailException("the test mailer writes an outbox only");
        }
        Path dir = outbox.directory();
        return message -> {
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve(String.format("%020d-%s.txt", System.nanoTime(), UUID.randomUUID())),
                        "To: " + message.to() + "\n\n" + message.text(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new MailException("cannot write to the outbox: " + e.getMessage());
            }
        };
    }

    /** The links matching {@code link} in the messages to {@code to}, oldest message first. */
    static List<String> linksTo(Path dir, String to, Pattern link) throws IOException {
        List<String> links = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return links;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                if (text.startsWith("To: " + to + "\n")) {
                    Matcher m = link.matcher(text);
                    while (m.find()) {
                        links.add(m.group());
                    }
                }
            }
        }
        return links;
    }

}
