package io.privacykit.store.jdbc;

import io.privacykit.collection.CollectionStore;
import io.privacykit.collection.CollectionStoreProvider;
import io.privacykit.store.PrivacyStore;
import java.util.Optional;

/** Gives the {@link JdbcCollectionStore} beside a {@link JdbcPrivacyStore}, sharing its connection pool. */
public final class JdbcCollectionStoreProvider implements CollectionStoreProvider {

    @Override
    public Optional<CollectionStore> beside(PrivacyStore store) {
        return store instanceof JdbcPrivacyStore jdbc ? Optional.of(jdbc.collectionStore()) : Optional.empty();
    }
}
