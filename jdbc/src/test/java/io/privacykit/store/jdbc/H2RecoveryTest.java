package io.privacykit.store.jdbc;

import static io.privacykit.consent.LedgerFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.consent.LedgerVerification;
import io.privacykit.store.StoreSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store whose database went away under it recovers without a restart. H2 closes its database
 * after a failed write (a full disk, say); before, the pool kept handing out connections to the
 * closed database and every consent was refused until the app restarted.
 */
class H2RecoveryTest {

    @TempDir
    Path dataDirectory;

    @Test
    void aClosedH2DatabaseIsReopenedByTheNextAppend() throws Exception {
        String url = "jdbc:h2:file:" + dataDirectory.resolve("privacykit");
        try (JdbcPrivacyStore store = JdbcPrivacyStore.open(new StoreSettings(url, "", "", 4))) {
            store.appendConsent(event(1));
            store.appendConsent(event(2)); // every pooled connection has been used

            closeDatabaseUnderneath(url);

            assertThat(store.appendConsent(event(3)).sequence()).isEqualTo(3);
            assertThat(store.appendConsent(event(4)).sequence()).isEqualTo(4);
            assertThat(store.verifyLedger()).isInstanceOf(LedgerVerification.Intact.class);
            assertThat(store.isHealthy()).isTrue();
        }
    }

    @Test
    void manyClosuresInARowAreEachSurvived() throws Exception {
        String url = "jdbc:h2:file:" + dataDirectory.resolve("privacykit");
        try (JdbcPrivacyStore store = JdbcPrivacyStore.open(new StoreSettings(url, "", "", 4))) {
            for (int n = 1; n <= 5; n++) {
                store.appendConsent(event(n));
                closeDatabaseUnderneath(url);
            }
            assertThat(store.consentHistory("consent-5")).hasSize(1);
            assertThat(store.ledger(0, 100)).hasSize(5);
        }
    }

    /** What H2 does to itself after a fatal write error: the database closes, its sessions die. */
    private static void closeDatabaseUnderneath(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN IMMEDIATELY");
        } catch (java.sql.SQLException expected) {
            // H2 may report the shutdown itself as the connection closing
        }
    }
}
