package io.privacykit.store.jdbc;

import io.privacykit.store.StoreSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

/** A real PostgreSQL server for a test class (zonky's embedded binaries), handing out a new database per test. */
final class PostgresServer implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static PostgresServer start() throws Exception {
        return new PostgresServer(EmbeddedPostgres.builder().start());
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

    @Override
    public void close() throws Exception {
        postgres.close();
    }
}
