package io.privacykit.geo;

import io.privacykit.geo.maxmind.MaxMindGeoLocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static io.privacykit.geo.GeoTestData.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The MaxMind locator on the pinned GeoLite2 City and Country files (build 2019-12-24). */
class MaxMindGeoLocatorTest {

    private static MaxMindGeoLocator city;
    private static MaxMindGeoLocator country;

    @BeforeAll
    static void open() {
        city = MaxMindGeoLocator.open(GeoTestData.city());
        country = MaxMindGeoLocator.open(GeoTestData.country());
    }

    @AfterAll
    static void close() {
        city.close();
        country.close();
    }

    @Test
    void picksTheLookupByTheDatabaseTypeInTheMetadata() {
        assertThat(city.databaseType()).isEqualTo("GeoLite2-City");
        assertThat(country.databaseType()).isEqualTo("GeoLite2-Country");
    }

    /** Region is the first (largest) subdivision: England, not Cambridgeshire; a US state; a province. */
    @ParameterizedTest(name = "{0} -> {1}/{2}")
    @CsvSource(nullValues = "-", value = {
            "81.2.69.142,     GB, OXF",
            "2.125.160.216,   GB, BFS",
            "128.95.1.1,      US, WA",
            "128.101.101.101, US, MN",
            "8.8.8.8,         US, -",
            "24.48.0.1,       CA, QC",
            "89.160.20.112,   SE, AB",
            "2a02:8109::,     DE, -",
            "2001:218::,      JP, -",
            "200.160.2.3,     BR, -",
            "181.0.0.1,       AR, -",
            "::ffff:81.2.69.142, GB, OXF",
    })
    void cityFileGivesCountryAndMostSpecificSubdivision(String address, String expectedCountry, String expectedRegion) {
        assertThat(city.locate(GeoQuery.of(ip(address))))
                .contains(new Location(expectedCountry, expectedRegion, LocationSource.DATABASE));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "81.2.69.142,   GB",
            "216.160.83.56, US",
            "24.48.0.1,     CA",
            "2001:218::,    JP",
            "213.150.0.1,   AT",
    })
    void countryFileGivesCountryOnly(String address, String expectedCountry) {
        assertThat(country.locate(GeoQuery.of(ip(address))))
                .contains(Location.of(expectedCountry, LocationSource.DATABASE));
    }

    @ParameterizedTest(name = "{0} is not in the database")
    @CsvSource({"10.0.0.1", "192.168.1.1", "127.0.0.1", "::1", "192.0.2.1", "203.0.113.5", "2001:db8::1", "fe80::1"})
    void privateAndDocumentationAddressesAreUnknown(String address) {
        assertThat(city.locate(ip(address))).isEmpty();
        assertThat(country.locate(ip(address))).isEmpty();
    }

    @Test
    void aClosedReaderAnswersEmptyInsteadOfThrowing() {
        MaxMindGeoLocator closed = MaxMindGeoLocator.open(GeoTestData.country());
        closed.close();
        assertThat(closed.locate(ip("81.2.69.142"))).isEqualTo(Optional.empty());
    }

    @Test
    void aMissingFileIsExplainedWithThePathAndTheFix(@TempDir Path dir) {
        Path missing = dir.resolve("nope.mmdb");
        assertThatThrownBy(() -> MaxMindGeoLocator.open(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("privacy.geo.database")
                .hasMessageContaining("GeoIP2/GeoLite2 City or Country");
    }

    @Test
    void aFileThatIsNotADatabaseIsExplainedWithThePathAndTheFix(@TempDir Path dir) throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.mmdb"), "this is not a MaxMind database");
        assertThatThrownBy(() -> MaxMindGeoLocator.open(garbage))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(garbage.toString())
                .hasMessageContaining("privacy.geo.database");
    }
}
