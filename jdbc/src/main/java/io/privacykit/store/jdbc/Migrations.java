package io.privacykit.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Brings a database's PrivacyKit schema up to date: the portable migrations in
 * {@code io/privacykit/store/jdbc/migration/common}, plus {@code .../migration/<vendor>} ({@code h2},
 * {@code postgresql}) when a migration needs a vendor's own SQL. They live outside {@code db/migration}
 * and keep their own history table, so an app's Flyway never sees them and PrivacyKit's never sees the app's.
 */
final class Migrations {

    /** Kept apart from an app's own Flyway history when the app shares its database. */
    static final String HISTORY_TABLE = "privacykit_schema_history";
    /** Where the migrations are: not Flyway's default {@code db/migration}, which an app's Flyway scans. */
    static final String LOCATION = "io/privacykit/store/jdbc/migration";

    private Migrations() {
    }

    /** Migrates through an app's data source (it must allow two connections at once). */
    static String migrate(DataSource dataSource) {
        return migrate(Flyway.configure(Migrations.class.getClassLoader()).dataSource(dataSource), dataSource);
    }

    /** Migrates up to {@code target} only: how tests make a database of an older version. */
    static String migrate(DataSource dataSource, String target) {
        return migrate(Flyway.configure(Migrations.class.getClassLoader()).dataSource(dataSource)
                .target(MigrationVersion.fromVersion(target)), dataSource);
    }

    private static String migrate(FluentConfiguration configuration, DataSource dataSource) {
        List<String> locations = new ArrayList<>(List.of("classpath:" + LOCATION + "/common"));
        String vendorFolder = LOCATION + "/" + vendor(dataSource);
        if (Migrations.class.getClassLoader().getResource(vendorFolder) != null) {
            locations.add("classpath:" + vendorFolder);
        }
        Flyway flyway = configuration
                .locations(locations.toArray(String[]::new))
                .table(HISTORY_TABLE)
                // An app's database may hold its own tables already: start our history before V1.
                .baselineOnMigrate(true)
                .baselineVersion(MigrationVersion.fromVersion("0"))
                .load();
        flyway.migrate();
        var current = flyway.info().current();
        return current == null ? "none" : current.getVersion().getVersion();
    }

    private static String vendor(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            return product.replaceAll("[^a-z0-9]", "");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect: " + e.getMessage(), e);
        }
    }
}
