package io.privacykit.geo;

import io.privacykit.geo.maxmind.MaxMindGeoLocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.privacykit.geo.GeoTestData.ip;
import static org.assertj.core.api.Assertions.assertThat;

/** The cache in front of the database: hits, misses, "not found" remembered, bounded by size and age. */
class CachingGeoLocatorTest {

    private static MaxMindGeoLocator database;

    @BeforeAll
    static void open() {
        database = MaxMindGeoLocator.open(GeoTestData.city());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void countsHitsAndMissesOverTheRealDatabase() {
        CachingGeoLocator cached = new CachingGeoLocator(database, 100, Duration.ofHours(1));

        assertThat(cached.locate(GeoQuery.of(ip("81.2.69.142")))).contains(new Location("GB", "OXF", LocationSource.DATABASE));
        assertThat(cached.locate(GeoQuery.of(ip("81.2.69.142")))).contains(new Location("GB", "OXF", LocationSource.DATABASE));
        assertThat(cached.locate(GeoQuery.of(ip("24.48.0.1")))).contains(new Location("CA", "QC", LocationSource.DATABASE));
        assertThat(cached.locate(GeoQuery.of(ip("81.2.69.142")))).isPresent();

        assertThat(cached.stats()).isEqualTo(new GeoCacheStats(2, 2, 0, 2));
        assertThat(cached.stats().hitRate()).isEqualTo(0.5);
        assertThat(cached.stats().size()).isEqualTo(2);
    }

    @Test
    void addressesInOnePlaceShareOneAnswer() {
        // A new, equal location per call, as a database decodes one per look-up.
        CachingGeoLocator cached = new CachingGeoLocator(
                query -> java.util.Optional.of(new Location("DE", (query.client().getAddress()[3] & 0xff) < 100 ? "BY" : null,
                        LocationSource.DATABASE)), 100, Duration.ofHours(1));

        var first = cached.locate(GeoQuery.of(ip("203.0.113.1")));
        var second = cached.locate(GeoQuery.of(ip("203.0.113.2")));
        var elsewhere = cached.locate(GeoQuery.of(ip("203.0.113.200")));

        assertThat(second).isSameAs(first).contains(new Location("DE", "BY", LocationSource.DATABASE));
        assertThat(elsewhere).contains(new Location("DE", null, LocationSource.DATABASE));
    }

    @Test
    void notFoundIsCachedToo() {
        Counting counting = new Counting(database);
        CachingGeoLocator cached = new CachingGeoLocator(counting, 100, Duration.ofHours(1));

        for (int i = 0; i < 5; i++) {
            assertThat(cached.locate(GeoQuery.of(ip("10.0.0.1")))).isEmpty();
        }

        assertThat(counting.calls.get()).isEqualTo(1);
        assertThat(cached.stats()).isEqualTo(new GeoCacheStats(4, 1, 0, 1));
    }

    @Test
    void theCacheIsBoundedBySize() {
        Counting counting = new Counting(database);
        CachingGeoLocator cached = new CachingGeoLocator(counting, 2, Duration.ofHours(1));
        List.of("81.2.69.142", "24.48.0.1", "2001:218::", "89.160.20.112", "10.0.0.1")
                .forEach(address -> cached.locate(GeoQuery.of(ip(address))));

        assertThat(cached.stats().size()).isLessThanOrEqualTo(2);
        assertThat(cached.stats().evictions()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void entriesExpireAfterTheirTimeToLive() {
        FakeTicker ticker = new FakeTicker();
        Counting counting = new Counting(database);
        CachingGeoLocator cached = new CachingGeoLocator(counting, 100, Duration.ofMinutes(10), ticker);

        cached.locate(GeoQuery.of(ip("81.2.69.142")));
        ticker.advance(Duration.ofMinutes(9));
        cached.locate(GeoQuery.of(ip("81.2.69.142")));
        assertThat(counting.calls.get()).isEqualTo(1);

        ticker.advance(Duration.ofMinutes(2));
        assertThat(cached.locate(GeoQuery.of(ip("81.2.69.142")))).isPresent();
        assertThat(counting.calls.get()).isEqualTo(2);
    }

    @Test
    void aThrowingDelegateIsNotRememberedAndDoesNotThrow() {
        AtomicInteger calls = new AtomicInteger();
        CachingGeoLocator cached = new CachingGeoLocator(query -> {
            calls.incrementAndGet();
            throw new IllegalStateException("broken");
        }, 100, Duration.ofHours(1));

        assertThat(cached.locate(GeoQuery.of(ip("81.2.69.142")))).isEmpty();
        assertThat(cached.locate(GeoQuery.of(ip("81.2.69.142")))).isEmpty();
        assertThat(calls.get()).isEqualTo(2);
        assertThat(cached.stats().size()).isZero();
    }

    /** Counts the lookups that reach the real database. */
    private record Counting(GeoLocator delegate, AtomicInteger calls) implements GeoLocator {
        Counting(GeoLocator delegate) {
            this(delegate, new AtomicInteger());
        }

        @Override
        public java.util.Optional<Location> locate(GeoQuery query) {
            calls.incrementAndGet();
            return delegate.locate(query);
        }
    }

    /** A clock the test moves by hand: expiry is checked without waiting. */
    private static final class FakeTicker implements java.util.function.LongSupplier {
        private final AtomicLong nanos = new AtomicLong();

        @Override
        public long getAsLong() {
            return nanos.get();
        }

        void advance(Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }
    }
}
