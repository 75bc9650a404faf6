package io.privacykit.geo;

import io.privacykit.internal.Providers;
import java.util.ArrayList;
import java.util.List;

/** Builds the standard locator chain from configuration: CDN headers, then overrides, then the cached database. */
public final class GeoLocators {

    private GeoLocators() {
    }

    /** What to tell the operator when no usable database is configured. */
    public static final String HOW_TO_FIX = "point privacy.geo.database (environment variable PRIVACY_GEO_DATABASE) "
            + "at a GeoIP2/GeoLite2 City or Country .mmdb file, for example one kept current by MaxMind's geoipupdate";

    /**
     * The standard chain: trusted CDN headers (when any are configured), CIDR overrides (when any),
     * then the configured database behind a {@link CachingGeoLocator}, opened by the
     * {@link GeoDatabaseProvider} on the classpath ({@code privacykit-geoip2}). Close it on shutdown.
     *
     * @throws IllegalStateException    when no database is configured or no provider is on the
     *                                  classpath, saying what to do
     * @throws IllegalArgumentException when the configured database cannot be opened
     */
    public static GeoLocatorChain standard(GeoSettings settings) {
        if (settings.database().isEmpty()) {
            throw new IllegalStateException("No GeoIP database is configured: " + HOW_TO_FIX + ".");
        }
        GeoDatabaseProvider provider = Providers.first(GeoDatabaseProvider.class).orElseThrow(() ->
                new IllegalStateException("No GeoIP database reader is on the classpath: add the dependency "
                        + "io.privacykit:privacykit-geoip2, or build the chain with GeoLocators.standard(settings, locator)."));
        return standard(settings, provider.open(settings.database().get()));
    }

    /**
     * The standard chain with {@code database} as its last locator, behind a
     * {@link CachingGeoLocator}; the chain closes it when it is {@link AutoCloseable}.
     */
    public static GeoLocatorChain standard(GeoSettings settings, GeoLocator database) {
        List<GeoLocator> locators = new ArrayList<>(3);
        if (!settings.cdnHeaders().isEmpty()) {
            locators.add(new CdnHeaderGeoLocator(settings.cdnHeaders()));
        }
        if (!settings.overrides().isEmpty()) {
            locators.add(new OverrideGeoLocator(settings.overrides()));
        }
        try {
            locators.add(new CachingGeoLocator(database, settings.cacheMaxSize(), settings.cacheTtl()));
        } catch (RuntimeException e) {
            if (database instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
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
