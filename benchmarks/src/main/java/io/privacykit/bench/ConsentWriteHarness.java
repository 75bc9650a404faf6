package io.privacykit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privacykit.PrivacyEngine;
import io.privacykit.consent.LedgerVerification;
import io.privacykit.policy.Policy;
import io.privacykit.servlet.PrivacyFilter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Consent changes per second over HTTP (docs/performance.md: at least 10,000/s on H2 and 5,000/s on PostgreSQL
 * with 8 clients): {@code POST <prefix>/consent} with {@code accept=all} to an embedded Jetty 12 behind
 * {@link PrivacyFilter}, from 8 client threads (a Jetty client in this JVM), each request naming one of 10,000
 * visitors in {@code X-Forwarded-For} and carrying no cookie, so that every one mints a consent id and appends a
 * record to the hash-chained ledger before it is answered. The store is an H2 file or an embedded PostgreSQL with
 * {@code synchronous_commit=on}: an answered change is a committed record. At the end the harness verifies the
 * chain and that it holds at least as many records as were answered.
 *
 * <p>{@code --store=h2-memory} is no target but a bound: the same path on an in-memory H2, which writes no file, so
 * no durable store can answer faster here.
 *
 * <p>Options ({@code --name=value}): {@code store} ({@code h2}, {@code postgresql} or {@code h2-memory}), {@code clients} (8),
 * {@code warmup} seconds (3; and at least one request per visitor), {@code seconds} measured (5), {@code visitors} (10000), {@code json} (a file for the
 * results; none).
 */
public final class ConsentWriteHarness {

    private ConsentWriteHarness() {
    }

    public static void main(String[] args) throws Exception {
        String store = "h2";
        int clients = 8, warmup = 3, seconds = 5, visitors = 10_000;
        Path json = null;
        for (String arg : args) {
            String[] option = arg.split("=", 2);
            if (option.length != 2 || !option[0].startsWith("--")) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            switch (option[0].substring(2)) {
                case "store" -> store = option[1];
                case "clients" -> clients = Integer.parseInt(option[1]);
                case "warmup" -> warmup = Integer.parseInt(option[1]);
                case "seconds" -> seconds = Integer.parseInt(option[1]);
                case "visitors" -> visitors = Integer.parseInt(option[1]);
                case "json" -> json = Path.of(option[1]);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (!store.equals("h2") && !store.equals("postgresql") && !store.equals("h2-memory")) {
            throw new IllegalArgumentException("--store: h2, postgresql or h2-memory, got " + store);
        }
        double target = store.equals("h2") ? 10_000 : 5_000;
        Path dataDir = BenchFixture.newDataDirectory();
        EmbeddedPostgres postgres = null;
        try {
            Map<String, String> overrides = Map.of();
            if (store.equals("h2-memory")) {
                // Not a target: the same path with nothing written to a file, the ceiling any durable store is under.
                overrides = Map.of("privacy.store.url", "jdbc:h2:mem:consent-writes;DB_CLOSE_DELAY=-1");
            }
            if (store.equals("postgresql")) {
                postgres = BenchFixture.durablePostgres();
                overrides = Map.of("privacy.store.url", postgres.getJdbcUrl("postgres", "postgres"),
                        "privacy.store.user", "postgres");
            }
            Policy policy = BenchFixture.policy(dataDir, overrides);
            PrivacyEngine engine = PrivacyEngine.open(policy);
            Server server = start(new PrivacyFilter(engine));
            HttpClient client = new HttpClient();
            client.setMaxConnectionsPerDestination(clients);
            client.start();
            try {
                URI endpoint = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort()
                        + policy.web().prefix() + "/consent");
                String[] addresses = BenchFixture.publicAddressTexts(visitors);
                System.out.printf(Locale.ROOT, "PrivacyKit consent writes: %s, %d clients, %d visitors, %d s warm-up + %d s%n",
                        store, clients, visitors, warmup, seconds);
                ContentResponse first = post(client, endpoint, "193.99.144.80");
                if (first.getStatus() != 200 || !first.getContentAsString().contains("\"receipt\"")) {
                    throw new IllegalStateException("POST " + endpoint + " did not answer with a receipt: "
                            + first.getStatus() + " " + first.getContentAsString());
                }
                // Warm up until the JIT has compiled the path and every visitor was seen once: the
                // first request of a visitor pays an uncached GeoLite2 lookup, measured on its own
                // by FirstRequestBenchmark.
                drive(client, endpoint, addresses, clients, warmup, addresses.length);
                long[] result = drive(client, endpoint, addresses, clients, seconds, 0);
                long ok = result[0], errors = result[1], nanos = result[2];
                double rate = ok * 1e9 / nanos;
                long[] latencies = Arrays.copyOfRange(result, 3, result.length);
                Arrays.sort(latencies);
                double p50 = percentile(latencies, 50) / 1e3, p99 = percentile(latencies, 99) / 1e3;
                LedgerVerification verification = engine.store().verifyLedger();
                if (!(verification instanceof LedgerVerification.Intact intact) || intact.entries() < ok) {
                    throw new IllegalStateException("ledger after the run: " + verification + ", " + ok + " answered");
                }
                System.out.printf(Locale.ROOT, "%,d changes answered in %.2f s (%d errors), latency p50 %.0f us, p99 %.0f us;"
                        + " ledger intact with %,d records%n", ok, nanos / 1e9, errors, p50, p99, intact.entries());
                if (json != null) {
                    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                    ObjectNode root = mapper.createObjectNode();
                    root.put("store", store);
                    root.put("clients", clients);
                    root.put("seconds", nanos / 1e9);
                    root.put("changes", ok);
                    root.put("errors", errors);
                    root.put("changesPerSecond", rate);
                    root.putObject("latencyMicros").put("p50", p50).put("p99", p99);
                    root.put("ledgerRecords", intact.entries());
                    Files.createDirectories(json.toAbsolutePath().getParent());
                    mapper.writeValue(json.toFile(), root);
                }
                if (store.equals("h2-memory")) {
                    System.out.printf(Locale.ROOT, "consent writes per second (h2-memory, nothing written to a file:"
                            + " the ceiling of a durable store on this path): %.0f%n", rate);
                } else {
                    System.out.printf(Locale.ROOT, "consent writes per second (%s): %.0f (target >= %.0f: %s)%n", store,
                            rate, target, rate >= target ? "MET" : "MISSED");
                }
            } finally {
                client.stop();
                server.stop();
                engine.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
            BenchFixture.delete(dataDir);
        }
    }

    private static Server start(PrivacyFilter filter) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.allOf(DispatcherType.class));
        context.addServlet(new ServletHolder(new LoadHarness.HelloServlet()), "/");
        server.setHandler(context);
        server.start();
        return server;
    }

    private static ContentResponse post(HttpClient client, URI endpoint, String address) throws Exception {
        return client.newRequest(endpoint).method(HttpMethod.POST)
                .headers(h -> h.put("X-Forwarded-For", address))
                .body(new StringRequestContent("application/x-www-form-urlencoded", "accept=all"))
                .timeout(30, TimeUnit.SECONDS).send();
    }

    /** Answered, errors, nanoseconds, then each answered request's latency in nanoseconds. */
    private static long[] drive(HttpClient client, URI endpoint, String[] addresses, int clients, int seconds,
                                int atLeast) throws InterruptedException {
        AtomicInteger issued = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[clients];
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int worker = c;
            latencies.add(new long[1 << 14]);
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < deadline || issued.get() < atLeast) {
                    String address = addresses[issued.getAndIncrement() % addresses.length];
                    try {
                        long sent = System.nanoTime();
                        ContentResponse response = post(client, endpoint, address);
                        long took = System.nanoTime() - sent;
                        if (response.getStatus() != 200) {
                            errors.incrementAndGet();
                            continue;
                        }
                        long[] own = latencies.get(worker);
                        if (counts[worker] == own.length) {
                            own = Arrays.copyOf(own, own.length * 2);
                            latencies.set(worker, own);
                        }
                        own[counts[worker]++] = took;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            }, "consent-client-" + c);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long nanos = System.nanoTime() - start;
        int total = Arrays.stream(counts).sum();
        long[] result = new long[3 + total];
        result[0] = total;
        result[1] = errors.get();
        result[2] = nanos;
        int at = 3;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies.get(c), 0, result, at, counts[c]);
            at += counts[c];
        }
        return result;
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN
                : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
    }
}
