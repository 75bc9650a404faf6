package io.privacykit.store.jdbc;

import io.privacykit.store.StoreSettings;
import io.privacykit.consent.LedgerEntry;
import io.privacykit.consent.LedgerFixtures;

/**
 * A separate JVM for {@link H2DurabilityTest}: appends to the ledger at the given URL without end,
 * printing each sequence number once {@code appendConsent} has returned (acknowledged).
 */
public final class AppendingProcess {

    private AppendingProcess() {
    }

    public static void main(String[] args) {
        try (JdbcPrivacyStore store = JdbcPrivacyStore.open(new StoreSettings(args[0], "", "", 1))) {
            for (int n = 1; ; n++) {
                LedgerEntry entry = store.appendConsent(LedgerFixtures.event(n));
                System.out.println(entry.sequence());
                System.out.flush();
            }
        }
    }
}
