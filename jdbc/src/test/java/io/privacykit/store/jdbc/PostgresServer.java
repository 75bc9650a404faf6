package io.privacykit.store.jdbc;

import io.privacykit.store.StoreSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for a test class (zonky's embedded binaries), started before its tests
 * and stopped after them, handing out a new database per test. A test class registers it with
 * {@code @RegisterExtension static final PostgresServer POSTGRES = new PostgresServer();}.
 */
final class PostgresServer implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedPostgres postgres;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    /** The settings of a new, empty database whose name starts with {@code prefix}. */
    StoreSettings freshDatabase(String prefix) throws Exception {
        String name = prefix + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return new StoreSettings(postgres.getJdbcUrl("postgres", name), "postgres", "", 4);
    }
}
