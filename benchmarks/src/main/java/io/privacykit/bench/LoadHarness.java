package io.privacykit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privacykit.geo.RequestHeaders;
import io.privacykit.policy.Policy;
import io.privacykit.servlet.PrivacyFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The throughput target of docs/performance.md ("Jetty hello-world throughput with PrivacyFilter >= 0.95x of the same
 * server without it, same run, loopback load, 10,000 distinct client addresses"). Starts the same servlet on two
 * embedded Jetty 12 servers on 127.0.0.1, one behind {@link PrivacyFilter} trusting 127.0.0.1 as its proxy, and
 * drives both, each visitor named by {@code X-Forwarded-For} and every other one carrying a valid consent cookie:
 * first a JIT warm-up taking turns between the two and unmeasured rounds of the measured shape, then rounds in
 * ABBA order (without, with; with, without; ...) so that drift in the machine's load falls on both alike. Every
 * phase is bounded by a time (and, with the in-process client, a request count); the harness stops by itself.
 *
 * <p>Two workloads ({@code --page}): {@code hello}, a 13-byte {@code text/plain} hello world (the default, as
 * before), and {@code cookies}, a small HTML page that sets a necessary {@code session} and a tracking
 * {@code _ga} cookie to visitors whose requests carry both, which exercises the cookie gate, the deletion of a
 * withheld cookie and the {@code Vary}/{@code Cache-Control} work. Two drivers ({@code --driver}): {@code jetty},
 * a Jetty client in this JVM (the default), and {@code wrk}, Debian's {@code wrk} in a separate process fed by
 * {@code benchmarks/wrk/visitors.lua} with the same visitors and cookies, so that the CPU time measured is the
 * servers' alone. The servers run in this JVM, or each in one of its own ({@code --servers=separate}), whose CPU time
 * is then the one measured.
 *
 * <p>Besides the ratio of all rounds' requests, the harness gives the mean of the rounds' ratios and of their extra
 * CPU per request, each with its 95% confidence interval: the rounds differ by the machine's noise, and many short
 * rounds narrow the interval more than a few long ones.
 *
 * <p>Options ({@code --name=value}): {@code jit} warm-up seconds per server (5), {@code settle} unmeasured rounds
 * after it (1), {@code rounds} (4),
 * {@code warmup} seconds before each measured phase (1), {@code seconds} per measured phase (3),
 * {@code requests} at most per measured phase (500000; the in-process client only), {@code connections} (8),
 * {@code visitors} (10000), {@code page} ({@code hello}), {@code driver} ({@code jetty}), {@code filter}
 * ({@code privacykit}; {@code floor}: {@link FloorFilter} instead of PrivacyFilter), {@code wrk-threads}
 * (2), {@code wrk-script} ({@code benchmarks/wrk/visitors.lua}), {@code json} (a file for the results; none),
 * {@code servers} ({@code shared}: both servers in this JVM; {@code separate}: each in a JVM of its own with this
 * one's options, see {@link ServerProcess}, so that neither server's requests shape what the other's JIT compiles
 * and each phase's CPU time is its server's alone).
 */
public final class LoadHarness {

    private static final double TARGET = 0.95;
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private record Settings(int jitSeconds, int settleRounds, int rounds, int warmupSeconds, int seconds, int requests,
                            int connections, int visitors, String page, String driver, String filter, int wrkThreads,
                            Path wrkScript, Path json, boolean separate) {

        boolean floor() {
            return filter.equals("floor");
        }

        /** Whether the CPU time measured is the server's alone: no client in the JVM measured. */
        boolean serverCpuOnly() {
            return driver.equals("wrk") || separate;
        }

        static Settings parse(String[] args) {
            int jit = 5, settle = 1, rounds = 4, warmup = 1, seconds = 3, requests = 500_000, connections = 8;
            int visitors = 10_000;
            int wrkThreads = 2;
            String page = "hello", driver = "jetty", filter = "privacykit";
            Path wrkScript = Path.of("benchmarks", "wrk", "visitors.lua");
            Path json = null;
            boolean separate = false;
            List<String> bad = new ArrayList<>();
            for (String arg : args) {
                String[] option = arg.split("=", 2);
                if (option.length != 2 || !option[0].startsWith("--")) {
                    bad.add("expected --name=value, got " + arg);
                    continue;
                }
                String name = option[0].substring(2);
                String text = option[1];
                switch (name) {
                    case "page" -> {
                        if (!text.equals("hello") && !text.equals("cookies")) {
                            bad.add(arg + ": hello or cookies");
                        }
                        page = text;
                    }
                    case "driver" -> {
                        if (!text.equals("jetty") && !text.equals("wrk")) {
                            bad.add(arg + ": jetty or wrk");
                        }
                        driver = text;
                    }
                    case "filter" -> {
                        if (!text.equals("privacykit") && !text.equals("floor")) {
                            bad.add(arg + ": privacykit or floor");
                        }
                        filter = text;
                    }
                    case "servers" -> {
                        if (!text.equals("shared") && !text.equals("separate")) {
                            bad.add(arg + ": shared or separate");
                        }
                        separate = text.equals("separate");
                    }
                    case "wrk-script" -> wrkScript = Path.of(text);
                    case "json" -> json = Path.of(text);
                    case "jit", "settle", "rounds", "warmup", "seconds", "requests", "connections", "visitors",
                         "wrk-threads" -> {
                        int value;
                        try {
                            value = Integer.parseInt(text);
                        } catch (NumberFormatException e) {
                            bad.add(arg + ": not a whole number");
                            continue;
                        }
                        int least = name.equals("settle") ? 0 : 1;
                        if (value < least) {
                            bad.add(arg + ": must be at least " + least);
                            continue;
                        }
                        switch (name) {
                            case "jit" -> jit = value;
                            case "settle" -> settle = value;
                            case "rounds" -> rounds = value;
                            case "warmup" -> warmup = value;
                            case "seconds" -> seconds = value;
                            case "requests" -> requests = value;
                            case "connections" -> connections = value;
                            case "visitors" -> visitors = value;
                            default -> wrkThreads = value;
                        }
                    }
                    default -> bad.add("unknown option " + arg);
                }
            }
            if (!bad.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", bad));
            }
            return new Settings(jit, settle, rounds, warmup, seconds, requests, connections, visitors, page, driver,
                    filter, Math.min(wrkThreads, connections), wrkScript, json, separate);
        }
    }

    /** What one measured phase achieved ({@code load}) and what the server's JVM did meanwhile ({@code server}). */
    private record Phase(Load load, Activity server) {

        long requests() {
            return load.requests();
        }

        long errors() {
            return load.errors();
        }

        long nanos() {
            return load.nanos();
        }

        double[] latencyMicros() {
            return load.latencyMicros();
        }

        double perSecond() {
            return requests() * 1e9 / nanos();
        }

        /** This phase's requests per second over those of {@code without}, the round's other phase. */
        double ratioTo(Phase without) {
            return perSecond() / without.perSecond();
        }

        double cpuMicrosPerRequest() {
            return perRequest(List.of(this), Activity::cpuNanos) / 1e3;
        }

        /** The bytes allocated per request, or NaN where they were not counted. */
        double bytesPerRequest() {
            return perRequest(List.of(this), Activity::allocatedBytes);
        }

        /** The CPU time in the kernel per request, in microseconds, or NaN where it was not counted. */
        double kernelMicrosPerRequest() {
            return perRequest(List.of(this), Activity::kernelNanos) / 1e3;
        }
    }

    /** What a driver got from a server in one phase: answers, failures, the time taken and latency percentiles. */
    private record Load(long requests, long errors, long nanos, double[] latencyMicros) {
    }

    /**
     * What a JVM did between two moments: its CPU time, compilation and garbage-collection time, minor page faults,
     * the bytes its threads allocated and the part of its CPU time spent in the kernel (-1 where not counted).
     */
    record Activity(long cpuNanos, long compileMillis, long gcMillis, long minorFaults, long allocatedBytes,
                    long kernelNanos) {

        /** The line a server process writes for it. */
        String line() {
            return cpuNanos + " " + compileMillis + " " + gcMillis + " " + minorFaults + " " + allocatedBytes + " "
                    + kernelNanos;
        }

        static Activity parse(String line) {
            String[] f = line.trim().split(" ");
            return new Activity(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), Long.parseLong(f[5]));
        }
    }

    /**
     * A server under load, in this JVM or in one of its own ({@code --servers=separate}), and what its JVM did
     * between {@link #begin} and {@link #end}.
     */
    interface Target extends AutoCloseable {
        URI uri();

        void begin() throws IOException;

        Activity end() throws IOException;
    }

    /** A server in this JVM: the activity measured is the whole process's, the in-process client's included. */
    private static final class InProcess implements Target {
        private final Server server;
        private final Runnable after;
        private JvmActivity before;

        InProcess(Server server, Runnable after) {
            this.server = server;
            this.after = after;
        }

        @Override
        public URI uri() {
            return URI.create("http://127.0.0.1:" + port(server) + "/");
        }

        @Override
        public void begin() {
            before = JvmActivity.now();
        }

        @Override
        public Activity end() {
            return JvmActivity.now().since(before);
        }

        @Override
        public void close() throws Exception {
            server.stop();
            after.run();
        }
    }

    /**
     * The mean of per-round values and its two-sided 95% confidence interval by Student's t: how far the mean of a
     * run's rounds can be from the code's own figure, given how much its rounds differ.
     */
    record MeanInterval(double mean, double low, double high, int rounds) {

        /** Student's t at 97.5% for 1 to 30 degrees of freedom. */
        private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
            2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};

        /** The interval of {@code values}' mean, or null for fewer than two values. */
        static MeanInterval of(double[] values) {
            int n = values.length;
            if (n < 2) {
                return null;
            }
            double mean = java.util.Arrays.stream(values).average().orElseThrow();
            double squares = 0;
            for (double v : values) {
                squares += (v - mean) * (v - mean);
            }
            double standardError = Math.sqrt(squares / (n - 1) / n);
            // Beyond 30 degrees of freedom t falls from 2.042 towards 1.96: the last entry keeps the interval wide enough.
            double t = T975[Math.min(n - 1, T975.length) - 1];
            return new MeanInterval(mean, mean - t * standardError, mean + t * standardError, n);
        }

        void write(ObjectNode node) {
            node.put("rounds", rounds);
            node.put("mean", mean);
            node.put("low95", low);
            node.put("high95", high);
        }
    }

    /**
     * The JVM's CPU time so far, its total compilation and garbage-collection time, in milliseconds, the process's
     * page faults, what each of its threads allocated and the process's CPU time in the kernel.
     */
    record JvmActivity(long cpuNanos, long compileMillis, long gcMillis, long minorFaults,
                       Map<Long, Long> threadAllocations, long kernelNanos) {
        static JvmActivity now() {
            CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
            long compile = compiler != null && compiler.isCompilationTimeMonitoringSupported()
                    ? compiler.getTotalCompilationTime() : 0;
            return new JvmActivity(PROCESS.getProcessCpuTime(), compile, BenchFixture.collectionMillis(),
                    BenchFixture.minorPageFaults(), BenchFixture.threadAllocations(), BenchFixture.kernelCpuNanos());
        }

        Activity since(JvmActivity before) {
            return new Activity(cpuNanos - before.cpuNanos, compileMillis - before.compileMillis,
                    gcMillis - before.gcMillis, before.minorFaults < 0 ? -1 : minorFaults - before.minorFaults,
                    BenchFixture.allocatedSince(before.threadAllocations, threadAllocations),
                    before.kernelNanos < 0 || kernelNanos < 0 ? -1 : kernelNanos - before.kernelNanos);
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

    /** A page that sets a necessary session cookie and Google Analytics' {@code _ga}, as a shop's home page does. */
    static final class CookiePageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final String PAGE = "<!doctype html><html lang=\"en\"><head><title>Shop</title></head>"
                + "<body><h1>Welcome</h1><p>Today's offers.</p></body></html>\n";
        private final AtomicLong sessions = new AtomicLong();

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            long n = sessions.incrementAndGet();
            Cookie session = new Cookie("session", "s" + Long.toHexString(n));
            session.setPath("/");
            session.setHttpOnly(true);
            response.addCookie(session);
            Cookie ga = new Cookie("_ga", "GA1.1." + n + ".1700000000");
            ga.setPath("/");
            ga.setMaxAge(63_072_000);
            response.addCookie(ga);
            response.setContentType("text/html;charset=utf-8");
            response.getWriter().write(PAGE);
        }
    }

    private final Settings settings;
    private final String[] addresses;
    private final String[] cookieHeaders;
    private final String consentCookieName;
    private final HttpClient client = new HttpClient();

    private LoadHarness(Settings settings, Policy policy) {
        this.settings = settings;
        this.addresses = BenchFixture.publicAddressTexts(settings.visitors());
        this.consentCookieName = policy.consent().cookieName();
        String[] cookies = BenchFixture.consentCookies(policy, settings.visitors());
        this.cookieHeaders = new String[settings.visitors()];
        for (int i = 0; i < cookieHeaders.length; i++) {
            String consent = i % 2 == 0 ? consentCookieName + "=" + cookies[i] : null;
            if (settings.page().equals("cookies")) {
                // The returning visitor's browser sends back what the page set before.
                String own = "session=s" + Integer.toHexString(i) + "; _ga=GA1.1." + i + ".1700000000";
                cookieHeaders[i] = consent == null ? own : consent + "; " + own;
            } else {
                cookieHeaders[i] = consent;
            }
        }
        client.setMaxConnectionsPerDestination(settings.connections());
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Path dataDir = BenchFixture.newDataDirectory();
        try {
            Policy policy = BenchFixture.policy(dataDir);
            new LoadHarness(settings, policy).run(policy, dataDir);
        } finally {
            BenchFixture.delete(dataDir);
        }
    }

    private void run(Policy policy, Path dataDir) throws Exception {
        System.out.printf(Locale.ROOT, "PrivacyKit load harness: Java %s, %d cores; page %s, driver %s, servers %s;"
                        + " %d visitors, %d connections; %d s JIT warm-up per server, %d unmeasured and %d measured"
                        + " rounds, each phase %d s warm-up + at most %d s or %d requests%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), settings.page(), settings.driver(),
                settings.separate() ? "each in its own JVM" : "both in this JVM", settings.visitors(),
                settings.connections(), settings.jitSeconds(), settings.settleRounds(), settings.rounds(),
                settings.warmupSeconds(), settings.seconds(), settings.requests());
        Target plain;
        Target filtered;
        if (settings.separate()) {
            plain = ServerProcess.launch(settings.page(), "none", settings.visitors());
            filtered = ServerProcess.launch(settings.page(), settings.filter(), settings.visitors());
        } else {
            plain = new InProcess(start(null, settings.page()), () -> { });
            FilterUnderTest filter = FilterUnderTest.of(settings.filter(), policy, addresses);
            filtered = new InProcess(start(filter.filter(), settings.page()), filter.stop());
        }
        // The labels name the filter measured. With PrivacyFilter the last line keeps its form; the floor's
        // says it has no target.
        String with = settings.floor() ? "with the floor filter" : "with PrivacyFilter   ";
        String without = settings.floor() ? "without a filter     " : "without PrivacyFilter";
        client.start();
        Path visitorsFile = null;
        if (settings.driver().equals("wrk")) {
            visitorsFile = dataDir.resolve("visitors.tsv");
            writeVisitors(visitorsFile);
        }
        try (plain; filtered) {
            URI plainUri = plain.uri();
            URI filteredUri = filtered.uri();
            if (!settings.floor()) {
                checkFilterIsActive(filteredUri.resolve(policy.web().prefix() + "/consent"));
            }
            if (settings.page().equals("cookies")) {
                checkCookieGate(filteredUri);
            }
            Driver driver = settings.driver().equals("wrk") ? new WrkDriver(visitorsFile) : new JettyDriver();
            // One-second turns on each server, so that both are compiled alike before anything is measured.
            for (int second = 0; second < settings.jitSeconds(); second++) {
                driver.drive(plainUri, 1, Integer.MAX_VALUE, false);
                driver.drive(filteredUri, 1, Integer.MAX_VALUE, false);
            }
            // Then whole unmeasured rounds of the measured shape: the JIT recompiles Jetty's connection code when the
            // turns give way to long phases, and that compilation, on this process's CPU, belongs to no request.
            for (int round = 1; round <= settings.settleRounds(); round++) {
                settle(driver, plainUri);
                settle(driver, filteredUri);
            }
            List<Phase> withoutPhases = new ArrayList<>();
            List<Phase> withPhases = new ArrayList<>();
            for (int round = 1; round <= settings.rounds(); round++) {
                Phase a;
                Phase b;
                if (round % 2 == 1) {
                    a = phase(driver, round, without, plain);
                    b = phase(driver, round, with, filtered);
                } else {
                    b = phase(driver, round, with, filtered);
                    a = phase(driver, round, without, plain);
                }
                withoutPhases.add(a);
                withPhases.add(b);
                System.out.printf(Locale.ROOT, "round %d ratio with/without: %.3f%n", round, b.ratioTo(a));
            }
            double withoutRate = total(withoutPhases);
            double withRate = total(withPhases);
            double withoutCpu = cpuPerRequest(withoutPhases);
            double withCpu = cpuPerRequest(withPhases);
            System.out.printf(Locale.ROOT, "%s: %,.0f req/s, %.1f us CPU/request%n", without, withoutRate, withoutCpu);
            System.out.printf(Locale.ROOT, "%s: %,.0f req/s, %.1f us CPU/request%n", with, withRate, withCpu);
            System.out.printf(Locale.ROOT, "extra CPU per request %s: %.2f us (%s)%n", with.strip(), withCpu - withoutCpu,
                    settings.serverCpuOnly() ? "server only" : "server and in-process client");
            double extraBytes = bytesPerRequest(withPhases) - bytesPerRequest(withoutPhases);
            if (!Double.isNaN(extraBytes)) {
                // Unlike the CPU time, the bytes allocated barely depend on what else the machine runs.
                System.out.printf(Locale.ROOT, "extra bytes allocated per request %s: %,.0f%n", with.strip(), extraBytes);
            }
            double withoutKernel = kernelPerRequest(withoutPhases);
            double withKernel = kernelPerRequest(withPhases);
            if (!Double.isNaN(withoutKernel) && !Double.isNaN(withKernel)) {
                System.out.printf(Locale.ROOT, "CPU per request in the kernel: %.1f us %s, %.1f us %s (%+.2f us)%n",
                        withoutKernel, without.strip(), withKernel, with.strip(), withKernel - withoutKernel);
            }
            double ratio = withRate / withoutRate;
            double[] roundRatios = new double[withPhases.size()];
            double[] roundExtraCpu = new double[withPhases.size()];
            for (int r = 0; r < roundRatios.length; r++) {
                roundRatios[r] = withPhases.get(r).ratioTo(withoutPhases.get(r));
                roundExtraCpu[r] = withPhases.get(r).cpuMicrosPerRequest() - withoutPhases.get(r).cpuMicrosPerRequest();
            }
            MeanInterval ratioInterval = MeanInterval.of(roundRatios);
            MeanInterval cpuInterval = MeanInterval.of(roundExtraCpu);
            if (ratioInterval != null) {
                // Each round pairs its two phases in time: the spread of the rounds is the machine's noise, which the
                // interval puts a width on. A bound inside it is one this run cannot tell met from missed.
                System.out.printf(Locale.ROOT, "over %d rounds: ratio %.3f, 95%% interval %.3f to %.3f;"
                                + " extra CPU per request %.2f us, 95%% interval %.2f to %.2f%n", roundRatios.length,
                        ratioInterval.mean(), ratioInterval.low(), ratioInterval.high(),
                        cpuInterval.mean(), cpuInterval.low(), cpuInterval.high());
            }
            if (settings.json() != null) {
                writeJson(settings.json(), withoutPhases, withPhases, ratio, withCpu - withoutCpu, ratioInterval, cpuInterval);
            }
            if (settings.floor()) {
                System.out.printf(Locale.ROOT, "ratio with/without: %.3f (the floor of any server-side gate; no target)%n",
                        ratio);
            } else {
                System.out.printf(Locale.ROOT, "ratio with/without: %.3f (target >= %.2f: %s)%n", ratio, TARGET,
                        ratio >= TARGET ? "MET" : "MISSED");
            }
        } finally {
            client.stop();
        }
    }

    /** The filter a server is measured behind, and what stops it once the server has. */
    record FilterUnderTest(jakarta.servlet.Filter filter, Runnable stop) {

        /** PrivacyFilter over {@code policy} ({@code privacykit}), or the floor filter over {@code addresses} ({@code floor}). */
        static FilterUnderTest of(String name, Policy policy, String[] addresses) {
            PrivacyFilter privacyFilter = PrivacyFilter.create(policy);
            if (!name.equals("floor")) {
                return new FilterUnderTest(privacyFilter, privacyFilter::destroy);
            }
            FloorFilter floor = floorFilter(privacyFilter, addresses, policy.consent().cookieName());
            // The floor asked the engine once; its background work (the ledger's follower) is not the floor's.
            privacyFilter.destroy();
            return new FilterUnderTest(floor, () -> { });
        }
    }

    /**
     * The floor filter over the harness's visitors, each allowed the tracking cookie without consent
     * exactly where PrivacyKit's engine allows it (assessed once here, not per request).
     */
    private static FloorFilter floorFilter(PrivacyFilter privacyFilter, String[] addresses, String consentCookieName) {
        Map<String, Boolean> allowed = new HashMap<>();
        for (String address : addresses) {
            allowed.put(address, privacyFilter.engine().assess(address, RequestHeaders.none(), null).decision()
                    .allowedCategories().contains("performance"));
        }
        return new FloorFilter(allowed, consentCookieName);
    }

    static Server start(jakarta.servlet.Filter filter, String page) throws Exception {
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
        HttpServlet servlet = page.equals("cookies") ? new CookiePageServlet() : new HelloServlet();
        context.addServlet(new ServletHolder(servlet), "/");
        server.setHandler(context);
        server.start();
        return server;
    }

    static int port(Server server) {
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

    /**
     * The cookie page under the filter: a German visitor without consent keeps {@code session} but not {@code _ga}
     * (and is told to delete the one it sent); with a consent cookie that grants performance, it gets both.
     */
    private void checkCookieGate(URI page) throws Exception {
        String german = "193.99.144.80";
        String consent = consentCookieName + "=" + cookieHeaders[0].substring(consentCookieName.length() + 1,
                cookieHeaders[0].indexOf(';'));
        List<String> refused = setCookies(page, german, "session=s1; _ga=GA1.1.1.1700000000");
        List<String> granted = setCookies(page, german, consent + "; session=s1; _ga=GA1.1.1.1700000000");
        boolean ok = refused.stream().anyMatch(c -> c.startsWith("session="))
                && refused.stream().noneMatch(c -> c.startsWith("_ga=GA1"))
                && granted.stream().anyMatch(c -> c.startsWith("session="))
                && granted.stream().anyMatch(c -> c.startsWith("_ga=GA1"));
        if (!ok) {
            throw new IllegalStateException("PrivacyFilter did not gate the cookie page as expected: without consent "
                    + refused + ", with consent " + granted);
        }
    }

    private List<String> setCookies(URI page, String address, String cookie) throws Exception {
        ContentResponse response = client.newRequest(page)
                .headers(h -> h.put("X-Forwarded-For", address).put(HttpHeader.COOKIE, cookie))
                .timeout(10, TimeUnit.SECONDS).send();
        if (response.getStatus() != 200) {
            throw new IllegalStateException("cookie page answered " + response.getStatus());
        }
        return response.getHeaders().stream().filter(f -> f.getHeader() == HttpHeader.SET_COOKIE)
                .map(HttpField::getValue).toList();
    }

    private Phase phase(Driver driver, int round, String name, Target server) throws Exception {
        driver.drive(server.uri(), settings.warmupSeconds(), Integer.MAX_VALUE, false);
        server.begin();
        Load load = driver.drive(server.uri(), settings.seconds(), settings.requests(), true);
        Phase phase = new Phase(load, server.end());
        System.out.printf(Locale.ROOT, "round %d %s: %,9d requests in %5.2f s = %,8.0f req/s, %5.1f us CPU/request,"
                        + " %,.0f B/request, p50/p99 %.0f/%.0f us (%d errors; JIT %d ms, GC %d ms, %d page faults)%n",
                round, name, phase.requests(), phase.nanos() / 1e9, phase.perSecond(), phase.cpuMicrosPerRequest(),
                phase.bytesPerRequest(), phase.latencyMicros()[0], phase.latencyMicros()[2], phase.errors(),
                phase.server().compileMillis(), phase.server().gcMillis(), phase.server().minorFaults());
        return phase;
    }

    /** One unmeasured phase of the measured shape, its warm-up included. */
    private void settle(Driver driver, URI uri) throws Exception {
        driver.drive(uri, settings.warmupSeconds() + settings.seconds(), Integer.MAX_VALUE, false);
    }

    /** Sends the workload to one server. */
    private interface Driver {
        Load drive(URI uri, int seconds, int maxRequests, boolean measured) throws Exception;
    }

    /** A Jetty client in this JVM, one thread per connection, each sending a request as soon as the last answered. */
    private final class JettyDriver implements Driver {
        @Override
        public Load drive(URI uri, int seconds, int maxRequests, boolean measured) throws InterruptedException {
            AtomicInteger issued = new AtomicInteger();
            AtomicLong completed = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            long[][] latencies = new long[settings.connections()][];
            int[] counts = new int[settings.connections()];
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < settings.connections(); w++) {
                int worker = w;
                latencies[w] = new long[measured ? 1 << 16 : 0];
                Thread thread = new Thread(() -> {
                    int n;
                    while (System.nanoTime() < deadline && (n = issued.getAndIncrement()) < maxRequests) {
                        int visitor = n % addresses.length;
                        String cookie = cookieHeaders[visitor];
                        try {
                            long sent = System.nanoTime();
                            ContentResponse response = client.newRequest(uri)
                                    .headers(h -> {
                                        h.put("X-Forwarded-For", addresses[visitor]);
                                        if (cookie != null) {
                                            h.put(HttpHeader.COOKIE, cookie);
                                        }
                                    })
                                    .timeout(10, TimeUnit.SECONDS).send();
                            long took = System.nanoTime() - sent;
                            (response.getStatus() == 200 ? completed : errors).incrementAndGet();
                            if (measured) {
                                if (counts[worker] == latencies[worker].length) {
                                    latencies[worker] = Arrays.copyOf(latencies[worker], counts[worker] * 2);
                                }
                                latencies[worker][counts[worker]++] = took;
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                    }
                }, "load-" + w);
                workers.add(thread);
                thread.start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            long nanos = System.nanoTime() - start;
            int total = Arrays.stream(counts).sum();
            long[] all = new long[total];
            int at = 0;
            for (int w = 0; w < counts.length; w++) {
                System.arraycopy(latencies[w], 0, all, at, counts[w]);
                at += counts[w];
            }
            Arrays.sort(all);
            double[] micros = new double[PERCENTILES.length];
            for (int p = 0; p < PERCENTILES.length; p++) {
                micros[p] = all.length == 0 ? Double.NaN
                        : all[(int) Math.min(all.length - 1, Math.ceil(PERCENTILES[p] / 100 * all.length) - 1)] / 1e3;
            }
            return new Load(completed.get(), errors.get(), nanos, micros);
        }
    }

    /** Debian's {@code wrk} in a separate process: the CPU time measured is the servers' alone. */
    private final class WrkDriver implements Driver {
        private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m|h)");
        private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|75|90|99)(?:\\.000)?%\\s+([\\d.]+)(us|ms|s)",
                Pattern.MULTILINE);
        private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
        private static final Pattern SOCKET_ERRORS =
                Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

        private final Path visitorsFile;

        WrkDriver(Path visitorsFile) {
            this.visitorsFile = visitorsFile;
        }

        @Override
        public Load drive(URI uri, int seconds, int maxRequests, boolean measured) throws Exception {
            List<String> command = List.of("wrk", "-t" + settings.wrkThreads(), "-c" + settings.connections(),
                    "-d" + seconds + "s", "--latency", "-s", settings.wrkScript().toString(), uri.toString(), "--",
                    visitorsFile.toString());
            Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!wrk.waitFor(seconds + 30L, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
                throw new IllegalStateException("wrk failed: " + String.join(" ", command) + "\n" + output);
            }
            Matcher requests = REQUESTS.matcher(output);
            if (!requests.find()) {
                throw new IllegalStateException("no request count in wrk's output:\n" + output);
            }
            long count = Long.parseLong(requests.group(1));
            long nanos = (long) (Double.parseDouble(requests.group(2)) * unitNanos(requests.group(3)));
            long errors = 0;
            Matcher non2xx = NON_2XX.matcher(output);
            if (non2xx.find()) {
                errors += Long.parseLong(non2xx.group(1));
            }
            Matcher socket = SOCKET_ERRORS.matcher(output);
            if (socket.find()) {
                for (int g = 1; g <= 4; g++) {
                    errors += Long.parseLong(socket.group(g));
                }
            }
            // wrk reports 50/75/90/99%; the harness's four are 50/90/99/99.9, the last one not known here.
            double[] micros = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
            Matcher percentile = PERCENTILE.matcher(output);
            while (percentile.find()) {
                double value = Double.parseDouble(percentile.group(2)) * unitNanos(percentile.group(3)) / 1e3;
                switch (percentile.group(1)) {
                    case "50" -> micros[0] = value;
                    case "90" -> micros[1] = value;
                    case "99" -> micros[2] = value;
                    default -> { }
                }
            }
            return new Load(count - errors, errors, nanos, micros);
        }

        private static double unitNanos(String unit) {
            return switch (unit) {
                case "us" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
        }
    }

    /** One line a visitor for the wrk script: address, a tab, then the Cookie header (empty for none). */
    private void writeVisitors(Path file) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < addresses.length; i++) {
            lines.append(addresses[i]).append('\t').append(cookieHeaders[i] == null ? "" : cookieHeaders[i]).append('\n');
        }
        Files.writeString(file, lines, StandardCharsets.US_ASCII);
    }

    private void writeJson(Path file, List<Phase> without, List<Phase> with, double ratio, double extraCpu,
                           MeanInterval ratioInterval, MeanInterval cpuInterval) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("page", settings.page());
        root.put("driver", settings.driver());
        root.put("filter", settings.filter());
        root.put("servers", settings.separate() ? "separate" : "shared");
        root.put("cpuMeasures", settings.serverCpuOnly() ? "server" : "server and in-process client");
        ObjectNode s = root.putObject("settings");
        s.put("jitSeconds", settings.jitSeconds());
        s.put("settleRounds", settings.settleRounds());
        s.put("rounds", settings.rounds());
        s.put("warmupSeconds", settings.warmupSeconds());
        s.put("seconds", settings.seconds());
        s.put("connections", settings.connections());
        s.put("visitors", settings.visitors());
        ArrayNode rounds = root.putArray("rounds");
        for (int r = 0; r < without.size(); r++) {
            ObjectNode round = rounds.addObject();
            round.put("round", r + 1);
            round.put("order", r % 2 == 0 ? "without,with" : "with,without");
            phaseJson(round.putObject("without"), without.get(r));
            phaseJson(round.putObject("with"), with.get(r));
            round.put("ratio", with.get(r).ratioTo(without.get(r)));
        }
        summaryJson(root.putObject("without"), without);
        summaryJson(root.putObject("with"), with);
        root.put("ratio", ratio);
        root.put("extraCpuMicrosPerRequest", extraCpu);
        putNumber(root, "extraBytesPerRequest", bytesPerRequest(with) - bytesPerRequest(without));
        putNumber(root, "extraKernelCpuMicrosPerRequest", kernelPerRequest(with) - kernelPerRequest(without));
        if (ratioInterval != null) {
            ratioInterval.write(root.putObject("ratioOverRounds"));
            cpuInterval.write(root.putObject("extraCpuMicrosOverRounds"));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        mapper.writeValue(file.toFile(), root);
    }

    private static void phaseJson(ObjectNode node, Phase phase) {
        node.put("requests", phase.requests());
        node.put("errors", phase.errors());
        node.put("seconds", phase.nanos() / 1e9);
        node.put("requestsPerSecond", phase.perSecond());
        node.put("cpuMicrosPerRequest", phase.cpuMicrosPerRequest());
        node.put("compileMillis", phase.server().compileMillis());
        node.put("gcMillis", phase.server().gcMillis());
        node.put("minorPageFaults", phase.server().minorFaults());
        putNumber(node, "allocatedBytesPerRequest", phase.bytesPerRequest());
        putNumber(node, "kernelCpuMicrosPerRequest", phase.kernelMicrosPerRequest());
        latencyJson(node.putObject("latencyMicros"), phase.latencyMicros());
    }

    private static void summaryJson(ObjectNode node, List<Phase> phases) {
        node.put("requestsPerSecond", total(phases));
        node.put("cpuMicrosPerRequest", cpuPerRequest(phases));
        node.put("errors", phases.stream().mapToLong(Phase::errors).sum());
        node.put("compileMillis", phases.stream().mapToLong(p -> p.server().compileMillis()).sum());
        node.put("gcMillis", phases.stream().mapToLong(p -> p.server().gcMillis()).sum());
        node.put("minorPageFaults", phases.stream().anyMatch(p -> p.server().minorFaults() < 0) ? -1
                : phases.stream().mapToLong(p -> p.server().minorFaults()).sum());
        putNumber(node, "allocatedBytesPerRequest", bytesPerRequest(phases));
        putNumber(node, "kernelCpuMicrosPerRequest", kernelPerRequest(phases));
        // The median over rounds of each percentile: the rounds' samples are not kept.
        double[] median = new double[PERCENTILES.length];
        for (int p = 0; p < PERCENTILES.length; p++) {
            int index = p;
            double[] values = phases.stream().mapToDouble(ph -> ph.latencyMicros()[index]).sorted().toArray();
            median[p] = values.length % 2 == 1 ? values[values.length / 2]
                    : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
        }
        latencyJson(node.putObject("latencyMicros"), median);
    }

    private static void latencyJson(ObjectNode node, double[] micros) {
        String[] names = {"p50", "p90", "p99", "p99.9"};
        for (int p = 0; p < names.length; p++) {
            if (!Double.isNaN(micros[p])) {
                node.put(names[p], micros[p]);
            }
        }
    }

    /** The bytes allocated per request over {@code phases}, or NaN where they were not counted. */
    private static double bytesPerRequest(List<Phase> phases) {
        return perRequest(phases, Activity::allocatedBytes);
    }

    /** The CPU time in the kernel per request over {@code phases}, in microseconds, or NaN where it was not counted. */
    private static double kernelPerRequest(List<Phase> phases) {
        return perRequest(phases, Activity::kernelNanos) / 1e3;
    }

    /** What the servers did ({@code quantity}) per request over {@code phases}, or NaN where it was not counted (-1). */
    private static double perRequest(List<Phase> phases, ToLongFunction<Activity> quantity) {
        if (phases.stream().anyMatch(p -> quantity.applyAsLong(p.server()) < 0)) {
            return Double.NaN;
        }
        return (double) phases.stream().mapToLong(p -> quantity.applyAsLong(p.server())).sum()
                / phases.stream().mapToLong(Phase::requests).sum();
    }

    /** Puts {@code value} unless it is NaN: JSON has no NaN. */
    private static void putNumber(ObjectNode node, String name, double value) {
        if (!Double.isNaN(value)) {
            node.put(name, value);
        }
    }

    private static double cpuPerRequest(List<Phase> phases) {
        return perRequest(phases, Activity::cpuNanos) / 1e3;
    }

    private static double total(List<Phase> phases) {
        long requests = phases.stream().mapToLong(Phase::requests).sum();
        long nanos = phases.stream().mapToLong(Phase::nanos).sum();
        return requests * 1e9 / nanos;
    }
}
