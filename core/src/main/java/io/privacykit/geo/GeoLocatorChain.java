package io.privacykit.geo;

import java.io.Closeable;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Locators tried in order; the first that places the visitor wins. Closing the chain closes
 * every closeable member (the database), and {@link #cacheStats()} exposes the lookup cache.
 */
public final class GeoLocatorChain implements GeoLocator, Closeable {

    private final GeoLocator[] locators;

    GeoLocatorChain(List<? extends GeoLocator> locators) {
        this.locators = List.copyOf(locators).toArray(new GeoLocator[0]);
    }

    @Override
    public Optional<Location> locate(GeoQuery query) {
        for (GeoLocator locator : locators) {
            Optional<Location> location;
            try {
                location = locator.locate(query);
            } catch (RuntimeException e) {
                continue; // a misbehaving third-party locator must not fail the request
            }
            if (location != null && location.isPresent() && location.get().isKnown()) {
                return location;
            }
        }
        return Optional.empty();
    }

    /** The shortest lifetime of the chain's locators, when each of them answers from the address alone. */
    @Override
    public Optional<Duration> addressAnswerLifetime() {
        Duration shortest = null;
        for (GeoLocator locator : locators) {
            Optional<Duration> lifetime = locator.addressAnswerLifetime();
            if (lifetime.isEmpty()) {
                return Optional.empty();
            }
            if (shortest == null || lifetime.get().compareTo(shortest) < 0) {
                shortest = lifetime.get();
            }
        }
        return Optional.ofNullable(shortest);
    }

    /** The locators in the order they are tried. */
    public List<GeoLocator> locators() {
        return List.of(locators);
    }

    /** The counters of the first caching locator in the chain, if there is one. */
    public Optional<GeoCacheStats> cacheStats() {
        for (GeoLocator locator : locators) {
            if (locator instanceof CachingGeoLocator caching) {
                return Optional.of(caching.stats());
            }
        }
        return Optional.empty();
    }

    /** Closes every closeable locator, all of them even when one fails. */
    @Override
    public void close() {
        closeAll(List.of(locators));
    }

    static void closeAll(List<?> resources) {
        RuntimeException failure = null;
        for (Object resource : resources) {
            if (!(resource instanceof AutoCloseable closeable)) {
                continue;
            }
            try {
                closeable.close();
            } catch (Exception e) {
                RuntimeException wrapped = e instanceof RuntimeException r ? r
                        : e instanceof IOException io ? new UncheckedIOException(io)
                        : new IllegalStateException(e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
