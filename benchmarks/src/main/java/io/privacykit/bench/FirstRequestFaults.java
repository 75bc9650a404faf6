package io.privacykit.bench;

import io.privacykit.PrivacyEngine;
import io.privacykit.geo.RequestHeaders;
import io.privacykit.policy.Policy;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What makes the tail of {@link FirstRequestBenchmark}: the same first requests of unseen visitors, timed one by
 * one in passes, with the process's minor page faults (Linux: {@code /proc/self/stat}) and the collector's time around
 * each pass. Run it with the JVM's defaults and again with {@code -Xms1g -Xmx1g -XX:+AlwaysPreTouch}: the passes
 * in which the young JVM grows its heap take hundreds of thousands of minor faults, the kernel mapping each new
 * page on its first touch, and they are the slow ones (docs/performance.md).
 *
 * <p>Six passes of 600,000 requests; with the JVM's defaults, the heap grows in the first two or three.
 */
public final class FirstRequestFaults {

    private static final int PASSES = 6;
    private static final int REQUESTS = 600_000;

    private FirstRequestFaults() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            throw new IllegalArgumentException("FirstRequestFaults takes no arguments; give the JVM's options instead");
        }
        Path dataDir = BenchFixture.newDataDirectory();
        try {
            Policy policy = BenchFixture.policy(dataDir);
            try (PrivacyEngine engine = PrivacyEngine.open(policy)) {
                run(engine, BenchFixture.publicAddressTexts(FirstRequestBenchmark.VISITORS), PASSES, REQUESTS);
            }
        } finally {
            BenchFixture.delete(dataDir);
        }
    }

    private static void run(PrivacyEngine engine, String[] addresses, int passes, int requests) {
        System.out.printf(Locale.ROOT, "First requests of unseen visitors: %d passes of %,d; JVM options %s%n", passes,
                requests, ManagementFactory.getRuntimeMXBean().getInputArguments());
        long[] nanos = new long[requests];
        int next = 0;
        long allowed = 0;
        for (int pass = 1; pass <= passes; pass++) {
            long faultsBefore = BenchFixture.minorPageFaults();
            long gcBefore = BenchFixture.collectionMillis();
            for (int r = 0; r < requests; r++) {
                String address = addresses[next];
                next = next + 1 == addresses.length ? 0 : next + 1;
                long start = System.nanoTime();
                RequestHeaders headers = RequestHeaders.of(Map.of("X-Forwarded-For", List.of(address)));
                allowed += engine.assess(BenchFixture.TRUSTED_PROXY, headers, null).decision().allowedCategories().size();
                nanos[r] = System.nanoTime() - start;
            }
            long faultsAfter = BenchFixture.minorPageFaults();
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "pass %d: p50 %.1f, p90 %.1f, p99 %.1f, p99.9 %.1f us; %s minor page faults,"
                            + " GC %d ms%n", pass, micros(nanos, 0.50), micros(nanos, 0.90), micros(nanos, 0.99),
                    micros(nanos, 0.999), faultsBefore < 0 ? "n/a" : String.format(Locale.ROOT, "%,d",
                            faultsAfter - faultsBefore), BenchFixture.collectionMillis() - gcBefore);
        }
        // Printed so that the JIT cannot drop the work.
        System.out.println("categories allowed in all: " + allowed);
    }

    private static double micros(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1e3;
    }
}
