package io.privacykit.geo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.privacykit.geo.GeoTestData.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The geolocation cache's table: an address gets its own answer and no other's, the table keeps
 * its size, and an entry lives for its time to live. The database itself is covered in the
 * geoip2 module.
 */
class CachingGeoLocatorTableTest {

    /** Places every address in a region named after its bytes, so that an answer shows whose it is. */
    private static final class ByAddress implements GeoLocator {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Optional<Location> locate(GeoQuery query) {
            calls.incrementAndGet();
            return Optional.of(new Location("DE", regionOf(query.client()), LocationSource.DATABASE));
        }

        static String regionOf(InetAddress address) {
            return HexFormat.of().formatHex(address.getAddress());
        }
    }

    @ParameterizedTest(name = "{0} and {1} are {2}")
    @CsvSource({
            "192.0.2.1,      192.0.2.1,          one address",
            "192.0.2.1,      ::ffff:192.0.2.1,   one address",
            "2001:db8::1,    2001:db8:0:0:0:0:0:1, one address",
            "192.0.2.1,      192.0.2.2,          two addresses",
            "192.0.2.1,      ::192.0.2.1,        two addresses",
            "2001:db8::1,    2001:db8::2,        two addresses",
            "2001:db8::1,    2001:db9::1,        two addresses",
            "0.0.0.0,        ::,                 two addresses",
    })
    void whatCountsAsOneAddress(String first, String second, String expected) {
        ByAddress database = new ByAddress();
        CachingGeoLocator cached = new CachingGeoLocator(database, 100, Duration.ofHours(1));

        Optional<Location> a = cached.locate(GeoQuery.of(ip(first)));
        Optional<Location> b = cached.locate(GeoQuery.of(ip(second)));

        assertThat(database.calls.get()).isEqualTo(expected.equals("one address") ? 1 : 2);
        assertThat(b.orElseThrow().region()).isEqualTo(ByAddress.regionOf(ip(second)).toUpperCase());
        assertThat(a.orElseThrow().region()).isEqualTo(ByAddress.regionOf(ip(first)).toUpperCase());
    }

    @Test
    void theTableNeverHoldsMoreThanItsCapacityAndCountsWhatItGaveUp() {
        ByAddress database = new ByAddress();
        CachingGeoLocator cached = new CachingGeoLocator(database, 1_000, Duration.ofHours(1));
        int addresses = 20_000;

        for (int i = 0; i < addresses; i++) {
            cached.locate(GeoQuery.of(ip("10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff))));
        }

        GeoCacheStats stats = cached.stats();
        assertThat(stats.size()).isLessThanOrEqualTo(1_024).isGreaterThan(900);
        assertThat(stats.misses()).isEqualTo(addresses);
        assertThat(stats.evictions()).isEqualTo(addresses - stats.size());
    }

    @Test
    void aSmallWorkingSetStaysCached() {
        ByAddress database = new ByAddress();
        CachingGeoLocator cached = new CachingGeoLocator(database, 100_000, Duration.ofHours(1));

        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 10_000; i++) {
                cached.locate(GeoQuery.of(ip("10.1." + (i >> 8) + "." + (i & 0xff))));
            }
        }

        // 10,000 addresses in 16,384 sets of eight: none is given up for another.
        assertThat(database.calls.get()).isEqualTo(10_000);
        assertThat(cached.stats()).isEqualTo(new GeoCacheStats(40_000, 10_000, 0, 10_000));
    }

    @Test
    void aFullSetGivesANewAddressAnExpiredSlotBeforeALiveOne() {
        AtomicLong nanos = new AtomicLong();
        ByAddress database = new ByAddress();
        // One set of four.
        CachingGeoLocator cached = new CachingGeoLocator(database, 4, Duration.ofMinutes(10), nanos::get);
        List<String> old = List.of("192.0.2.1", "192.0.2.2", "192.0.2.3");
        old.forEach(address -> cached.locate(GeoQuery.of(ip(address))));
        nanos.addAndGet(Duration.ofMinutes(9).toNanos());
        cached.locate(GeoQuery.of(ip("192.0.2.4")));
        nanos.addAndGet(Duration.ofMinutes(2).toNanos()); // the first three expired, the fourth has 8 minutes left

        List.of("198.51.100.1", "198.51.100.2", "198.51.100.3").forEach(address -> cached.locate(GeoQuery.of(ip(address))));
        int before = database.calls.get();
        cached.locate(GeoQuery.of(ip("192.0.2.4")));

        assertThat(database.calls.get()).as("the live address kept its slot").isEqualTo(before);
        assertThat(cached.stats().evictions()).as("three expired entries replaced").isEqualTo(3);
    }

    @Test
    void aMaximumSizeOfZeroCachesNothing() {
        ByAddress database = new ByAddress();
        CachingGeoLocator cached = new CachingGeoLocator(database, 0, Duration.ofHours(1));

        for (int i = 0; i < 3; i++) {
            assertThat(cached.locate(GeoQuery.of(ip("192.0.2.1")))).isPresent();
        }

        assertThat(database.calls.get()).isEqualTo(3);
        assertThat(cached.stats()).isEqualTo(new GeoCacheStats(0, 3, 0, 0));
    }

    @Test
    void aTimeToLiveOfZeroRemembersNothing() {
        ByAddress database = new ByAddress();
        CachingGeoLocator cached = new CachingGeoLocator(database, 100, Duration.ZERO);

        cached.locate(GeoQuery.of(ip("192.0.2.1")));
        cached.locate(GeoQuery.of(ip("192.0.2.1")));

        assertThat(database.calls.get()).isEqualTo(2);
    }

    @Test
    void aNegativeSizeOrTimeToLiveIsRefused() {
        assertThatThrownBy(() -> new CachingGeoLocator(new ByAddress(), -1, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSize");
        assertThatThrownBy(() -> new CachingGeoLocator(new ByAddress(), 10, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
    }

    @Test
    void aHugeSizeIsCappedAndAHugeTimeToLiveDoesNotOverflow() {
        ByAddress database = new ByAddress();
        CachingGeoLocator cached = new CachingGeoLocator(database, Long.MAX_VALUE, Duration.ofDays(1_000_000));

        cached.locate(GeoQuery.of(ip("192.0.2.1")));
        cached.locate(GeoQuery.of(ip("192.0.2.1")));

        assertThat(database.calls.get()).isEqualTo(1);
        assertThat(cached.stats().size()).isEqualTo(1);
    }

    @Test
    void closingEmptiesTheTable() {
        ByAddress database = new ByAddress();
        CachingGeoLocator cached = new CachingGeoLocator(database, 100, Duration.ofHours(1));
        cached.locate(GeoQuery.of(ip("192.0.2.1")));

        cached.close();

        assertThat(cached.stats().size()).isZero();
    }

    @Test
    void threadsRacingOverOneSmallTableNeverGetAnotherAddresssAnswer() throws Exception {
        ByAddress database = new ByAddress();
        // 64 slots for 500 addresses: slots are taken and given up all the time.
        CachingGeoLocator cached = new CachingGeoLocator(database, 64, Duration.ofHours(1));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        try {
            for (int t = 0; t < threads; t++) {
                int seed = t;
                pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20_000; i++) {
                        int n = (i * 31 + seed * 7) % 500;
                        InetAddress address = n % 2 == 0 ? ip("192.0." + (n >> 8) + "." + (n & 0xff))
                                : ip("2001:db8::" + Integer.toHexString(n));
                        String region = cached.locate(GeoQuery.of(address)).orElseThrow().region();
                        if (!region.equals(ByAddress.regionOf(address).toUpperCase())) {
                            wrong.add(address + " got " + region);
                        }
                    }
                    return null;
                });
            }
            start.countDown();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(wrong).isEmpty();
        GeoCacheStats stats = cached.stats();
        assertThat(stats.hits() + stats.misses()).isEqualTo(threads * 20_000L);
        assertThat(stats.size()).isLessThanOrEqualTo(64);
    }
}
