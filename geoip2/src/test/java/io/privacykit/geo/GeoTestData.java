package io.privacykit.geo;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** The pinned GeoLite2 files (GeoLite2 built 2019-11-19) that surefire names in system properties, and address helpers. */
final class GeoTestData {

    private GeoTestData() {
    }

    static Path city() {
        return file("privacykit.test.geolite2.city");
    }

    static Path country() {
        return file("privacykit.test.geolite2.country");
    }

    private static Path file(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.isRegularFile(Path.of(value))) {
            throw new IllegalStateException("system property " + property + " must name the pinned GeoLite2 file"
                    + " (surefire sets it; run the tests through Maven); got " + value);
        }
        return Path.of(value);
    }

    static InetAddress ip(String literal) {
        return IpLiteral.parse(literal).orElseThrow(() -> new IllegalArgumentException("not an IP: " + literal));
    }
}
