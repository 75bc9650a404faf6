package io.privacykit.communication;

import io.privacykit.store.PrivacyStore;
import java.util.Optional;

/**
 * Gives the {@link CommunicationStore} that lives beside a {@link PrivacyStore}, in its database.
 * Found with {@link java.util.ServiceLoader} through PrivacyKit's provider lookup;
 * {@code io.privacykit:privacykit-jdbc} provides the JDBC one.
 */
public interface CommunicationStoreProvider {

    /** The communication store sharing {@code store}'s database, or empty when {@code store} is not this provider's kind. */
    Optional<CommunicationStore> beside(PrivacyStore store);
}
