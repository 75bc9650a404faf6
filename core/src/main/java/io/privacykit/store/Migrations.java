package io.privacykit.store;

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
 * {@code db/migration/common}, plus {@code db/migration/<vendor>} ({@code h2}, {@code postgresql})
 * when a migration needs a vendor's own SQL.
 */
final class Migrations {

    /** Kept apart from an app's own Flyway history when the app shares its database. */
    static final String HISTORY_TABLE = "privacykit_schema_history";

    private Migrations() {
    }

    /**
     * Migrates through the store's own connections and returns the schema version now in place.
     * Flyway holds two connections at once, so a pool of one would wait for itself: it gets its
     * own, opened from the settings, and {@code pool} only tells which database this is.
     */
    static String migrate(StoreSettings settings, DataSource pool) {
        return migrate(Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(settings.url(), settings.user(), settings.password()), pool);
    }

    /** Migrates through an app's data source (it must allow two connections at once). */
    static String migrate(DataSource dataSource) {
        return migrate(Flyway.configure(Migrations.class.getClassLoader()).dataSource(dataSource), dataSource);
    }

    private static String migrate(FluentConfiguration configuration, DataSource dataSource) {
        List<String> locations = new ArrayList<>(List.of("classpath:db/migration/common"));
        String vendorFolder = "db/migration/" + vendor(dataSource);
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
