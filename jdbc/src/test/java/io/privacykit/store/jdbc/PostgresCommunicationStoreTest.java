package io.privacykit.store.jdbc;

import io.privacykit.store.StoreSettings;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The communication store contract on a real PostgreSQL: a new database per test. */
class PostgresCommunicationStoreTest extends CommunicationStoreContract {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Override
    protected StoreSettings freshDatabase() throws Exception {
        return POSTGRES.freshDatabase("communication_");
    }
}
