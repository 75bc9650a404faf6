package io.privacykit.geo;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Places addresses in configured ranges ({@code privacy.geo.overrides}), for private networks and
 * tests. When ranges overlap the most specific (longest prefix) wins; among equal prefixes, the
 * one configured first.
 */
public final class OverrideGeoLocator implements GeoLocator {

    private final LocationOverride[] overrides;
    private final Location[] locations;

    /** A locator for {@code overrides}. */
    public OverrideGeoLocator(List<LocationOverride> overrides) {
        List<LocationOverride> sorted = new ArrayList<>(overrides);
        sorted.sort(Comparator.comparingInt((LocationOverride o) -> o.range().prefixLength()).reversed());
        this.overrides = sorted.toArray(new LocationOverride[0]);
        this.locations = sorted.stream().map(LocationOverride::location).toArray(Location[]::new);
    }

    @Override
    public Optional<Location> locate(GeoQuery query) {
        for (int i = 0; i < overrides.length; i++) {
            if (overrides[i].range().contains(query.client())) {
                return Optional.of(locations[i]);
            }
        }
        return Optional.empty();
    }

    /** Forever: the ranges are configuration, and only the address is matched against them. */
    @Override
    public Optional<Duration> addressAnswerLifetime() {
        return Optional.of(ChronoUnit.FOREVER.getDuration());
    }
}
