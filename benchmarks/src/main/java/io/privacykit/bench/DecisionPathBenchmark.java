package io.privacykit.bench;

import io.privacykit.PrivacyEngine;
import io.privacykit.geo.RequestHeaders;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The decision path of one request (docs/performance.md, "Targets": median under 1 microsecond):
 * {@link PrivacyEngine#assess} over {@code visitors} returning visitors whose locations are already in the geo
 * cache and whose cookies the engine has verified and remembered before: 1,024 (their state stays in the CPU
 * caches) and 10,000 (as many as the load harness uses, within the 50,000 cookies the engine remembers).
 * Sampled, so that JMH reports the median (p0.50) next to the mean.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class DecisionPathBenchmark {

    @Param({"1024", "10000"})
    public int visitors;

    private BenchFixture.ReturningVisitors returning;
    private PrivacyEngine engine;
    private String[] addresses;
    private String[] cookies;

    /** Each benchmark thread walks the visitors in turn. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        int next(int visitors) {
            int i = next;
            next = i + 1 == visitors ? 0 : i + 1;
            return i;
        }
    }

    @Setup(Level.Trial)
    public void open() {
        returning = BenchFixture.ReturningVisitors.open(visitors);
        engine = returning.engine();
        addresses = returning.addresses();
        cookies = returning.cookies();
    }

    @TearDown(Level.Trial)
    public void close() {
        returning.close();
    }

    /** A returning visitor connecting directly, with a valid consent cookie. */
    @Benchmark
    public PrivacyEngine.Visit validCookie(Cursor cursor) {
        int i = cursor.next(visitors);
        return engine.assess(addresses[i], RequestHeaders.none(), cookies[i]);
    }

    /** A visitor connecting directly, without a consent cookie. */
    @Benchmark
    public PrivacyEngine.Visit noCookie(Cursor cursor) {
        int i = cursor.next(visitors);
        return engine.assess(addresses[i], RequestHeaders.none(), null);
    }

    /**
     * A returning visitor behind the trusted proxy: the address comes from {@code X-Forwarded-For}.
     * The headers are a view made for the request over its own fields, as PrivacyFilter makes one
     * over the servlet request's (not a map kept per visitor, which would be read cold).
     */
    @Benchmark
    public PrivacyEngine.Visit trustedProxyForwarded(Cursor cursor) {
        int i = cursor.next(visitors);
        String address = addresses[i];
        RequestHeaders headers = name -> FORWARDED_FOR.equalsIgnoreCase(name) ? List.of(address) : List.of();
        return engine.assess(BenchFixture.TRUSTED_PROXY, headers, cookies[i]);
    }

    private static final String FORWARDED_FOR = "X-Forwarded-For";
}
