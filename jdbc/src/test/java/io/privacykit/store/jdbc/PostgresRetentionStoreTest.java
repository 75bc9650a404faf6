package io.privacykit.store.jdbc;

import io.privacykit.store.StoreSettings;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The retention contract on a real PostgreSQL: two instances' pools on one new database per test. */
class PostgresRetentionStoreTest extends RetentionStoreContract {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Override
    protected StoreSettings freshDatabase() throws Exception {
        return POSTGRES.freshDatabase("retention_");
    }
}
