package io.privacykit.store.jdbc;

import io.privacykit.communication.CommunicationStore;
import io.privacykit.communication.CommunicationStoreProvider;
import io.privacykit.store.PrivacyStore;
import java.util.Optional;

/** Gives the {@link JdbcCommunicationStore} beside a {@link JdbcPrivacyStore}, sharing its connection pool. */
public final class JdbcCommunicationStoreProvider implements CommunicationStoreProvider {

    @Override
    public Optional<CommunicationStore> beside(PrivacyStore store) {
        return store instanceof JdbcPrivacyStore jdbc ? Optional.of(jdbc.communicationStore()) : Optional.empty();
    }
}
