package io.privacykit.geo.maxmind;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.geo.GeoQuery;
import io.privacykit.geo.IpLiteral;
import io.privacykit.geo.Location;
import io.privacykit.geo.LocationSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GeoIP files change weekly under a running app. Before, a file overwritten in place made every
 * lookup fail with {@code InternalError} (a 500 for each request) until a restart.
 */
class WatchedGeoDatabaseTest {

    static final Path CITY = Path.of(System.getProperty("privacykit.test.geolite2.city"));
    static final Path COUNTRY = Path.of(System.getProperty("privacykit.test.geolite2.country"));
    static final GeoQuery GERMANY = GeoQuery.of(IpLiteral.parse("2.207.0.1").orElseThrow());

    @TempDir
    Path dir;

    @Test
    void aFileRenamedOverTheOldOneIsPickedUpAtTheNextCheck() throws Exception {
        Path file = Files.copy(CITY, dir.resolve("GeoLite2.mmdb"));
        try (WatchedGeoDatabase database = new WatchedGeoDatabase(file, Duration.ZERO)) {
            assertThat(database.locate(GERMANY)).contains(new Location("DE", "BY", LocationSource.DATABASE));

            // geoipupdate's way: write the new file aside, rename it over the old one.
            Path fresh = Files.copy(COUNTRY, dir.resolve("GeoLite2.mmdb.new"));
            Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

            assertThat(database.locate(GERMANY)).contains(Location.of("DE", LocationSource.DATABASE));
            assertThat(database.databaseType()).isEqualTo("GeoLite2-Country");
        }
    }

    @Test
    void aFileOverwrittenInPlaceNeverThrowsAndIsReopened() throws Exception {
        Path file = Files.copy(CITY, dir.resolve("GeoLite2.mmdb"));
        try (WatchedGeoDatabase database = new WatchedGeoDatabase(file, Duration.ofDays(1))) {
            assertThat(database.locate(GERMANY)).isPresent();

            // Same inode, shorter content: the old mapping now points past the end of the file.
            Files.write(file, Files.readAllBytes(COUNTRY), StandardOpenOption.TRUNCATE_EXISTING);

            // Each lookup answers (unknown at worst) and the file is reopened without waiting a day.
            IntStream.range(0, 50).forEach(i -> database.locate(GeoQuery.of(IpLiteral.parse("81.2.69." + i).orElseThrow())));
            Optional<Location> after = database.locate(GERMANY);
            assertThat(after).contains(Location.of("DE", LocationSource.DATABASE));
        }
    }

    @Test
    void aChangedFileThatCannotBeOpenedKeepsTheOneOpen() throws Exception {
        Path file = Files.copy(CITY, dir.resolve("GeoLite2.mmdb"));
        try (WatchedGeoDatabase database = new WatchedGeoDatabase(file, Duration.ZERO)) {
            Path broken = Files.writeString(dir.resolve("broken"), "not a MaxMind database");
            Files.move(broken, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

            assertThat(database.locate(GERMANY)).contains(new Location("DE", "BY", LocationSource.DATABASE));
        }
    }
}
