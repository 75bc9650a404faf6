package io.privacykit.bench;

import io.privacykit.PrivacyEngine;
import io.privacykit.consent.ConsentCookieCodec;
import io.privacykit.consent.ConsentState;
import io.privacykit.geo.Cidr;
import io.privacykit.geo.IpLiteral;
import io.privacykit.geo.RequestHeaders;
import io.privacykit.jurisdiction.Regime;
import io.privacykit.policy.Policy;
import io.privacykit.policy.PolicyLoader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.stream.Stream;

/** What every benchmark and the load harness share: the policy, the GeoLite2 file, visitors' addresses and cookies. */
final class BenchFixture {

    /** System property naming the GeoLite2 City file; by default the one the build caches. */
    static final String DATABASE_PROPERTY = "privacykit.bench.geolite2.city";
    /** The proxy the benchmarks trust, as a load balancer on the same host would be. */
    static final String TRUSTED_PROXY = "127.0.0.1";
    /** Seed of the visitors' addresses, so every run looks up the same ones. */
    static final long SEED = 20191224L;

    // Special-purpose IPv4 ranges (RFC 6890 and successors): no visitor comes from them.
    private static final List<Cidr> NOT_PUBLIC = Stream.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10",
            "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24",
            "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/3")
            .map(Cidr::parse).toList();

    private BenchFixture() {
    }

    static Path geoDatabase() {
        String configured = System.getProperty(DATABASE_PROPERTY);
        // The benchmarks build unpacks the pinned GeoLite2 City file there; run from the repository root.
        Path database = configured != null ? Path.of(configured)
                : Path.of("benchmarks", "target", "geolite2", "GeoLite2-City.mmdb");
        if (!Files.isRegularFile(database)) {
            throw new IllegalStateException("No GeoLite2 City file at " + database.toAbsolutePath() + ": run from the"
                    + " repository root after mvn -Pbenchmarks -DskipTests package, or pass -D" + DATABASE_PROPERTY + "=FILE");
        }
        return database;
    }

    /** The benchmark policy: four categories, the real City file, {@link #TRUSTED_PROXY} trusted, H2 under {@code dataDir}. */
    static Policy policy(Path dataDir) {
        return policy(dataDir, Map.of());
    }

    /** {@link #policy(Path)} with some keys set otherwise (e.g. {@code privacy.store.url}). */
    static Policy policy(Path dataDir, Map<String, String> overrides) {
        Properties p = new Properties();
        p.setProperty("privacy.policy.name", "bench");
        p.setProperty("privacy.policy.version", "2020-04-01");
        p.setProperty("privacy.policy.last-updated", "2020-04-01");
        p.setProperty("privacy.consent.keys", "k1:" + base64("bench-signing-secret-of-32-bytes"));
        p.setProperty("privacy.consent.ip-hash-key", base64("bench-ip-hash-secret-of-32-bytes"));
        p.setProperty("privacy.consent.cookie-secure", "false");
        p.setProperty("privacy.cookies.necessary", "sid,session");
        p.setProperty("privacy.cookies.functionality", "lang");
        p.setProperty("privacy.cookies.performance", "_ga,_ga_*");
        p.setProperty("privacy.cookies.advertising", "_fbp");
        p.setProperty("privacy.sale.advertising", "true");
        p.setProperty("privacy.geo.database", geoDatabase().toString());
        p.setProperty("privacy.geo.trusted-proxies", TRUSTED_PROXY + "/32");
        p.setProperty("privacy.data-dir", dataDir.toString());
        p.setProperty("privacy.store.url", "jdbc:h2:file:" + dataDir.resolve("store").toAbsolutePath());
        overrides.forEach(p::setProperty);
        return PolicyLoader.fromProperties(p, Map.of());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code count} distinct pseudo-random public IPv4 addresses, the same ones on every run. */
    static InetAddress[] publicAddresses(int count) {
        SplittableRandom random = new SplittableRandom(SEED);
        Set<InetAddress> addresses = new LinkedHashSet<>();
        while (addresses.size() < count) {
            int bits = random.nextInt();
            String text = (bits >>> 24) + "." + (bits >>> 16 & 0xff) + "." + (bits >>> 8 & 0xff) + "." + (bits & 0xff);
            InetAddress address = IpLiteral.parse(text).orElseThrow();
            if (NOT_PUBLIC.stream().noneMatch(range -> range.contains(address))) {
                addresses.add(address);
            }
        }
        return addresses.toArray(InetAddress[]::new);
    }

    /** The same addresses as text, as a socket address or an {@code X-Forwarded-For} entry carries them. */
    static String[] publicAddressTexts(int count) {
        return Stream.of(publicAddresses(count)).map(InetAddress::getHostAddress).toArray(String[]::new);
    }

    /**
     * Signed consent cookies that the policy's engine accepts, one per visitor: each granted functionality and
     * performance and refused advertising under the current policy version.
     */
    static String[] consentCookies(Policy policy, int count) {
        Map<String, Boolean> choices = new LinkedHashMap<>();
        choices.put("functionality", true);
        choices.put("performance", true);
        choices.put("advertising", false);
        ConsentCookieCodec codec = new ConsentCookieCodec(policy.consent(), Clock.systemUTC());
        Instant now = Instant.now();
        String[] cookies = new String[count];
        for (int i = 0; i < count; i++) {
            cookies[i] = codec.encode(new ConsentState("bench-visitor-" + i, choices, now, policy.version(), Regime.GDPR));
        }
        return cookies;
    }

    /**
     * An embedded PostgreSQL (zonky) that commits durably: zonky turns {@code synchronous_commit} off by default,
     * which would let a commit return before its WAL record is on disk.
     */
    static EmbeddedPostgres durablePostgres() throws IOException {
        return EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start();
    }

    /**
     * The process's minor page faults so far (Linux: {@code /proc/self/stat}), or -1 where that file is not there:
     * a young JVM's heap is mapped page by page as it grows, and those faults show in latency (docs/performance.md).
     */
    static long minorPageFaults() {
        return statField(7);
    }

    /**
     * The CPU time the process has spent in the kernel so far, in nanoseconds (Linux: {@code /proc/self/stat}, in
     * steps of 10 ms), or -1 where that file is not there: on a virtual machine a request's system calls and the
     * context switches between the server's threads can cost more than its Java code (docs/performance.md).
     */
    static long kernelCpuNanos() {
        long ticks = statField(12);
        // The kernel counts in USER_HZ, 100 a second on Linux's every common platform.
        return ticks < 0 ? -1 : ticks * 10_000_000L;
    }

    /** Field {@code index} of {@code /proc/self/stat} counted from the one after the command's name, or -1. */
    private static long statField(int index) {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // After the command's name in parentheses come state, ppid, ...: minflt is the 8th field from there.
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[index]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * What each live thread of the JVM has allocated so far, in bytes; empty where the JVM does not
     * count it. {@link #allocatedSince} turns two of these into the bytes allocated between them.
     */
    static Map<Long, Long> threadAllocations() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported() || !threads.isThreadAllocatedMemoryEnabled()) {
            return Map.of();
        }
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> allocations = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                allocations.put(ids[i], bytes[i]);
            }
        }
        return allocations;
    }

    /**
     * The bytes allocated between two {@link #threadAllocations}, thread by thread: a thread that
     * ended in between takes what it allocated there with it, so it must not take its whole count
     * out of the others'. -1 when the JVM does not count them.
     */
    static long allocatedSince(Map<Long, Long> before, Map<Long, Long> after) {
        if (after.isEmpty()) {
            return -1;
        }
        long bytes = 0;
        for (Map.Entry<Long, Long> thread : after.entrySet()) {
            bytes += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
        }
        return bytes;
    }

    /** The JVM's garbage-collection time so far, in milliseconds, over all its collectors. */
    static long collectionMillis() {
        long millis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            millis += Math.max(0, collector.getCollectionTime());
        }
        return millis;
    }

    static Path newDataDirectory() {
        try {
            return Files.createTempDirectory("privacykit-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An engine on the benchmark policy, on an H2 store of its own, with {@code count} visitors that it
     * has each assessed once: their locations and kept visits are warm, as a returning visitor's are.
     */
    record ReturningVisitors(Path dataDir, PrivacyEngine engine, String[] addresses, String[] cookies)
            implements AutoCloseable {

        static ReturningVisitors open(int count) {
            Path dataDir = newDataDirectory();
            Policy policy = policy(dataDir);
            PrivacyEngine engine = PrivacyEngine.open(policy);
            String[] addresses = publicAddressTexts(count);
            String[] cookies = consentCookies(policy, count);
            for (int i = 0; i < count; i++) {
                engine.assess(addresses[i], RequestHeaders.none(), cookies[i]);
            }
            return new ReturningVisitors(dataDir, engine, addresses, cookies);
        }

        @Override
        public void close() {
            engine.close();
            delete(dataDir);
        }
    }
}
