package io.privacykit.store.jdbc;

import io.privacykit.store.StoreSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.consent.LedgerVerification;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "No acknowledged consent change is ever lost" (docs/architecture.md, reliability) on the embedded
 * default: a process killed without warning (SIGKILL) right after acknowledging appends keeps them all.
 */
class H2DurabilityTest {

    private static final int ACKNOWLEDGED = 300;

    @TempDir
    Path dataDirectory;

    @Test
    void everyAcknowledgedAppendSurvivesAKilledProcess() throws Exception {
        killAfterAcknowledging(ACKNOWLEDGED);
    }

    /**
     * The child pauses after every 700 appends, long enough for H2 to let chunks go and for the
     * housekeeping to rewrite and move them; it is killed in its third batch, while the space
     * compaction freed is being written again.
     */
    @Test
    void everyAcknowledgedAppendSurvivesAKillAfterTheFileWasCompacted() throws Exception {
        killAfterAcknowledging(1_800, "700", String.valueOf(H2Housekeeping.RETENTION_MILLIS + 2_000));
    }

    private void killAfterAcknowledging(long expected, String... pauses) throws Exception {
        String url = "jdbc:h2:file:" + dataDirectory.resolve("privacykit");
        Path errors = dataDirectory.resolve("child-stderr.txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                AppendingProcess.class.getName(), url));
        command.addAll(List.of(pauses));
        Process child = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        long acknowledged = 0;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while (acknowledged < expected && (line = out.readLine()) != null) {
                acknowledged = Long.parseLong(line.trim());
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(1, TimeUnit.MINUTES);
        }
        assertThat(acknowledged).as("appends acknowledged before the kill; the child said: %s",
                Files.readString(errors)).isEqualTo(expected);

        try (JdbcPrivacyStore store = JdbcPrivacyStore.open(new StoreSettings(url, "", "", 1))) {
            assertThat(store.verifyLedger()).isInstanceOfSatisfying(LedgerVerification.Intact.class,
                    intact -> assertThat(intact.entries()).isGreaterThanOrEqualTo(expected));
        }
    }
}
