package io.privacykit.geo;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a visitor is: an ISO 3166-1 alpha-2 country and, when known, the ISO 3166-2 subdivision
 * code without the country prefix (for example {@code US} / {@code CA} for California), plus the
 * {@link LocationSource} that decided it.
 *
 * @param country ISO 3166-1 alpha-2 code in upper case, or {@code null} when unknown
 * @param region  subdivision code in upper case (e.g. {@code QC}, {@code CAM}), or {@code null}
 * @param source  where this location came from
 */
public record Location(String country, String region, LocationSource source) {

    /** The location of an address nobody could place. */
    public static final Location UNKNOWN = new Location(null, null, LocationSource.UNKNOWN);

    public Location {
        Objects.requireNonNull(source, "source");
        country = normalize(country);
        region = normalize(region);
        if (country == null && region != null) {
            throw new IllegalArgumentException("a region needs a country: " + region);
        }
    }

    /** A location with a country and no region. */
    public static Location of(String country, LocationSource source) {
        return new Location(country, null, source);
    }

    /** Whether a country is known. */
    public boolean isKnown() {
        return country != null;
    }

    private static String normalize(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        return code.trim().toUpperCase(Locale.ROOT);
    }
}
