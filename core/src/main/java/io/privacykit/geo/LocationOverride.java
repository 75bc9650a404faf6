package io.privacykit.geo;

import java.util.Objects;

/**
 * A configured location for a range of addresses, for private networks and tests: for example
 * {@code 10.1.0.0/16=DE} or {@code 192.168.7.0/24=US-CA}.
 */
public record LocationOverride(Cidr range, String country, String region) {
    public LocationOverride {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(country, "country");
    }

    /** The location this override assigns. */
    public Location location() {
        return new Location(country, region, LocationSource.OVERRIDE);
    }
}
