package io.privacykit.sample;

import io.privacykit.policy.Policy;
import io.privacykit.policy.PolicyException;
import io.privacykit.policy.PolicyLoader;
import io.privacykit.servlet.PrivacyFilter;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PrivacyKit sample app: an embedded Jetty 12 server that runs a reference policy through
 * {@link PrivacyFilter}. It trusts loopback as a proxy, so {@code X-Forwarded-For} sent from
 * localhost places a visitor anywhere: {@code curl -H 'X-Forwarded-For: 81.2.69.142' ...}.
 */
public final class SampleApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SampleApp.class);

    private final Server server;
    private final Policy policy;
    private final PrivacyFilter filter;

    private SampleApp(Server server, Policy policy, PrivacyFilter filter) {
        this.server = server;
        this.policy = policy;
        this.filter = filter;
    }

    public static void main(String[] args) {
        if (SampleAppOptions.wantsHelp(args)) {
            System.out.println(SampleAppOptions.HELP);
            return;
        }
        SampleApp app;
        try {
            app = start(SampleAppOptions.parse(args, System.getenv()), System.getenv());
        } catch (IllegalArgumentException | PolicyException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            System.err.println("PrivacyKit sample app could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "privacykit-sample-shutdown"));
        System.out.println("PrivacyKit sample app (" + app.policy.name() + ") on http://localhost:" + app.port() + "/");
        if (app.policy.web().adminToken().equals(SampleAdminToken.stored(app.policy.dataDirectory()))) {
            System.out.println("Operator endpoints (/privacy/admin/conformance, /privacy/admin/reports/ccpa) take the"
                    + " bearer token in " + SampleAdminToken.file(app.policy.dataDirectory()).toAbsolutePath());
        }
        app.join();
    }

    /** Starts the app; {@code port 0} picks a free port, see {@link #port()}. */
    static SampleApp start(SampleAppOptions options, Map<String, String> env) throws Exception {
        Policy policy = PolicyLoader.fromProperties(properties(options), env);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(options.port());
        server.addConnector(connector);

        // Sessions for the signed-in account page; the container's session cookie is a framework cookie.
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        SampleUsers users = new SampleUsers(java.time.Clock.systemUTC());
        PrivacyFilter filter = PrivacyFilter.builder(policy).personalData(users).identityVerifier(users).build();
        context.addFilter(new FilterHolder(new VisitAs()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.allOf(DispatcherType.class));
        // After PrivacyFilter: a declared residence and age apply to every page (see AboutYouServlet).
        context.addFilter(new FilterHolder(new DeclaredVisitor()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new HomeServlet(policy)), "");
        context.addServlet(new ServletHolder(new HomeServlet(policy)), "/");
        ServletHolder forms = new ServletHolder(new FormsServlet(users));
        context.addServlet(forms, "/signup");
        context.addServlet(forms, "/store-locator");
        context.addServlet(forms, "/newsletter");
        context.addServlet(new ServletHolder(new AboutYouServlet(policy)), AboutYouServlet.PATH);
        ServletHolder rights = new ServletHolder(new RightsPagesServlet(users, filter::rights, policy.mail()));
        context.addServlet(rights, "/privacy-centre");
        context.addServlet(rights, "/account");
        context.addServlet(rights, "/account/delete");
        context.addServlet(rights, "/outbox");
        context.addServlet(rights, "/outbox/*");
        server.setHandler(context);
        server.setStopAtShutdown(false);
        server.start();
        LOG.info("policy {} version {}, data in {}", policy.name(), policy.version(), policy.dataDirectory());
        return new SampleApp(server, policy, filter);
    }

    /**
     * The properties the app runs on: its embedded defaults, then the chosen policy, then its own
     * generated secrets where the policy sets none. Environment variables override all of them.
     */
    static Properties properties(SampleAppOptions options) {
        Properties merged = new Properties();
        merged.setProperty("privacy.geo.trusted-proxies", "127.0.0.0/8,::1");
        merged.setProperty("privacy.data-dir", options.dataDir().toAbsolutePath().toString());
        // The sample app is served over plain http://localhost.
        merged.setProperty("privacy.consent.cookie-secure", "false");
        SampleGeoData.unpack(options.dataDir())
                .ifPresent(file -> merged.setProperty("privacy.geo.database", file.toAbsolutePath().toString()));
        // Mail goes to <data-dir>/outbox/, shown at /outbox as a development mailbox.
        merged.setProperty("privacy.mail.transport", "outbox");
        merged.setProperty("privacy.mail.from", "privacy@sample.example");
        merged.putAll(policyProperties(options));
        // The sample's own "visit as" choice is a cookie the app cannot work without.
        String necessary = merged.getProperty("privacy.cookies.necessary", "");
        merged.setProperty("privacy.cookies.necessary",
                necessary.isBlank() ? VisitAs.COOKIE : necessary + "," + VisitAs.COOKIE);
        SampleSecrets.loadOrCreate(options.dataDir()).forEach(merged::putIfAbsent);
        // PRIVACY_ADMIN_TOKEN in the environment overrides this, as every variable overrides the file.
        merged.putIfAbsent(SampleAdminToken.KEY, SampleAdminToken.loadOrCreate(options.dataDir()));
        merged.putIfAbsent(SampleLedgerKey.KEY, SampleLedgerKey.loadOrCreate(options.dataDir()));
        return merged;
    }

    private static Properties policyProperties(SampleAppOptions options) {
        Properties policy = new Properties();
        try {
            if (options.builtInPolicy()) {
                try (InputStream in = SampleApp.class.getResourceAsStream("/policies/" + options.policy() + ".properties")) {
                    policy.load(in);
                }
            } else {
                try (Reader in = Files.newBufferedReader(Path.of(options.policy()))) {
                    policy.load(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read policy " + options.policy(), e);
        }
        return policy;
    }

    /** The port the server listens on. */
    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** The filter the app runs behind. */
    PrivacyFilter filter() {
        return filter;
    }

    /** The policy the app runs. */
    Policy policy() {
        return policy;
    }

    void join() {
        try {
            server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the server failed", e);
        }
    }
}
