package io.privacykit.rights;

import io.privacykit.store.PrivacyStore;
import java.util.Optional;

/**
 * Gives the {@link RetentionStore} that lives beside a {@link PrivacyStore}, in its database. Found
 * with {@link java.util.ServiceLoader}; {@code io.privacykit:privacykit-jdbc} provides the JDBC one.
 */
public interface RetentionStoreProvider {

    /** The retention store sharing {@code store}'s database, or empty when {@code store} is not this provider's kind. */
    Optional<RetentionStore> beside(PrivacyStore store);
}
