package io.privacykit.geo;

import java.util.Locale;

/** Where a visitor's {@link Location} came from; recorded with every consent as part of its proof. */
public enum LocationSource {
    /** A CDN's geolocation header, read only from a trusted proxy. */
    HEADER,
    /** A configured CIDR override (private networks, tests). */
    OVERRIDE,
    /** The GeoIP2/GeoLite2 database. */
    DATABASE,
    /** Nothing located the address; the configured fallback regime applies. */
    UNKNOWN;

    /** The lower-case code used in JSON and in the ledger ({@code header}, {@code database}, ...). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
