package io.privacykit.geo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static io.privacykit.geo.GeoTestData.ip;
import static org.assertj.core.api.Assertions.assertThat;

/** Configured overrides: the most specific range wins, whatever the configuration order. */
class OverrideGeoLocatorTest {

    private final OverrideGeoLocator overrides = new OverrideGeoLocator(List.of(
            override("0.0.0.0/0", "BR", null),
            override("10.0.0.0/8", "DE", null),
            override("10.1.0.0/16", "US", "CA"),
            override("10.1.2.0/24", "CA", "QC"),
            override("10.1.2.3", "AR", null),
            override("10.9.0.0/16", "FR", null),
            override("10.9.0.0/16", "ES", null),
            override("2001:db8::/32", "GB", "SCT"),
            override("2001:db8:1::/48", "CH", null)));

    @ParameterizedTest(name = "{0} -> {1}/{2}")
    @CsvSource(nullValues = "-", value = {
            "10.1.2.3,        AR, -",
            "10.1.2.4,        CA, QC",
            "10.1.3.4,        US, CA",
            "10.2.0.1,        DE, -",
            "81.2.69.142,     BR, -",
            "::ffff:10.1.2.4, CA, QC",
            "10.9.1.1,        FR, -",
            "2001:db8:1::5,   CH, -",
            "2001:db8:2::5,   GB, SCT",
            "2001:218::1,     -,  -",
    })
    void longestPrefixWins(String address, String country, String region) {
        assertThat(overrides.locate(GeoQuery.of(ip(address)))).isEqualTo(country == null ? Optional.empty()
                : Optional.of(new Location(country, region, LocationSource.OVERRIDE)));
    }

    @ParameterizedTest(name = "no overrides: {0} unknown")
    @CsvSource({"10.1.2.3", "::1"})
    void noOverridesPlaceNobody(String address) {
        assertThat(new OverrideGeoLocator(List.of()).locate(GeoQuery.of(ip(address)))).isEmpty();
    }

    private static LocationOverride override(String range, String country, String region) {
        return new LocationOverride(Cidr.parse(range), country, region);
    }
}
