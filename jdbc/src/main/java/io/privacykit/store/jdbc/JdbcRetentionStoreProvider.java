package io.privacykit.store.jdbc;

import io.privacykit.rights.RetentionStore;
import io.privacykit.rights.RetentionStoreProvider;
import io.privacykit.store.PrivacyStore;
import java.util.Optional;

/** Gives the {@link JdbcRetentionStore} beside a {@link JdbcPrivacyStore}, sharing its connection pool. */
public final class JdbcRetentionStoreProvider implements RetentionStoreProvider {

    /** The provider {@link java.util.ServiceLoader} instantiates. */
    public JdbcRetentionStoreProvider() {
    }

    @Override
    public Optional<RetentionStore> beside(PrivacyStore store) {
        return store instanceof JdbcPrivacyStore jdbc ? Optional.of(retentionStoreOf(jdbc)) : Optional.empty();
    }

    /** The retention store in {@code store}'s database; closing {@code store} closes its connections. */
    public static JdbcRetentionStore retentionStoreOf(JdbcPrivacyStore store) {
        return store.collectionStore().retentionStore();
    }
}
