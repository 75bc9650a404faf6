package io.privacykit.mail.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.privacykit.mail.MailException;
import io.privacykit.mail.MailMessage;
import io.privacykit.mail.MailSender;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The file outbox: RFC 5322 files that Jakarta Mail reads back, private, whole, listed and found by id only. */
class FileOutboxMailerTest {

    private static final MailSender FROM = new MailSender("privacy@example.com", Optional.of("Example Privacy Team"));
    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456789Z");

    @TempDir
    Path tmp;

    /** A clock that moves only when told. */
    private static final class SteppingClock extends Clock {
        private volatile Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }

    private static List<Path> emlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".eml")).sorted().collect(Collectors.toList());
        }
    }

    private static MimeMessage parse(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }

    @Test
    void eachMessageIsAnRfc5322FileThatJakartaMailReadsBack() throws Exception {
        FileOutboxMailer outbox = new FileOutboxMailer(tmp.resolve("outbox"), FROM, Clock.fixed(T0, ZoneOffset.UTC));
        outbox.send(new MailMessage("ada@example.org", "Bestätigen Sie Ihre Anfrage ✉", "Grüße: https://x.test/v/1",
                Optional.of("<p>Grüße</p>")));

        List<Path> files = emlFiles(tmp.resolve("outbox"));
        assertThat(files).singleElement().satisfies(f ->
                assertThat(f.getFileName().toString()).matches("20260301T101530\\.123456789Z-[0-9a-f]{16}\\.eml"));
        MimeMessage mime = parse(files.get(0));
        assertThat(mime.getFrom()).containsExactly(new InternetAddress("privacy@example.com", "Example Privacy Team"));
        assertThat(((InternetAddress) mime.getRecipients(Message.RecipientType.TO)[0]).getAddress())
                .isEqualTo("ada@example.org");
        assertThat(mime.getSubject()).isEqualTo("Bestätigen Sie Ihre Anfrage ✉");
        assertThat(mime.getSentDate().toInstant()).isEqualTo(T0.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(mime.isMimeType("multipart/alternative")).isTrue();
        assertThat(((String) ((Multipart) mime.getContent()).getBodyPart(0).getContent()).strip())
                .isEqualTo("Grüße: https://x.test/v/1");

        // RFC 5322 section 2.1: lines end in CRLF; headers are ASCII (RFC 2047 words for the rest).
        String raw = Files.readString(files.get(0), StandardCharsets.ISO_8859_1);
        assertThat(raw.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
        String headers = raw.substring(0, raw.indexOf("\r\n\r\n"));
        assertThat(headers).matches("\\p{ASCII}+").contains("Subject: =?UTF-8?");
    }

    @Test
    void theDirectoryAndTheFilesAreTheOwnersAlone() throws IOException {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path dir = tmp.resolve("data/outbox");
        FileOutboxMailer outbox = new FileOutboxMailer(dir, FROM);
        outbox.send(MailMessage.text("ada@example.org", "Confirm", "Body"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(emlFiles(dir).get(0))))
                .isEqualTo("rw-------");
    }

    @Test
    void messagesAreListedNewestFirstAndFoundById() {
        SteppingClock clock = new SteppingClock();
        FileOutboxMailer outbox = new FileOutboxMailer(tmp, FROM, clock);
        outbox.send(MailMessage.text("ada@example.org", "First", "one"));
        clock.advance(Duration.ofSeconds(1));
        outbox.send(new MailMessage("bob@example.org", "Second", "two", Optional.of("<b>two</b>")));

        List<OutboxMessage> messages = outbox.messages();

        assertThat(messages).extracting(OutboxMessage::subject).containsExactly("Second", "First");
        OutboxMessage second = messages.get(0);
        assertThat(second.to()).isEqualTo("bob@example.org");
        assertThat(second.date()).isEqualTo(Instant.parse("2026-03-01T10:15:31Z"));
        assertThat(second.text().strip()).isEqualTo("two");
        assertThat(second.html()).map(String::strip).contains("<b>two</b>");
        assertThat(messages.get(1).html()).isEmpty();
        assertThat(outbox.message(second.id())).contains(second);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "..", "../secret", "..%2Fsecret", "/etc/passwd", "secret",
        "20260301T101530.123456789Z-0123456789abcdef/../../secret",
        "20260301T101530.123456789Z-0123456789ABCDEF", "20260301T101530.123456789Z-0123456789abcdef.eml",
        "20260301T101530.123456789Z-0123456789abcdef\u0000"})
    void anIdThatTheOutboxDidNotMakeIsNeverLookedUp(String id) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("outbox"));
        Files.writeString(tmp.resolve("secret.eml"), "Subject: outside the outbox\r\n\r\nsecret\r\n");
        FileOutboxMailer outbox = new FileOutboxMailer(dir, FROM);

        assertThat(outbox.message(id)).isEmpty();
    }

    @Test
    void anIdThatIsWellFormedButUnknownIsEmpty() {
        FileOutboxMailer outbox = new FileOutboxMailer(tmp, FROM);

        assertThat(outbox.message("20260301T101530.123456789Z-0123456789abcdef")).isEmpty();
        assertThat(outbox.message(null)).isEmpty();
    }

    @Test
    void filesThatAreNotMessagesOfTheOutboxAreNotListed() throws IOException {
        FileOutboxMailer outbox = new FileOutboxMailer(tmp, FROM);
        outbox.send(MailMessage.text("ada@example.org", "Real", "Body"));
        Files.writeString(tmp.resolve(".half-written.tmp"), "Subject: partial");
        Files.writeString(tmp.resolve("notes.eml"), "Subject: not named by the outbox\r\n\r\n");
        Files.createDirectory(tmp.resolve("20260301T101530.123456789Z-0123456789abcdef.eml"));

        assertThat(outbox.messages()).extracting(OutboxMessage::subject).containsExactly("Real");
    }

    @Test
    void concurrentSendsAllLandWholeUnderDistinctNames() throws Exception {
        FileOutboxMailer outbox = new FileOutboxMailer(tmp, FROM, Clock.fixed(T0, ZoneOffset.UTC));
        int threads = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        outbox.send(MailMessage.text("ada@example.org", "t" + thread + "-" + i, "Body " + i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> result : results) {
                result.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        List<OutboxMessage> messages = outbox.messages();
        assertThat(messages).hasSize(threads * each);
        assertThat(messages).extracting(OutboxMessage::id).doesNotHaveDuplicates();
        assertThat(messages).extracting(OutboxMessage::subject).doesNotHaveDuplicates();
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString())).allMatch(name -> name.endsWith(".eml"));
        }
    }

    @Test
    void anOutboxThatCannotBeCreatedFailsWithTheDirectoryNamed() throws IOException {
        Path file = Files.writeString(tmp.resolve("occupied"), "a file");

        assertThatThrownBy(() -> new FileOutboxMailer(file.resolve("outbox"), FROM))
                .isInstanceOf(MailException.class)
                .hasMessageStartingWith("cannot create the outbox directory " + file.resolve("outbox"));
    }

    @Test
    void aRecipientListIsRefusedHereToo() {
        FileOutboxMailer outbox = new FileOutboxMailer(tmp, FROM);

        assertThatThrownBy(() -> outbox.send(MailMessage.text("ada@example.org, eve@example.net", "Hi", "Body")))
                .isInstanceOf(MailException.class).hasMessage("the recipient is not a valid e-mail address");
        assertThat(outbox.messages()).isEmpty();
    }
}
