package io.privacykit.geo;

import java.time.Duration;
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

    /**
     * How long a caller may keep this locator's answer for a client address and reuse it for the
     * same address, when the answer depends on the address alone; empty (the default) when it may
     * depend on anything else in the query, such as a CDN's headers.
     */
    default Optional<Duration> addressAnswerLifetime() {
        return Optional.empty();
    }
}
