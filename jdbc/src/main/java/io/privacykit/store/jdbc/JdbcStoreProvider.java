package io.privacykit.store.jdbc;

import io.privacykit.store.PrivacyStore;
import io.privacykit.store.PrivacyStoreProvider;
import io.privacykit.store.StoreSettings;

/** Opens the JDBC store (H2 or PostgreSQL) that {@code privacy.store.*} names. */
public final class JdbcStoreProvider implements PrivacyStoreProvider {

    @Override
    public PrivacyStore open(StoreSettings settings) {
        return JdbcPrivacyStore.open(settings);
    }
}
