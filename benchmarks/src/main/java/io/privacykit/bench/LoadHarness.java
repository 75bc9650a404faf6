package io.privacykit.bench;

import io.privacykit.policy.Policy;
import io.privacykit.servlet.PrivacyFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The throughput target of docs/performance.md ("Jetty hello-world throughput with PrivacyFilter >= 0.95x of the same
 * server without it, same run, loopback load, 10,000 distinct client addresses"). Starts the same hello-world
 * servlet on two embedded Jetty 12 servers on 127.0.0.1, one behind {@link PrivacyFilter} trusting 127.0.0.1
 * as its proxy, and drives both from a Jetty client in this JVM, each visitor named by {@code X-Forwarded-For}
 * and every other one carrying a valid consent cookie: first a JIT warm-up taking turns between the two, then
 * rounds in ABBA order (without, with; with, without; ...) so that drift in the machine's load falls on both
 * alike. Every phase is bounded by a request count and a time; the harness stops by itself.
 *
 * <p>Options ({@code --name=value}): {@code jit} warm-up seconds per server (5), {@code rounds} (4),
 * {@code warmup} seconds before each measured phase (1), {@code seconds} per measured phase (3),
 * {@code requests} at most per measured phase (500000), {@code connections} (8), {@code visitors} (10000).
 */
public final class LoadHarness {

    private static final double TARGET = 0.95;
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private record Settings(int jitSeconds, int rounds, int warmupSeconds, int seconds, int requests, int connections,
                            int visitors) {

        static Settings parse(String[] args) {
            int jit = 5, rounds = 4, warmup = 1, seconds = 3, requests = 500_000, connections = 8, visitors = 10_000;
            for (String arg : args) {
                String[] option = arg.split("=", 2);
                if (option.length != 2 || !option[0].startsWith("--")) {
                    throw new IllegalArgumentException("expected --name=value, got " + arg);
                }
                int value = Integer.parseInt(option[1]);
                if (value < 1) {
                    throw new IllegalArgumentException(arg + ": must be at least 1");
                }
                switch (option[0].substring(2)) {
                    case "jit" -> jit = value;
                    case "rounds" -> rounds = value;
                    case "warmup" -> warmup = value;
                    case "seconds" -> seconds = value;
                    case "requests" -> requests = value;
                    case "connections" -> connections = value;
                    case "visitors" -> visitors = value;
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            return new Settings(jit, rounds, warmup, seconds, requests, connections, visitors);
        }
    }

    /** What one measured phase achieved, and the CPU time this process (server and client) spent on it. */
    private record Phase(long requests, long errors, long nanos, long cpuNanos) {
        double perSecond() {
            return requests * 1e9 / nanos;
        }

        double cpuMicrosPerRequest() {
            return cpuNanos / 1e3 / requests;
        }
    }

    /** The app under load: says hello. */
    static final class HelloServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=utf-8");
            response.getWriter().write("Hello, world\n");
        }
    }

    private final Settings settings;
    private final String[] addresses;
    private final String[] cookieHeaders;
    private final HttpClient client = new HttpClient();

    private LoadHarness(Settings settings, Policy policy) {
        this.settings = settings;
        this.addresses = BenchFixture.publicAddressTexts(settings.visitors());
        String[] cookies = BenchFixture.consentCookies(policy, settings.visitors());
        this.cookieHeaders = new String[settings.visitors()];
        for (int i = 0; i < cookieHeaders.length; i += 2) {
            cookieHeaders[i] = policy.consent().cookieName() + "=" + cookies[i];
        }
        client.setMaxConnectionsPerDestination(settings.connections());
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Path dataDir = BenchFixture.newDataDirectory();
        try {
            Policy policy = BenchFixture.policy(dataDir);
            new LoadHarness(settings, policy).run(policy);
        } finally {
            BenchFixture.delete(dataDir);
        }
    }

    private void run(Policy policy) throws Exception {
        System.out.printf(Locale.ROOT, "PrivacyKit load harness: Java %s, %d cores; %d visitors, %d connections;"
                        + " %d s JIT warm-up per server, %d rounds, each phase %d s warm-up + at most %d s or %d requests%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), settings.visitors(), settings.connections(),
                settings.jitSeconds(), settings.rounds(), settings.warmupSeconds(), settings.seconds(), settings.requests());
        Server plain = start(null);
        Server filtered = start(PrivacyFilter.create(policy));
        client.start();
        try {
            URI plainUri = URI.create("http://127.0.0.1:" + port(plain) + "/");
            URI filteredUri = URI.create("http://127.0.0.1:" + port(filtered) + "/");
            checkFilterIsActive(URI.create("http://127.0.0.1:" + port(filtered) + policy.web().prefix() + "/consent"));
            // One-second turns on each server, so that both are compiled alike before anything is measured.
            for (int second = 0; second < settings.jitSeconds(); second++) {
                drive(plainUri, 1, Integer.MAX_VALUE);
                drive(filteredUri, 1, Integer.MAX_VALUE);
            }
            List<Phase> without = new ArrayList<>();
            List<Phase> with = new ArrayList<>();
            for (int round = 1; round <= settings.rounds(); round++) {
                Phase a;
                Phase b;
                if (round % 2 == 1) {
                    a = phase(round, "without PrivacyFilter", plainUri);
                    b = phase(round, "with PrivacyFilter   ", filteredUri);
                } else {
                    b = phase(round, "with PrivacyFilter   ", filteredUri);
                    a = phase(round, "without PrivacyFilter", plainUri);
                }
                without.add(a);
                with.add(b);
                System.out.printf(Locale.ROOT, "round %d ratio with/without: %.3f%n", round, b.perSecond() / a.perSecond());
            }
            double withoutRate = total(without);
            double withRate = total(with);
            System.out.printf(Locale.ROOT, "without PrivacyFilter: %,.0f req/s, %.1f us CPU/request%n", withoutRate,
                    cpuPerRequest(without));
            System.out.printf(Locale.ROOT, "with PrivacyFilter:    %,.0f req/s, %.1f us CPU/request%n", withRate,
                    cpuPerRequest(with));
            double ratio = withRate / withoutRate;
            System.out.printf(Locale.ROOT, "ratio with/without: %.3f (target >= %.2f: %s)%n", ratio, TARGET,
                    ratio >= TARGET ? "met" : "MISSED");
        } finally {
            client.stop();
            filtered.stop();
            plain.stop();
        }
    }

    private static Server start(PrivacyFilter filter) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        if (filter != null) {
            FilterHolder holder = new FilterHolder(filter);
            holder.setAsyncSupported(true);
            context.addFilter(holder, "/*", EnumSet.allOf(DispatcherType.class));
        }
        context.addServlet(new ServletHolder(new HelloServlet()), "/");
        server.setHandler(context);
        server.start();
        return server;
    }

    private static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** One request to the consent endpoint, so that a misconfigured run does not pass for a fast one. */
    private void checkFilterIsActive(URI consentEndpoint) throws Exception {
        ContentResponse response = client.newRequest(consentEndpoint)
                .headers(h -> h.put("X-Forwarded-For", "193.99.144.80"))
                .timeout(10, TimeUnit.SECONDS).send();
        String body = response.getContentAsString();
        if (response.getStatus() != 200 || !body.contains("\"GDPR\"")) {
            throw new IllegalStateException("PrivacyFilter did not place a German visitor under the GDPR: "
                    + response.getStatus() + " " + body);
        }
    }

    private Phase phase(int round, String name, URI uri) throws InterruptedException {
        drive(uri, settings.warmupSeconds(), Integer.MAX_VALUE);
        Phase phase = drive(uri, settings.seconds(), settings.requests());
        System.out.printf(Locale.ROOT, "round %d %s: %,9d requests in %5.2f s = %,8.0f req/s, %5.1f us CPU/request"
                        + " (%d errors)%n", round, name, phase.requests(), phase.nanos() / 1e9, phase.perSecond(),
                phase.cpuMicrosPerRequest(), phase.errors());
        return phase;
    }

    /** Sends requests over the configured connections until {@code seconds} pass or {@code maxRequests} are sent. */
    private Phase drive(URI uri, int seconds, int maxRequests) throws InterruptedException {
        AtomicInteger issued = new AtomicInteger();
        AtomicLong completed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long startCpu = PROCESS.getProcessCpuTime();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < settings.connections(); w++) {
            Thread worker = new Thread(() -> {
                int n;
                while (System.nanoTime() < deadline && (n = issued.getAndIncrement()) < maxRequests) {
                    int visitor = n % addresses.length;
                    String cookie = cookieHeaders[visitor];
                    try {
                        ContentResponse response = client.newRequest(uri)
                                .headers(h -> {
                                    h.put("X-Forwarded-For", addresses[visitor]);
                                    if (cookie != null) {
                                        h.put(HttpHeader.COOKIE, cookie);
                                    }
                                })
                                .timeout(10, TimeUnit.SECONDS).send();
                        (response.getStatus() == 200 ? completed : errors).incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            }, "load-" + w);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return new Phase(completed.get(), errors.get(), System.nanoTime() - start, PROCESS.getProcessCpuTime() - startCpu);
    }

    private static double cpuPerRequest(List<Phase> phases) {
        return phases.stream().mapToLong(Phase::cpuNanos).sum() / 1e3 / phases.stream().mapToLong(Phase::requests).sum();
    }

    private static double total(List<Phase> phases) {
        long requests = phases.stream().mapToLong(Phase::requests).sum();
        long nanos = phases.stream().mapToLong(Phase::nanos).sum();
        return requests * 1e9 / nanos;
    }
}
