package io.privacykit.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which locators let a caller keep an answer per address, and for how long: the engine keeps a
 * returning visitor's visit only behind a locator that reads nothing but the address.
 */
class AddressAnswerLifetimeTest {

    private static final GeoLocator DATABASE = query -> Optional.of(new Location("DE", null, LocationSource.DATABASE));
    private static final OverrideGeoLocator OVERRIDES = new OverrideGeoLocator(
            List.of(new LocationOverride(Cidr.parse("10.0.0.0/8"), "US", "CA")));

    @Test
    void aCustomLocatorMayReadAnythingSoNothingIsKeptBehindIt() {
        assertThat(DATABASE.addressAnswerLifetime()).isEmpty();
    }

    @Test
    void theAddressCacheKeepsAnAnswerForItsTimeToLiveUnlessItCachesNothing() {
        assertThat(new CachingGeoLocator(DATABASE, 1_000, Duration.ofMinutes(30)).addressAnswerLifetime())
                .contains(Duration.ofMinutes(30));
        assertThat(new CachingGeoLocator(DATABASE, 0, Duration.ofMinutes(30)).addressAnswerLifetime()).isEmpty();
    }

    @Test
    void configuredRangesHoldForever() {
        assertThat(OVERRIDES.addressAnswerLifetime()).contains(ChronoUnit.FOREVER.getDuration());
    }

    @Test
    void aChainHoldsAsLongAsItsShortestAndNotAtAllBehindACdnHeader() {
        CachingGeoLocator cached = new CachingGeoLocator(DATABASE, 1_000, Duration.ofHours(2));
        assertThat(GeoLocators.chain(OVERRIDES, cached).addressAnswerLifetime()).contains(Duration.ofHours(2));
        assertThat(GeoLocators.chain(new CdnHeaderGeoLocator(Set.of(CdnProvider.CLOUDFLARE)), OVERRIDES, cached)
                .addressAnswerLifetime()).isEmpty();
        assertThat(GeoLocators.chain(OVERRIDES, DATABASE).addressAnswerLifetime()).isEmpty();
        assertThat(GeoLocators.chain().addressAnswerLifetime()).isEmpty();
    }
}
