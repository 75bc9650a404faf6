package io.privacykit.mail.transport;

import io.privacykit.mail.MailException;
import io.privacykit.mail.MailMessage;
import io.privacykit.mail.MailSender;
import io.privacykit.mail.Mailer;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.util.CRLFOutputStream;

/**
 * A development mailbox: each message is written as an RFC 5322 {@code .eml} file into a directory
 * instead of being sent, and can be listed and read back. Nothing leaves the machine. Files are
 * written whole (a temporary file moved into place), readable only by the owner where the file
 * system has POSIX permissions, and named so that they sort by time. Safe to call from many threads.
 */
public final class FileOutboxMailer implements Mailer {

    /** The file name suffix of the outbox's messages. */
    public static final String SUFFIX = ".eml";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** A message id: the UTC time it was written to the nanosecond, then 64 random bits. */
    private static final Pattern ID = Pattern.compile("\\d{8}T\\d{6}\\.\\d{9}Z-[0-9a-f]{16}");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final Path directory;
    private final InternetAddress from;
    private final Clock clock;
    private final Session session = Session.getInstance(new Properties());
    private final SecureRandom random = new SecureRandom();
    private final boolean posix;

    /**
     * An outbox in {@code directory}, created (owner-only) when missing, for messages from {@code from}.
     *
     * @throws MailException when the directory cannot be created, or Jakarta Mail refuses the sender's address
     */
    public FileOutboxMailer(Path directory, MailSender from) {
        this(directory, from, Clock.systemUTC());
    }

    /** As the public constructor, with the clock that dates the messages. */
    FileOutboxMailer(Path directory, MailSender from, Clock clock) {
        this.directory = directory.toAbsolutePath().normalize();
        this.from = MimeMessages.address(Objects.requireNonNull(from, "from"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.posix = this.directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            if (!Files.isDirectory(this.directory)) {
                if (posix) {
                    Files.createDirectories(this.directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
                } else {
                    Files.createDirectories(this.directory);
                }
            }
        } catch (IOException e) {
            throw new MailException("cannot create the outbox directory " + this.directory + ": " + e, e);
        }
    }

    /** The directory the messages are written to. */
    public Path directory() {
        return directory;
    }

    /** Writes {@code message} as a new {@code .eml} file. */
    @Override
    public void send(MailMessage message) {
        Instant now = clock.instant();
        MimeMessage mime = MimeMessages.of(session, from, message, now);
        String id = STAMP.format(now) + "-" + HexFormat.of().formatHex(randomBytes());
        Path target = directory.resolve(id + SUFFIX);
        Path temporary = null;
        try {
            // A dot name that is not an id: listing never sees a file half written.
            temporary = posix ? Files.createTempFile(directory, ".", ".tmp", ownerOnly())
                    : Files.createTempFile(directory, ".", ".tmp");
            try (OutputStream out = new CRLFOutputStream(Files.newOutputStream(temporary))) {
                mime.writeTo(out);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target);
            }
            temporary = null;
        } catch (IOException | MessagingException e) {
            throw new MailException("cannot write to the outbox " + directory + ": " + e, e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the write already failed; that is what is reported
                }
            }
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(OWNER_FILE);
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * Every message in the outbox, newest first. A file that is not a readable message is left out.
     *
     * @throws MailException when the directory cannot be listed
     */
    public List<OutboxMessage> messages() {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = name.substring(0, name.length() - SUFFIX.length());
                if (ID.matcher(id).matches()) {
                    ids.add(id);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new MailException("cannot list the outbox " + directory + ": " + e, e);
        }
        ids.sort(Comparator.reverseOrder());
        List<OutboxMessage> messages = new ArrayList<>();
        for (String id : ids) {
            read(id).ifPresent(messages::add);
        }
        return messages;
    }

    /**
     * The message with {@code id}, or empty when there is none. An id that is not one this outbox
     * makes (a path, {@code ..}, anything but a time and random hex) is never looked up.
     */
    public Optional<OutboxMessage> message(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return read(id);
    }

    private Optional<OutboxMessage> read(String id) {
        Path file = directory.resolve(id + SUFFIX);
        try (InputStream in = Files.newInputStream(file)) {
            MimeMessage mime = new MimeMessage(session, in);
            String to = mime.getRecipients(Message.RecipientType.TO) == null ? ""
                    : ((InternetAddress) mime.getRecipients(Message.RecipientType.TO)[0]).getAddress();
            String subject = mime.getSubject() == null ? "" : mime.getSubject();
            Instant date = mime.getSentDate() == null ? Files.getLastModifiedTime(file).toInstant()
                    : mime.getSentDate().toInstant();
            return Optional.of(new OutboxMessage(id, to, subject, date, text(mime, "text/plain").orElse(""),
                    text(mime, "text/html")));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | MessagingException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /** The first part of {@code type}, looking into multiparts. */
    private static Optional<String> text(Part part, String type) throws MessagingException, IOException {
        if (part.isMimeType(type)) {
            return Optional.of(part.getContent().toString());
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                Optional<String> found = text(child, type);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "FileOutboxMailer[" + directory + ", from=" + from + "]";
    }
}
