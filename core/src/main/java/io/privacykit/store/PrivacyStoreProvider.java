package io.privacykit.store;

/**
 * Opens the {@link PrivacyStore} that {@code privacy.store.*} describes. Found with
 * {@link java.util.ServiceLoader} by {@link io.privacykit.PrivacyEngine#open};
 * {@code io.privacykit:privacykit-jdbc} provides the JDBC store (H2, PostgreSQL).
 */
public interface PrivacyStoreProvider {

    /**
     * Opens and migrates the store; the caller closes it.
     *
     * @throws StoreException when the database cannot be reached or migrated
     */
    PrivacyStore open(StoreSettings settings);
}
