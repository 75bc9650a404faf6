package io.privacykit.store.jdbc;

import static io.privacykit.consent.LedgerFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.store.StoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded ledger is readable by the app's user only (before: a 0644 file in a 0755 directory). */
class H2FilePermissionsTest {

    @TempDir
    Path root;

    @Test
    void theDataDirectoryAndTheDatabaseFileAreOwnerOnly() throws Exception {
        Path dataDirectory = root.resolve("privacykit-data");
        try (JdbcPrivacyStore store = JdbcPrivacyStore.open(
                new StoreSettings("jdbc:h2:file:" + dataDirectory.resolve("privacykit"), "", "", 2))) {
            store.appendConsent(event(1));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDirectory))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDirectory.resolve("privacykit.mv.db"))))
                .isEqualTo("rw-------");
    }
}
