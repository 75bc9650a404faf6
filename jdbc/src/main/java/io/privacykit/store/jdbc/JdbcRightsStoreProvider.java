package io.privacykit.store.jdbc;

import io.privacykit.rights.RightsStore;
import io.privacykit.rights.RightsStoreProvider;
import io.privacykit.store.PrivacyStore;
import java.util.Optional;

/** Gives the {@link JdbcRightsStore} beside a {@link JdbcPrivacyStore}, sharing its connection pool. */
public final class JdbcRightsStoreProvider implements RightsStoreProvider {

    /** The provider {@link java.util.ServiceLoader} instantiates. */
    public JdbcRightsStoreProvider() {
    }

    @Override
    public Optional<RightsStore> beside(PrivacyStore store) {
        return store instanceof JdbcPrivacyStore jdbc ? Optional.of(rightsStoreOf(jdbc)) : Optional.empty();
    }

    /** The rights store in {@code store}'s database; closing {@code store} closes its connections. */
    public static JdbcRightsStore rightsStoreOf(JdbcPrivacyStore store) {
        return store.collectionStore().rightsStore();
    }
}
