package io.privacykit.geo;

import java.net.InetAddress;

/** Address helpers for the geolocation tests. */
final class GeoTestData {

    private GeoTestData() {
    }

    static InetAddress ip(String literal) {
        return IpLiteral.parse(literal).orElseThrow(() -> new IllegalArgumentException("not an IP: " + literal));
    }
}
