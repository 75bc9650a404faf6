package io.privacykit.servlet;

import io.privacykit.policy.Policy;
import io.privacykit.policy.PolicyLoader;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/** A Jetty 12 server on a random loopback port, with one context per policy variant. */
final class TestServer implements AutoCloseable {

    static final String SIGNING_SECRET = base64("signing-secret-of-exactly-32-by!");
    static final String IP_HASH_SECRET = base64("ip-hash-secret-of-exactly-32-by!");

    /** Visitors placed by the pinned GeoLite2 City database (2019-12-24), or by an override. */
    static final String GERMANY = "193.99.144.80";
    static final String CALIFORNIA = "169.229.1.1";
    static final String BRITAIN = "81.2.69.142";
    static final String ELSEWHERE_US = "128.95.1.1"; // Washington: no comprehensive state law
    static final String OVERRIDDEN_GERMANY = "10.9.0.7";

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final ContextHandlerCollection contexts = new ContextHandlerCollection();
    private final HttpClient client = HttpClient.newHttpClient();

    TestServer() {
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(contexts);
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The test policy: four categories, hosts, the real database, loopback trusted, an H2 store under {@code dir}. */
    static Properties properties(Path dir) {
        Properties p = new Properties();
        p.setProperty("privacy.policy.name", "test");
        p.setProperty("privacy.policy.version", "2020-04-01");
        p.setProperty("privacy.policy.last-updated", "2020-04-01");
        p.setProperty("privacy.consent.keys", "k1:" + SIGNING_SECRET);
        p.setProperty("privacy.consent.ip-hash-key", IP_HASH_SECRET);
        p.setProperty("privacy.consent.cookie-secure", "false");
        p.setProperty("privacy.cookies.necessary", "sid");
        p.setProperty("privacy.cookies.functionality", "lang");
        p.setProperty("privacy.cookies.performance", "_ga,_ga_*");
        p.setProperty("privacy.cookies.advertising", "_fbp");
        p.setProperty("privacy.hosts.necessary", "cdn.example.net");
        p.setProperty("privacy.hosts.performance", "www.google-analytics.com");
        p.setProperty("privacy.hosts.advertising", "connect.facebook.net,*.doubleclick.net");
        p.setProperty("privacy.geo.database", System.getProperty("privacykit.test.geolite2.city"));
        p.setProperty("privacy.geo.trusted-proxies", "127.0.0.1/32,::1/128");
        p.setProperty("privacy.geo.overrides", "10.9.0.0/16=DE,10.8.0.0/16=US-CA");
        p.setProperty("privacy.data-dir", dir.toString());
        p.setProperty("privacy.store.url", "jdbc:h2:file:" + dir.resolve("store").toAbsolutePath());
        return p;
    }

    static Policy policy(Properties properties) {
        return PolicyLoader.fromProperties(properties, Map.of());
    }

    /** Adds a context at {@code path} whose app is {@link CookieStyleServlets} behind {@code filter}. */
    ServletContextHandler add(String path, PrivacyFilter filter) {
        ServletContextHandler context = new ServletContextHandler(path);
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.allOf(DispatcherType.class));
        CookieStyleServlets.install(context);
        contexts.addHandler(context);
        return context;
    }

    void addContext(ServletContextHandler context) {
        contexts.addHandler(context);
    }

    void start() throws Exception {
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    /** Sends a request; {@code headers} alternate name, value. */
    HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i + 1] != null) {
                request.header(headers[i], headers[i + 1]);
            }
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        return send("GET", path, null, headers);
    }

    /** The value the response sets for cookie {@code name}, or null. */
    static String setCookieValue(HttpResponse<?> response, String name) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            if (header.startsWith(name + "=")) {
                return header.substring(name.length() + 1, header.indexOf(';') < 0 ? header.length() : header.indexOf(';'));
            }
        }
        return null;
    }

    /** The names of the cookies a response sets (not expires), in order. */
    static List<String> setNames(HttpResponse<?> response) {
        List<String> names = new ArrayList<>();
        for (String header : response.headers().allValues("Set-Cookie")) {
            if (!header.contains("Max-Age=0")) {
                names.add(SetCookieNames.nameOf(header).orElse("(malformed)"));
            }
        }
        return names;
    }

    /** The names of the cookies a response expires, each once (a cookie is expired at several paths and domains). */
    static List<String> expiredNames(HttpResponse<?> response) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (String header : response.headers().allValues("Set-Cookie")) {
            if (header.contains("Max-Age=0")) {
                names.add(SetCookieNames.nameOf(header).orElse("(malformed)"));
            }
        }
        return new ArrayList<>(names);
    }

    /** The paths at which a response expires cookie {@code name}, in order. */
    static List<String> expiredPaths(HttpResponse<?> response, String name) {
        List<String> paths = new ArrayList<>();
        for (String header : response.headers().allValues("Set-Cookie")) {
            if (header.startsWith(name + "=") && header.contains("Max-Age=0") && !header.contains("Domain=")) {
                paths.add(SetCookieNames.pathOf(header));
            }
        }
        return paths;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the test server", e);
        }
    }
}
