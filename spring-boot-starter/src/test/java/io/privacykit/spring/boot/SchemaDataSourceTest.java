package io.privacykit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.store.jdbc.JdbcPrivacyStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class SchemaDataSourceTest {

    @Test
    void keepsPrivacyKitsTablesInTheirOwnSchemaAndPutsTheConnectionsSchemaBack() throws Exception {
        JdbcDataSource app = new JdbcDataSource();
        app.setURL("jdbc:h2:mem:schema-test;DB_CLOSE_DELAY=-1");
        try (Connection keepAlive = app.getConnection()) {
            JdbcPrivacyStore store = JdbcPrivacyStore.open(SchemaDataSource.create(app, "privacykit"));
            assertThat(store.isHealthy()).isTrue();
            assertThat(tables(keepAlive, "PUBLIC")).isEmpty();
            assertThat(tables(keepAlive, "PRIVACYKIT")).contains("privacykit_schema_history");
            try (Connection connection = SchemaDataSource.create(app, "privacykit").getConnection()) {
                assertThat(connection.getSchema()).isEqualTo("PRIVACYKIT");
            }
            store.close();
            assertThat(keepAlive.getSchema()).isEqualTo("PUBLIC");
        }
    }

    @Test
    void doesTheSameOnPostgresql() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            DataSource app = postgres.getPostgresDatabase();
            try (JdbcPrivacyStore store = JdbcPrivacyStore.open(SchemaDataSource.create(app, "privacykit"));
                 Connection connection = app.getConnection()) {
                assertThat(store.isHealthy()).isTrue();
                assertThat(tables(connection, "public")).isEmpty();
                assertThat(tables(connection, "privacykit")).contains("privacykit_schema_history");
                assertThat(connection.getSchema()).isEqualTo("public");
            }
        }
    }

    private static List<String> tables(Connection connection, String schema) throws Exception {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = connection.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME"));
            }
        }
        return names;
    }
}
