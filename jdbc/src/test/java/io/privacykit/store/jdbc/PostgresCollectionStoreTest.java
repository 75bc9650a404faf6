package io.privacykit.store.jdbc;

import io.privacykit.store.StoreSettings;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The collection store contract on a real PostgreSQL (14, without MERGE): a new database per test. */
class PostgresCollectionStoreTest extends CollectionStoreContract {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Override
    protected StoreSettings freshDatabase() throws Exception {
        return POSTGRES.freshDatabase("collection_");
    }
}
