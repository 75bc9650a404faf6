package io.privacykit.geo;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;

import java.io.Closeable;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded, expiring Caffeine cache in front of a locator that depends on the address alone (the
 * database): keyed by client address, it remembers "not found" as well, so unknown addresses do
 * not hit the database on every request. Never put a header-reading locator behind it.
 */
public final class CachingGeoLocator implements GeoLocator, Closeable {

    private final GeoLocator delegate;
    // The answer itself is kept, so that a hit hands it out without allocating.
    private final Cache<InetAddress, Optional<Location>> cache;
    /** Hits on the fast path, which the cache's own counters do not see. */
    private final LongAdder hits = new LongAdder();
    /**
     * One answer per place, shared by every address there: a hit then reads memory that the
     * place's other visitors keep in the CPU's caches, not an answer of its own. Bounded, though
     * the world has only some 5,000 subdivisions.
     */
    private final Map<Location, Optional<Location>> places = new ConcurrentHashMap<>();
    private static final int MAX_PLACES = 20_000;

    /**
     * Caches {@code delegate}'s answers for at most {@code maxSize} addresses, each for {@code ttl}.
     *
     * @throws IllegalArgumentException when {@code maxSize} or {@code ttl} is negative
     */
    public CachingGeoLocator(GeoLocator delegate, long maxSize, Duration ttl) {
        this(delegate, maxSize, ttl, Ticker.systemTicker());
    }

    CachingGeoLocator(GeoLocator delegate, long maxSize, Duration ttl, Ticker ticker) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .expireAfterWrite(ttl)
                .ticker(ticker)
                // Evictions on the inserting thread, a little each time, rather than handed to the common
                // fork-join pool, which shares the cores with the requests and made a new visitor's p99 worse.
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    @Override
    public Optional<Location> locate(GeoQuery query) {
        // A returning visitor's look-up makes no loader; asMap() does not count it, so it is counted here.
        Optional<Location> location = cache.asMap().get(query.client());
        if (location != null) {
            hits.increment();
        } else {
            location = cache.get(query.client(), address -> lookUp(query));
        }
        return location == null ? Optional.empty() : location;
    }

    private Optional<Location> lookUp(GeoQuery query) {
        Optional<Location> found;
        try {
            found = delegate.locate(query).filter(Location::isKnown);
        } catch (RuntimeException e) {
            return null; // a broken delegate is not remembered: the next request tries again
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Optional<Location> shared = places.get(found.get());
        if (shared != null) {
            return shared;
        }
        if (places.size() >= MAX_PLACES) {
            return found;
        }
        shared = places.putIfAbsent(found.get(), found);
        return shared != null ? shared : found;
    }

    /** The cache's counters now. */
    public GeoCacheStats stats() {
        CacheStats stats = cache.stats();
        return new GeoCacheStats(stats.hitCount() + hits.sum(), stats.missCount(), stats.evictionCount(), cache.estimatedSize());
    }

    /** Runs pending evictions now (tests, shutdown). */
    void cleanUp() {
        cache.cleanUp();
    }

    /** Empties the cache and closes the delegate when it is closeable. */
    @Override
    public void close() {
        cache.invalidateAll();
        places.clear();
        GeoLocatorChain.closeAll(List.of(delegate));
    }
}
