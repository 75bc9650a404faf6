package io.privacykit.geo;

import java.net.InetAddress;
import java.util.Objects;

/**
 * What a {@link GeoLocator} may use to place a visitor.
 *
 * @param client           the client address (see {@link ClientAddress})
 * @param fromTrustedProxy whether the request reached us through a trusted proxy, the only case
 *                         in which CDN geolocation headers may be believed
 * @param headers          the request headers
 */
public record GeoQuery(InetAddress client, boolean fromTrustedProxy, RequestHeaders headers) {
    public GeoQuery {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(headers, "headers");
    }

    /** A query for an address alone, with no headers (the CLI, tests). */
    public static GeoQuery of(InetAddress client) {
        return new GeoQuery(client, false, RequestHeaders.none());
    }
}
