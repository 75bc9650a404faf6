package io.privacykit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.consent.LedgerFixtures;
import io.privacykit.consent.LedgerVerification;
import io.privacykit.store.StoreSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded ledger file stays near the size of its records (security review finding H1: H2
 * writing each commit through grew the file by about 18 KB per consent record, for ever), and
 * compacting it while open never costs a record, also when the store is closed and reopened in the
 * same JVM, as a webapp redeploy does.
 */
class H2FileGrowthTest {

    /** What the file may hold per record once H2 may reuse its space; it held 18,000 to 24,000. */
    private static final long BOUND_PER_RECORD = 2_000;
    /** The longest wait for the housekeeping to reach the bound: a few times H2's retention time. */
    private static final Duration SETTLE = Duration.ofSeconds(60);

    /** Open, compact, close and reopen cycles; more with {@code -Dprivacykit.h2.cycles=N} for a soak run. */
    private static final int CYCLES = Integer.getInteger("privacykit.h2.cycles", 2);

    @TempDir
    Path dataDirectory;

    @Test
    void theFileComesBackToTheSizeOfItsRecordsAndEveryReopeningFindsThemAll() throws Exception {
        Path file = dataDirectory.resolve("privacykit");
        StoreSettings settings = new StoreSettings("jdbc:h2:file:" + file, "", "", 2);
        int appended = 0;
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            try (JdbcPrivacyStore store = JdbcPrivacyStore.open(settings)) {
                // One commit per record, the worst case: visitors' changes arriving one by one.
                for (int n = 0; n < 1_500; n++) {
                    store.appendConsent(LedgerFixtures.event(++appended));
                }
                long perRecord = settledBytesPerRecord(file, appended);
                assertThat(perRecord).as("bytes per record in cycle %d", cycle).isLessThan(BOUND_PER_RECORD);
                // Appends into the space compaction freed, then a close while chunks were moved.
                for (int n = 0; n < 200; n++) {
                    store.appendConsent(LedgerFixtures.event(++appended));
                }
            }
            try (JdbcPrivacyStore reopened = JdbcPrivacyStore.open(settings)) {
                int expected = appended;
                assertThat(reopened.verifyLedger()).as("cycle %d", cycle)
                        .isInstanceOfSatisfying(LedgerVerification.Intact.class,
                                intact -> assertThat(intact.entries()).isEqualTo(expected));
            }
        }
    }

    /** Waits until the housekeeping brought the file under the bound, or {@link #SETTLE} passed. */
    private static long settledBytesPerRecord(Path file, int records) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        long perRecord = sizeOf(file) / records;
        while (perRecord >= BOUND_PER_RECORD && System.nanoTime() < deadline) {
            Thread.sleep(250);
            perRecord = sizeOf(file) / records;
        }
        return perRecord;
    }

    private static long sizeOf(Path file) throws IOException {
        String prefix = file.getFileName() + ".";
        try (Stream<Path> files = Files.list(file.getParent())) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).mapToLong(f -> f.toFile().length())
                    .sum();
        }
    }
}
