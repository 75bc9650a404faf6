package io.privacykit.it.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.core.JreMemoryLeakPreventionListener;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * PrivacyKit as a Tomcat user runs it: the examples WAR (PrivacyKit, H2, Jackson and the rest in
 * {@code WEB-INF/lib}, {@code privacy.properties} in {@code WEB-INF/classes}) deployed at
 * {@code /examples} on Tomcat 10.1 with the standard jar scanning, and asked over HTTP. Neither
 * PrivacyKit nor a JDBC driver is on this test's own classpath, so Tomcat sees them only inside the
 * webapp, as in production. The machine gives the GeoLite2 file, the data directory and the
 * secrets as system properties, as {@code CATALINA_OPTS} would (production keeps secrets in
 * {@code PRIVACY_*} environment variables).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TomcatWarIT {

    private static final String APP = "/examples";
    private static final String GERMANY = "2.207.0.1";
    private static final String CALIFORNIA = "128.32.0.1";

    /** Everything logged while the WAR deployed, served and undeployed, at WARNING and above. */
    private static final List<LogRecord> LOG = new CopyOnWriteArrayList<>();
    private static final List<LogRecord> DEPLOYMENT_LOG = new ArrayList<>();
    private static final Logger ROOT = Logger.getLogger("");
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            LOG.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    /** What the machine gives the container's JVM. */
    private static final Map<String, String> MACHINE = new LinkedHashMap<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path machine;

    private static Path war;
    private static Level rootLevel;
    private static Tomcat tomcat;
    private static Context app;
    private static String origin;

    @BeforeAll
    static void deployTheWar() throws Exception {
        // A quiet run: INFO (Tomcat's, and PrivacyKit's through SLF4J's JUL provider in the WAR) is
        // not printed; WARNING and above is printed and kept for the assertions.
        rootLevel = ROOT.getLevel();
        ROOT.setLevel(Level.WARNING);
        ROOT.addHandler(CAPTURE);

        MACHINE.put("privacy.geo.database", System.getProperty("privacykit.test.geolite2.city"));
        MACHINE.put("privacy.data-dir", Files.createDirectory(machine.resolve("privacykit-data")).toString());
        MACHINE.put("privacy.consent.keys", "k1:" + randomSecret());
        MACHINE.put("privacy.consent.ip-hash-key", randomSecret());
        MACHINE.forEach(System::setProperty);

        war = Path.of(System.getProperty("privacykit.it.war"));
        assertThat(war).as("the WAR copied by the build").isRegularFile();
        Path base = Files.createDirectory(machine.resolve("tomcat"));
        Files.createDirectory(base.resolve("webapps"));

        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        // As conf/server.xml has it. Among others it sets DriverManager up before any webapp starts,
        // so that DriverManager never sees a driver inside a webapp: the cause of "No suitable driver".
        tomcat.getServer().addLifecycleListener(new JreMemoryLeakPreventionListener());
        // Tomcat's default web.xml maps *.jsp to Jasper, which this Tomcat (core only) lacks.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        app = tomcat.addWebapp(APP, war.toString());
        tomcat.start();
        origin = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort();
        DEPLOYMENT_LOG.addAll(LOG);
    }

    @AfterAll
    static void stopTomcat() throws Exception {
        try {
            if (tomcat != null) {
                tomcat.stop();
                tomcat.destroy();
            }
        } finally {
            MACHINE.keySet().forEach(System::clearProperty);
            ROOT.removeHandler(CAPTURE);
            ROOT.setLevel(rootLevel);
        }
    }

    @Test
    void theWebappStartsWithItsJdbcDriverInsideTheWar() {
        assertThat(app.getState()).isEqualTo(LifecycleState.STARTED);
        assertThat(app.getState().isAvailable()).isTrue();
        assertThat(app.findFilterDef("PrivacyFilter")).as("registered by PrivacyKitInitializer").isNotNull();
        assertThat(DEPLOYMENT_LOG).extracting(TomcatWarIT::describe).noneMatch(r -> r.contains("No suitable driver"));
    }

    @Test
    void tomcatScansEveryJarOfTheWarWithoutAWarningOrError() {
        assertThat(DEPLOYMENT_LOG).extracting(TomcatWarIT::describe)
                .noneMatch(r -> r.contains("Failed to scan"))
                .isEmpty();
    }

    /**
     * Tomcat follows the {@code Class-Path} of jars outside {@code WEB-INF/lib} (its own {@code lib/},
     * or the class path of an app that embeds it) and logs a "Failed to scan" stack trace for each
     * entry it cannot find. Those of {@code WEB-INF/lib} it never follows, so
     * {@link #tomcatScansEveryJarOfTheWarWithoutAWarningOrError} cannot see them: hence this look at
     * the manifests themselves.
     */
    @Test
    void noJarOfTheWarNamesOtherJarsInItsManifest() throws IOException {
        List<String> classPaths = new ArrayList<>();
        try (ZipFile archive = new ZipFile(war.toFile())) {
            List<? extends ZipEntry> jars = archive.stream()
                    .filter(e -> e.getName().matches("WEB-INF/lib/[^/]+\\.jar")).toList();
            for (ZipEntry entry : jars) {
                try (InputStream in = archive.getInputStream(entry); JarInputStream jar = new JarInputStream(in)) {
                    Manifest manifest = jar.getManifest();
                    String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                    if (classPath != null) {
                        classPaths.add(entry.getName() + ": Class-Path: " + classPath);
                    }
                }
            }
        }

        assertThat(classPaths).isEmpty();
    }

    @Test
    @Order(Integer.MAX_VALUE - 1)
    void undeployingLeavesNoDriverThreadOrOtherLeakBehind() throws Exception {
        int before = LOG.size();

        app.stop();

        assertThat(app.getState()).isEqualTo(LifecycleState.STOPPED);
        assertThat(LOG.subList(before, LOG.size())).extracting(TomcatWarIT::describe).isEmpty();
        assertThat(LOG).as("records of level SEVERE, from deployment to undeployment")
                .filteredOn(r -> r.getLevel().intValue() >= Level.SEVERE.intValue())
                .extracting(TomcatWarIT::describe).isEmpty();
    }

    @Test
    void aVisitorFromGermanyGetsTheSessionCookieButNoTrackerBeforeConsenting() throws Exception {
        HttpResponse<String> page = get("/", GERMANY);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script src=\"" + APP + "/privacy/banner.js\" defer></script>");
        assertThat(cookiesSet(page)).contains("session").doesNotContain("_ga", "_fbp");
        assertThat(setCookie(page, "session")).hasValueSatisfying(c -> assertThat(c).contains("Path=" + APP + "/"));
    }

    @Test
    void aVisitorFromCaliforniaGetsEveryCookieUntilOptingOut() throws Exception {
        HttpResponse<String> page = get("/", CALIFORNIA);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(cookiesSet(page)).contains("session", "_ga", "_fbp");
    }

    @Test
    void theConsentEndpointAnswersUnderTheContextPath() throws Exception {
        HttpResponse<String> consent = get("/privacy/consent", GERMANY);

        assertThat(consent.statusCode()).isEqualTo(200);
        assertThat(consent.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(consent.body()).contains("\"regime\":\"GDPR\"", "\"needsChoice\":true");
    }

    @Test
    void aSameOriginConsentGetsTheConsentCookieAndLetsTheTrackersThrough() throws Exception {
        HttpResponse<String> accepted = post("/privacy/consent", "accept=all", GERMANY);

        assertThat(accepted.statusCode()).isEqualTo(200);
        // Secure by default: the consent cookie carries the __Host- prefix.
        String consent = cookiePair(accepted, "__Host-privacy_consent");
        assertThat(consent).startsWith("__Host-privacy_consent=v2.");
        assertThat(setCookie(accepted, "__Host-privacy_consent")).hasValueSatisfying(
                c -> assertThat(c).contains("Path=/;", "Secure").doesNotContain("Domain="));

        assertThat(cookiesSet(get("/", GERMANY, consent))).contains("session", "_ga", "_fbp");
    }

    @Test
    void theBannerIsServedUnderTheContextPath() throws Exception {
        HttpResponse<String> script = get("/privacy/banner.js", GERMANY);
        HttpResponse<String> style = get("/privacy/banner.css", GERMANY);

        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).contains("javascript"));
        assertThat(script.body()).contains(APP + "/privacy/consent");
        assertThat(style.statusCode()).isEqualTo(200);
    }

    @Test
    void aWithdrawalExpiresTheTrackerCookiesAtThePathTheAppSetThem() throws Exception {
        String granted = cookiePair(post("/privacy/consent", "accept=all", GERMANY), "__Host-privacy_consent");
        HttpResponse<String> page = get("/", GERMANY, granted);
        assertThat(setCookie(page, "_ga")).hasValueSatisfying(c -> assertThat(c).contains("Path=" + APP + "/"));

        HttpResponse<String> withdrawn = post("/privacy/consent", "reject=all", GERMANY,
                granted, cookiePair(page, "_ga"), cookiePair(page, "_fbp"));

        assertThat(withdrawn.statusCode()).isEqualTo(200);
        assertThat(withdrawn.headers().allValues("Set-Cookie"))
                .anyMatch(c -> c.matches("_ga=;.*Max-Age=0;.*Path=" + APP + "/(;.*)?"))
                .anyMatch(c -> c.matches("_fbp=;.*Max-Age=0;.*Path=" + APP + "/(;.*)?"));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void theStoppedWebappStartsAgainOnItsLedger() throws Exception {
        assertThat(app.getState()).as("undeployed by the test before").isEqualTo(LifecycleState.STOPPED);
        int before = LOG.size();

        app.start();

        assertThat(app.getState()).isEqualTo(LifecycleState.STARTED);
        assertThat(cookiesSet(get("/", GERMANY))).contains("session").doesNotContain("_ga", "_fbp");
        assertThat(LOG.subList(before, LOG.size())).extracting(TomcatWarIT::describe).isEmpty();
    }

    private static HttpResponse<String> get(String path, String visitor, String... cookies)
            throws IOException, InterruptedException {
        return send(request(path, visitor, cookies).GET());
    }

    private static HttpResponse<String> post(String path, String form, String visitor, String... cookies)
            throws IOException, InterruptedException {
        return send(request(path, visitor, cookies)
                .header("Origin", origin)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** A request from {@code visitor} through the reverse proxy on loopback, which the policy trusts. */
    private static HttpRequest.Builder request(String path, String visitor, String... cookies) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + APP + path))
                .timeout(Duration.ofSeconds(30))
                .header("X-Forwarded-For", visitor);
        if (cookies.length > 0) {
            request.header("Cookie", String.join("; ", cookies));
        }
        return request;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The names of the cookies the response sets (deletions left out). */
    private static List<String> cookiesSet(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> !c.contains("Max-Age=0"))
                .map(c -> c.substring(0, c.indexOf('=')))
                .toList();
    }

    /** The {@code Set-Cookie} value that sets {@code name}. */
    private static Optional<String> setCookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "=") && !c.contains("Max-Age=0"))
                .findFirst();
    }

    /** {@code name=value} of the cookie the response sets, as a browser sends it back. */
    private static String cookiePair(HttpResponse<?> response, String name) {
        String header = setCookie(response, name).orElseThrow(() -> new AssertionError(
                "no Set-Cookie for " + name + " in " + response.headers().allValues("Set-Cookie")));
        int end = header.indexOf(';');
        return end < 0 ? header : header.substring(0, end);
    }

    private static String describe(LogRecord record) {
        StringBuilder text = new StringBuilder(record.getLevel() + " " + record.getLoggerName() + ": "
                + new SimpleFormatter().formatMessage(record));
        for (Throwable t = record.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            text.append("\n  caused by ").append(t);
        }
        return text.toString();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
