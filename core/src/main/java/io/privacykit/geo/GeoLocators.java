package io.privacykit.geo;

import java.util.ArrayList;
import java.util.List;

/** Builds the standard locator chain from configuration: CDN headers, then overrides, then the cached database. */
public final class GeoLocators {

    private GeoLocators() {
    }

    /**
     * The chain design.md prescribes: trusted CDN headers (when any are configured), CIDR
     * overrides (when any), then the MaxMind database behind a Caffeine cache. Close it on shutdown.
     *
     * @throws IllegalStateException    when no database is configured, saying what to configure
     * @throws IllegalArgumentException when the configured database cannot be opened
     */
    public static GeoLocatorChain standard(GeoSettings settings) {
        if (settings.database().isEmpty()) {
            throw new IllegalStateException("No GeoIP database is configured: " + MaxMindGeoLocator.HOW_TO_FIX + ".");
        }
        List<GeoLocator> locators = new ArrayList<>(3);
        if (!settings.cdnHeaders().isEmpty()) {
            locators.add(new CdnHeaderGeoLocator(settings.cdnHeaders()));
        }
        if (!settings.overrides().isEmpty()) {
            locators.add(new OverrideGeoLocator(settings.overrides()));
        }
        MaxMindGeoLocator database = MaxMindGeoLocator.open(settings.database().get());
        try {
            locators.add(new CachingGeoLocator(database, settings.cacheMaxSize(), settings.cacheTtl()));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return new GeoLocatorChain(locators);
    }

    /**
     * A custom chain: the locators are tried in the given order and the first that places the
     * visitor wins; one that throws is skipped. Closing the chain closes every closeable locator.
     * Use it to put your own {@link GeoLocator} (say, an in-house IP registry) before or after
     * the standard ones.
     */
    public static GeoLocatorChain chain(GeoLocator... locators) {
        return new GeoLocatorChain(List.of(locators));
    }
}
