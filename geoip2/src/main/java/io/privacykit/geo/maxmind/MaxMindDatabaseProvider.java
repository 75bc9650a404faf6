package io.privacykit.geo.maxmind;

import io.privacykit.geo.GeoDatabaseProvider;
import io.privacykit.geo.GeoLocator;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens MaxMind GeoIP2/GeoLite2 City and Country files for the standard locator chain, reopened
 * when the file changes (checked at most once a minute).
 */
public final class MaxMindDatabaseProvider implements GeoDatabaseProvider {

    /** How often a changed file is looked for. */
    static final Duration CHECK_INTERVAL = Duration.ofMinutes(1);

    @Override
    public GeoLocator open(Path database) {
        return new WatchedGeoDatabase(database, CHECK_INTERVAL);
    }
}
