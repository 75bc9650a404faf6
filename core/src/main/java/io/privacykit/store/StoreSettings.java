package io.privacykit.store;

import io.privacykit.consent.LedgerSettings;
import java.util.Objects;

/**
 * Where PrivacyKit keeps its records ({@code privacy.store.*}): an H2 file under the data
 * directory by default, or a PostgreSQL database shared by several app instances.
 *
 * @param url          the JDBC URL ({@code jdbc:h2:file:...} or {@code jdbc:postgresql://...})
 * @param user         the database user, may be empty
 * @param password     the database password, may be empty; never logged
 * @param maxPoolSize  the most connections the pool opens
 * @param ledger       how the ledger is sealed and checked ({@code privacy.ledger.*})
 */
public record StoreSettings(String url, String user, String password, int maxPoolSize, LedgerSettings ledger) {
    public StoreSettings {
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(url, "url");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1: " + maxPoolSize);
        }
    }

    /** Settings of an unkeyed ledger ({@link LedgerSettings#UNKEYED}), as for tools and tests. */
    public StoreSettings(String url, String user, String password, int maxPoolSize) {
        this(url, user, password, maxPoolSize, LedgerSettings.UNKEYED);
    }

    /** These settings with other ledger settings. */
    public StoreSettings withLedger(LedgerSettings settings) {
        return new StoreSettings(url, user, password, maxPoolSize, settings);
    }

    /** The password is never printed. */
    @Override
    public String toString() {
        return "StoreSettings[url=" + url + ", user=" + user + ", maxPoolSize=" + maxPoolSize + ", ledgerKeys="
                + ledger.keys().ids() + "]";
    }
}
