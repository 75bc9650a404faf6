package io.privacykit.store.jdbc;

import io.privacykit.store.StoreSettings;
import io.privacykit.store.StoreException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Opening a store: the default H2 file, and start-up errors an operator can act on. */
class StoreOpeningTest {

    @TempDir
    Path dataDirectory;

    @Test
    void theDefaultH2FileIsCreatedUnderTheDataDirectory() {
        Path nested = dataDirectory.resolve("not/yet/there");
        try (JdbcPrivacyStore store = JdbcPrivacyStore.open(
                new StoreSettings("jdbc:h2:file:" + nested.resolve("privacykit"), "", "", 2))) {
            assertThat(store.isHealthy()).isTrue();
        }
        assertThat(nested.resolve("privacykit.mv.db")).exists();
    }

    /**
     * In a servlet container DriverManager never loads the drivers of a webapp's {@code WEB-INF/lib}
     * itself: the store registers its driver, and takes it back on close, before the container
     * finds a driver of a stopped webapp still registered (a memory leak it warns about).
     */
    @Test
    void aDriverThatOpeningTheStoreRegisteredIsDeregisteredOnClose() throws SQLException {
        List<Driver> registeredBefore = h2Drivers();
        for (Driver driver : registeredBefore) {
            DriverManager.deregisterDriver(driver); // as in a webapp
        }
        try {
            try (JdbcPrivacyStore store = JdbcPrivacyStore.open(
                    new StoreSettings("jdbc:h2:file:" + dataDirectory.resolve("privacykit"), "", "", 2))) {
                assertThat(store.isHealthy()).isTrue();
                assertThat(h2Drivers()).hasSize(1);
            }
            assertThat(h2Drivers()).isEmpty();
        } finally {
            for (Driver driver : registeredBefore) {
                DriverManager.registerDriver(driver);
            }
        }
    }

    @Test
    void aDriverRegisteredBeforeTheStoreStaysRegistered() {
        List<Driver> registeredBefore = h2Drivers();
        assertThat(registeredBefore).as("DriverManager found H2 on the class path").isNotEmpty();

        JdbcPrivacyStore.open(new StoreSettings("jdbc:h2:file:" + dataDirectory.resolve("privacykit"), "", "", 2))
                .close();

        assertThat(h2Drivers()).isEqualTo(registeredBefore);
    }

    /**
     * Tomcat looks for a stopped webapp's threads right after undeployment and reports any it
     * finds as a leak: closing returns only after the pool's threads and the H2 housekeeping have left.
     */
    @Test
    void closingLeavesNoneOfTheStoresThreadsRunning() {
        for (int i = 0; i < 5; i++) {
            JdbcPrivacyStore store = JdbcPrivacyStore.open(
                    new StoreSettings("jdbc:h2:file:" + dataDirectory.resolve("privacykit"), "", "", 4));
            assertThat(storeThreads()).as("the store's threads while open").isNotEmpty();

            store.close();

            assertThat(storeThreads()).as("the store's threads after close").isEmpty();
        }
    }

    private static List<String> storeThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith(JdbcPrivacyStore.POOL_NAME) || name.startsWith("privacykit-h2")).toList();
    }

    private static List<Driver> h2Drivers() {
        return DriverManager.drivers().filter(d -> d.getClass().getName().equals("org.h2.Driver")).toList();
    }

    @Test
    void anUnreachableDatabaseIsNamedWithoutItsPassword() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/privacy?password=url-secret&ssl=false";

        assertThatThrownBy(() -> JdbcPrivacyStore.open(new StoreSettings(url, "app", "settings-secret", 2)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:" + closedPort + "/privacy?password=***&ssl=false")
                .hasMessageContaining("Connection") // the driver's own words: "Connection to ... refused"
                .hasMessageNotContaining("url-secret")
                .hasMessageNotContaining("settings-secret")
                .hasCauseInstanceOf(RuntimeException.class);
    }

    @Test
    void anH2FileThatCannotBeCreatedIsNamed() throws Exception {
        Path notADirectory = Files.writeString(dataDirectory.resolve("a-file"), "x");
        String url = "jdbc:h2:file:" + notADirectory.resolve("privacykit");

        assertThatThrownBy(() -> JdbcPrivacyStore.open(new StoreSettings(url, "", "", 2)))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("Cannot open the PrivacyKit store at " + url + ": ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:h2:file:/var/lib/app/privacykit                       | jdbc:h2:file:/var/lib/app/privacykit",
            "jdbc:h2:file:./data/pk;PASSWORD=hunter2;MODE=PostgreSQL     | jdbc:h2:file:./data/pk;PASSWORD=***;MODE=PostgreSQL",
            "jdbc:postgresql://db:5432/pk?user=app&password=hunter2      | jdbc:postgresql://db:5432/pk?user=app&password=***",
            "jdbc:postgresql://db/pk?password=hunter2                    | jdbc:postgresql://db/pk?password=***",
            "jdbc:postgresql://app:hunter2@db:5432/pk                    | jdbc:postgresql://app:***@db:5432/pk",
    })
    void passwordsAreRedactedFromUrls(String url, String redacted) {
        assertThat(JdbcPrivacyStore.redact(url)).isEqualTo(redacted);
    }
}
