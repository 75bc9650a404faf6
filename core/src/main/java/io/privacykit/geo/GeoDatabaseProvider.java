package io.privacykit.geo;

import java.nio.file.Path;

/**
 * Opens a geolocation database file as a {@link GeoLocator}. Found with {@link java.util.ServiceLoader}
 * when {@link GeoLocators#standard(GeoSettings)} builds the standard chain;
 * {@code io.privacykit:privacykit-geoip2} provides one for MaxMind GeoIP2/GeoLite2 files.
 */
public interface GeoDatabaseProvider {

    /**
     * Opens {@code database}. The locator returned is closed with the chain when it is
     * {@link AutoCloseable}.
     *
     * @throws IllegalArgumentException naming the file and what to do when it cannot be used
     */
    GeoLocator open(Path database);
}
