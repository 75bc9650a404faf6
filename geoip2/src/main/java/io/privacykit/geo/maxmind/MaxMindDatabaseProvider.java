package io.privacykit.geo.maxmind;

import io.privacykit.geo.GeoDatabaseProvider;
import io.privacykit.geo.GeoLocator;
import java.nio.file.Path;

/** Opens MaxMind GeoIP2/GeoLite2 City and Country files for the standard locator chain. */
public final class MaxMindDatabaseProvider implements GeoDatabaseProvider {

    @Override
    public GeoLocator open(Path database) {
        return MaxMindGeoLocator.open(database);
    }
}
