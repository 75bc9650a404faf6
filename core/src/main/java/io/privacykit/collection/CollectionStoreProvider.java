package io.privacykit.collection;

import io.privacykit.store.PrivacyStore;
import java.util.Optional;

/**
 * Gives the {@link CollectionStore} that lives beside a {@link PrivacyStore}, in its database.
 * Found with {@link java.util.ServiceLoader} through {@code io.privacykit.internal.Providers};
 * {@code io.privacykit:privacykit-jdbc} provides the JDBC one.
 */
public interface CollectionStoreProvider {

    /** The collection store sharing {@code store}'s database, or empty when {@code store} is not this provider's kind. */
    Optional<CollectionStore> beside(PrivacyStore store);
}
