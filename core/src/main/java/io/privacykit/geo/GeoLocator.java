package io.privacykit.geo;

import java.util.Optional;

/**
 * Locates a visitor. Implementations are tried in a chain (CDN headers, overrides, database);
 * the first that answers wins. Implementations must be thread-safe and must never throw for any
 * input: an address they cannot place yields {@link Optional#empty()}.
 */
@FunctionalInterface
public interface GeoLocator {

    /** The visitor's location, or empty when this locator cannot tell. */
    Optional<Location> locate(GeoQuery query);
}
