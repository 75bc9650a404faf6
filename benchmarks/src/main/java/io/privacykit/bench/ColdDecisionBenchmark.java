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
 * {@link DecisionPathBenchmark}'s slowest case, a returning visitor behind the trusted proxy, decided
 * as a server decides it: between two decisions, untimed, the thread reads and writes {@code otherWork}
 * bytes of other memory, as a server's work on other requests does, so that the engine's code, its
 * tables and the visitor's kept visit are no longer in the CPU's caches and TLB; and the consent cookie
 * is a string of its own, as one parsed from a request's header is, not the very string the engine kept.
 * With {@code otherWork=0} it is {@link DecisionPathBenchmark}'s hot loop but for that copy and JMH's set-up
 * per call; the difference from there is what memory costs the decision on this machine (docs/performance.md, "What bounds the missed targets").
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class ColdDecisionBenchmark {

    private static final String FORWARDED_FOR = "X-Forwarded-For";

    @Param({"10000"})
    public int visitors;

    /** Bytes of other memory touched between two decisions: from none to more than all the CPU's caches hold. */
    @Param({"0", "262144", "1048576", "8388608", "67108864"})
    public int otherWork;

    private BenchFixture.ReturningVisitors returning;

    /** One thread's next visitor, its request's own copy of the cookie, and the memory its other work touches. */
    @State(Scope.Thread)
    public static class Request {
        private int next;
        private int visitor;
        private String cookie;
        private long[] other;
        private long sum;

        @Setup(Level.Trial)
        public void allocate(ColdDecisionBenchmark benchmark) {
            other = new long[benchmark.otherWork / Long.BYTES];
        }

        @Setup(Level.Invocation)
        public void next(ColdDecisionBenchmark benchmark) {
            visitor = next;
            next = next + 1 == benchmark.visitors ? 0 : next + 1;
            cookie = new String(benchmark.returning.cookies()[visitor].toCharArray());
            // One read and one write per 64-byte line: the lines are evicted dirty, as a server's are.
            long[] memory = other;
            long s = sum;
            for (int i = 0; i < memory.length; i += 8) {
                s += memory[i];
                memory[i] = s;
            }
            sum = s;
        }
    }

    @Setup(Level.Trial)
    public void open() {
        returning = BenchFixture.ReturningVisitors.open(visitors);
    }

    @TearDown(Level.Trial)
    public void close() {
        returning.close();
    }

    /** A returning visitor behind the trusted proxy, with a valid consent cookie. */
    @Benchmark
    public PrivacyEngine.Visit trustedProxyForwarded(Request request) {
        String address = returning.addresses()[request.visitor];
        RequestHeaders headers = name -> FORWARDED_FOR.equalsIgnoreCase(name) ? List.of(address) : List.of();
        return returning.engine().assess(BenchFixture.TRUSTED_PROXY, headers, request.cookie);
    }
}
