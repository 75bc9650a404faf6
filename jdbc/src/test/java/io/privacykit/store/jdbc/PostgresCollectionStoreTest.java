package io.privacykit.store.jdbc;

import io.privacykit.store.StoreSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The collection store contract on a real PostgreSQL (14, without MERGE): a new database per test. */
class PostgresCollectionStoreTest extends CollectionStoreContract {

    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    protected StoreSettings freshDatabase() throws Exception {
        return postgres.freshDatabase("collection_");
    }
}
