package io.privacykit.bench;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;
import io.privacykit.geo.Location;
import io.privacykit.geo.maxmind.MaxMindGeoLocator;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * An uncached GeoLite2 City lookup (docs/performance.md, "Targets": within 1.2x of MaxMind's own
 * reader): {@link MaxMindGeoLocator#locate(InetAddress)} against {@link DatabaseReader#tryCity} alone,
 * both memory-mapped without a cache, over the same 10,000 seeded public addresses in the same order.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class GeoLookupBenchmark {

    static final int ADDRESSES = 10_000;

    private InetAddress[] addresses;
    private MaxMindGeoLocator locator;
    private DatabaseReader reader;

    /** Each benchmark thread walks the addresses in turn. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        int next() {
            int i = next;
            next = i + 1 == ADDRESSES ? 0 : i + 1;
            return i;
        }
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        addresses = BenchFixture.publicAddresses(ADDRESSES);
        locator = MaxMindGeoLocator.open(BenchFixture.geoDatabase());
        reader = new DatabaseReader.Builder(BenchFixture.geoDatabase().toFile()).build();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        locator.close();
        reader.close();
    }

    @Benchmark
    public Optional<Location> privacyKitLocator(Cursor cursor) {
        return locator.locate(addresses[cursor.next()]);
    }

    @Benchmark
    public Optional<CityResponse> maxMindTryCity(Cursor cursor) throws IOException, GeoIp2Exception {
        return reader.tryCity(addresses[cursor.next()]);
    }
}
