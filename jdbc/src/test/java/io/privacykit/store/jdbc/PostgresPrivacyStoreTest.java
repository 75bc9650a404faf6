package io.privacykit.store.jdbc;

import io.privacykit.store.StoreSettings;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on a real PostgreSQL server: one server for the class, a new database per test. */
class PostgresPrivacyStoreTest extends PrivacyStoreContract {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Override
    protected StoreSettings freshDatabase() throws Exception {
        return POSTGRES.freshDatabase("store_");
    }
}
