package io.privacykit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privacykit.consent.ConsentEvent;
import io.privacykit.consent.ConsentMethod;
import io.privacykit.consent.LedgerVerification;
import io.privacykit.geo.LocationSource;
import io.privacykit.jurisdiction.Regime;
import io.privacykit.store.StoreSettings;
import io.privacykit.store.jdbc.JdbcPrivacyStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The size of the embedded H2 ledger file per consent record (docs/reliability.md): {@code clients} threads append
 * {@code records} consent records, one per transaction as visitors' consent changes arrive, to an H2 file with
 * every commit written through ({@code WRITE_DELAY 0}); the file's size is read every {@code every} records,
 * again after {@code quiet} seconds without writes, and after the store closed. At the end the chain is verified
 * and must hold every record.
 *
 * <p>Options ({@code --name=value}): {@code records} (200000), {@code clients} (1), {@code every} (20000),
 * {@code quiet} seconds (60), {@code json} (a file for the results; none).
 */
public final class LedgerFileHarness {

    private LedgerFileHarness() {
    }

    public static void main(String[] args) throws Exception {
        int records = 200_000, clients = 1, every = 20_000, quiet = 60;
        Path json = null;
        for (String arg : args) {
            String[] option = arg.split("=", 2);
            if (option.length != 2 || !option[0].startsWith("--")) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            switch (option[0].substring(2)) {
                case "records" -> records = Integer.parseInt(option[1]);
                case "clients" -> clients = Integer.parseInt(option[1]);
                case "every" -> every = Integer.parseInt(option[1]);
                case "quiet" -> quiet = Integer.parseInt(option[1]);
                case "json" -> json = Path.of(option[1]);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        Path dataDir = BenchFixture.newDataDirectory();
        Path file = dataDir.resolve("ledger");
        List<ObjectNode> samples = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        long started = System.nanoTime();
        try {
            StoreSettings settings = new StoreSettings("jdbc:h2:file:" + file, "", "", Math.max(2, clients));
            AtomicLong appended = new AtomicLong();
            int total = records;
            try (JdbcPrivacyStore store = JdbcPrivacyStore.open(settings)) {
                int step = every;
                Thread[] threads = new Thread[clients];
                Object milestone = new Object();
                for (int t = 0; t < clients; t++) {
                    threads[t] = new Thread(() -> {
                        long n;
                        while ((n = appended.incrementAndGet()) <= total) {
                            store.appendConsent(event(n));
                            if (n % step == 0) {
                                synchronized (milestone) {
                                    samples.add(sample(mapper, "open", n, file, started));
                                }
                            }
                        }
                    }, "append-" + t);
                    threads[t].start();
                }
                for (Thread thread : threads) {
                    thread.join();
                }
                Thread.sleep(quiet * 1000L);
                samples.add(sample(mapper, "after " + quiet + " s quiet", total, file, started));
                LedgerVerification verification = store.verifyLedger();
                if (!(verification instanceof LedgerVerification.Intact intact) || intact.entries() < total) {
                    throw new IllegalStateException("the ledger does not verify with every record: " + verification);
                }
            }
            samples.add(sample(mapper, "closed", total, file, started));
            ObjectNode result = mapper.createObjectNode();
            result.put("harness", "LedgerFileHarness");
            result.put("records", total);
            result.put("clients", clients);
            ArrayNode list = result.putArray("samples");
            samples.forEach(list::add);
            for (ObjectNode sample : samples) {
                System.out.printf(Locale.ROOT, "%-22s %,9d records %,14d bytes %,9.0f bytes/record  (%.0f s)%n",
                        sample.get("phase").asText(), sample.get("records").asLong(), sample.get("bytes").asLong(),
                        sample.get("bytesPerRecord").asDouble(), sample.get("seconds").asDouble());
            }
            if (json != null) {
                mapper.writeValue(json.toFile(), result);
            }
        } finally {
            BenchFixture.delete(dataDir);
        }
    }

    private static ObjectNode sample(ObjectMapper mapper, String phase, long records, Path file, long started) {
        long bytes = sizeOf(file);
        ObjectNode node = mapper.createObjectNode();
        node.put("phase", phase);
        node.put("records", records);
        node.put("bytes", bytes);
        node.put("bytesPerRecord", (double) bytes / records);
        node.put("seconds", (System.nanoTime() - started) / 1e9);
        return node;
    }

    /** The bytes of H2's files for the database {@code file} (the {@code .mv.db} and any temporary one). */
    private static long sizeOf(Path file) {
        String prefix = file.getFileName() + ".";
        try (Stream<Path> files = Files.list(file.getParent())) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // removed while listing
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A German visitor's choice, as the banner records it: each record its own consent id and time. */
    private static ConsentEvent event(long n) {
        Map<String, Boolean> choices = new LinkedHashMap<>();
        choices.put("necessary", true);
        choices.put("functionality", n % 2 == 0);
        choices.put("performance", n % 3 == 0);
        choices.put("advertising", false);
        return new ConsentEvent("c" + Long.toString(n * 7919, 36) + "x" + Long.toString(n, 36),
                Instant.parse("2026-01-01T00:00:00Z").plusMillis(n), "2026-01", Regime.GDPR,
                "GDPR and ePrivacy Directive", LocationSource.DATABASE, "DE", "BE", choices, ConsentMethod.BANNER,
                "/pricing", String.format(Locale.ROOT, "%022x", n), "Mozilla/5.0 (X11; Linux x86_64)", null);
    }
}
