package io.privacykit.store.jdbc;

import io.privacykit.store.StoreSettings;
import io.privacykit.consent.LedgerEntry;
import io.privacykit.consent.LedgerFixtures;

/**
 * A separate JVM for {@link H2DurabilityTest}: appends to the ledger at the given URL without end,
 * printing each sequence number once {@code appendConsent} has returned (acknowledged). With two
 * more arguments, {@code batch} and {@code pauseMillis}, it pauses after every batch of appends,
 * long enough for the store's housekeeping to rewrite and move the file's chunks.
 */
public final class AppendingProcess {

    private AppendingProcess() {
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) {
        try (JdbcPrivacyStore store = JdbcPrivacyStore.open(new StoreSettings(args[0], "", "", 1))) {
            int batch = args.length > 2 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
            long pause = args.length > 2 ? Long.parseLong(args[2]) : 0;
            for (int n = 1; ; n++) {
                LedgerEntry entry = store.appendConsent(LedgerFixtures.event(n));
                System.out.println(entry.sequence());
                System.out.flush();
                if (n % batch == 0) {
                    pause(pause);
                }
            }
        }
    }
}
