package io.privacykit.bench;

import io.privacykit.PrivacyEngine;
import io.privacykit.geo.RequestHeaders;
import io.privacykit.policy.Policy;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * The first request of a visitor the instance has not seen (docs/performance.md: p99 under 50 microseconds):
 * {@link PrivacyEngine#assess} behind the trusted proxy, the visitor in {@code X-Forwarded-For}, without a
 * consent cookie, each call a visitor not yet in the geo cache, so every call pays the GeoLite2 City lookup, the
 * cache insertion and the decision. The visitors are 1,000,000 seeded public addresses walked in turn; by the time
 * the walk wraps, the geo cache (100,000 entries) has long forgotten the first ones. Sampled, so that JMH reports
 * p99 next to the median. {@code benchmarks/run} reads the target with the heap committed and touched
 * ({@code -Xms1g -Xmx1g -XX:+AlwaysPreTouch}), as a server's is once it has run a while, and reports the JVM's
 * defaults beside it: there the kernel maps the growing heap page by page, and those page faults make the tail.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class FirstRequestBenchmark {

    static final int VISITORS = 1_000_000;

    private Path dataDir;
    private PrivacyEngine engine;
    private String[] addresses;
    private int next;

    @Setup(Level.Trial)
    public void open() {
        dataDir = BenchFixture.newDataDirectory();
        Policy policy = BenchFixture.policy(dataDir);
        engine = PrivacyEngine.open(policy);
        InetAddress[] unseen = BenchFixture.publicAddresses(VISITORS);
        addresses = new String[unseen.length];
        for (int i = 0; i < unseen.length; i++) {
            addresses[i] = unseen[i].getHostAddress();
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        engine.close();
        BenchFixture.delete(dataDir);
    }

    /** An unseen visitor's first request, forwarded by the trusted proxy, with no consent cookie yet. */
    @Benchmark
    public PrivacyEngine.Visit unseenVisitor() {
        int i = next;
        next = i + 1 == addresses.length ? 0 : i + 1;
        RequestHeaders headers = RequestHeaders.of(Map.of("X-Forwarded-For", List.of(addresses[i])));
        return engine.assess(BenchFixture.TRUSTED_PROXY, headers, null);
    }
}
