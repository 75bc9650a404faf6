package io.privacykit.geo;

/**
 * A snapshot of the geolocation cache's counters, for operators' metrics.
 *
 * @param hits      lookups answered from the cache
 * @param misses    lookups that went to the database
 * @param evictions entries removed for size or age
 * @param size      the approximate number of cached addresses
 */
public record GeoCacheStats(long hits, long misses, long evictions, long size) {

    /** Hits over all lookups; 1.0 before the first lookup. */
    public double hitRate() {
        long requests = hits + misses;
        return requests == 0 ? 1.0 : (double) hits / requests;
    }
}
