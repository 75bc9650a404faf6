package io.privacykit.geo;

import io.privacykit.geo.maxmind.MaxMindGeoLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.privacykit.geo.GeoTestData.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The standard chain: trusted CDN headers, then overrides, then the cached database, on the real City file. */
class GeoLocatorsTest {

    private static final RequestHeaders CLOUDFRONT_SAYS_FRANCE =
            RequestHeaders.of(Map.of("CloudFront-Viewer-Country", List.of("FR")));

    @ParameterizedTest(name = "{0} trusted={1} cdn={2} -> {3}/{4} from {5}")
    @CsvSource(nullValues = "-", value = {
            // The CDN header wins, but only from a trusted proxy.
            "81.2.69.142,   true,  true,  FR, -,   HEADER",
            "81.2.69.142,   false, true,  GB, OXF, DATABASE",
            "10.1.2.3,      true,  true,  FR, -,   HEADER",
            // Overrides come before the database.
            "10.1.2.3,      false, false, DE, BY,  OVERRIDE",
            "81.2.69.0,     false, false, CH, -,   OVERRIDE",
            // Then the database.
            "128.95.1.1,    false, false, US, WA,  DATABASE",
            "2001:218::,    false, false, JP, -,   DATABASE",
    })
    void headersThenOverridesThenDatabase(String address, boolean fromTrustedProxy, boolean cdnHeader,
                                          String country, String region, LocationSource source) {
        try (GeoLocatorChain chain = GeoLocators.standard(settings(Optional.of(GeoTestData.city())))) {
            GeoQuery query = new GeoQuery(ip(address), fromTrustedProxy,
                    cdnHeader ? CLOUDFRONT_SAYS_FRANCE : RequestHeaders.none());

            assertThat(chain.locate(query)).contains(new Location(country, region, source));
        }
    }

    @Test
    void anAddressNobodyPlacesIsEmptyAndTheDatabaseAnswerIsCached() {
        try (GeoLocatorChain chain = GeoLocators.standard(settings(Optional.of(GeoTestData.city())))) {
            assertThat(chain.locate(GeoQuery.of(ip("192.168.1.1")))).isEmpty();
            assertThat(chain.locate(GeoQuery.of(ip("192.168.1.1")))).isEmpty();
            assertThat(chain.locate(GeoQuery.of(ip("216.160.83.56")))).isPresent();

            assertThat(chain.cacheStats()).contains(new GeoCacheStats(1, 2, 0, 2));
            assertThat(chain.locators()).hasSize(3).last().isInstanceOf(CachingGeoLocator.class);
        }
    }

    @Test
    void worksWithACountryFile() {
        try (GeoLocatorChain chain = GeoLocators.standard(settings(Optional.of(GeoTestData.country())))) {
            assertThat(chain.locate(GeoQuery.of(ip("216.160.83.56"))))
                    .contains(Location.of("US", LocationSource.DATABASE));
        }
    }

    @Test
    void withoutADatabaseTheFailureSaysWhatToDo() {
        assertThatThrownBy(() -> GeoLocators.standard(settings(Optional.empty())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No GeoIP database is configured")
                .hasMessageContaining("privacy.geo.database")
                .hasMessageContaining("PRIVACY_GEO_DATABASE")
                .hasMessageContaining("GeoIP2/GeoLite2 City or Country")
                .hasMessageContaining("geoipupdate");
    }

    @Test
    void aMissingDatabaseFileNamesThePath() {
        Path missing = Path.of("/nonexistent/GeoLite2-City.mmdb");
        assertThatThrownBy(() -> GeoLocators.standard(settings(Optional.of(missing))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("privacy.geo.database");
    }

    @Test
    void chainSkipsLocatorsThatCannotTellOrThrow() {
        GeoLocator broken = query -> {
            throw new IllegalStateException("broken");
        };
        GeoLocator unknown = query -> Optional.of(Location.UNKNOWN);
        GeoLocator germany = query -> Optional.of(Location.of("DE", LocationSource.OVERRIDE));

        try (GeoLocatorChain chain = GeoLocators.chain(broken, unknown, query -> Optional.empty(), germany)) {
            assertThat(chain.locate(GeoQuery.of(ip("81.2.69.142"))))
                    .contains(Location.of("DE", LocationSource.OVERRIDE));
            assertThat(chain.cacheStats()).isEmpty();
        }
        try (GeoLocatorChain empty = GeoLocators.chain()) {
            assertThat(empty.locate(GeoQuery.of(ip("81.2.69.142")))).isEmpty();
        }
    }

    @Test
    void closingTheChainClosesTheDatabase() {
        GeoLocatorChain chain = GeoLocators.standard(settings(Optional.of(GeoTestData.city())));
        chain.close();

        // A closed reader answers nothing rather than throwing.
        assertThat(chain.locate(GeoQuery.of(ip("216.160.83.56")))).isEmpty();
    }

    private static GeoSettings settings(Optional<Path> database) {
        return new GeoSettings(database, List.of(Cidr.parse("10.0.0.0/8")), ForwardedHeader.X_FORWARDED_FOR,
                Set.of(CdnProvider.CLOUDFRONT),
                List.of(new LocationOverride(Cidr.parse("10.1.0.0/16"), "DE", "BY"),
                        new LocationOverride(Cidr.parse("81.2.69.0/31"), "CH", null)),
                1000, Duration.ofMinutes(30));
    }
}
