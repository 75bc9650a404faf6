package io.privacykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.PrivacyEngine;
import io.privacykit.PrivacyEngine.RequestOutcome;
import io.privacykit.collection.CollectionRecorder;
import io.privacykit.collection.InMemoryCollectionStore;
import io.privacykit.consent.CategoryDecision;
import io.privacykit.consent.ConsentDecision;
import io.privacykit.consent.CookieCategory;
import io.privacykit.consent.DecisionReason;
import io.privacykit.consent.UnclassifiedCookies;
import io.privacykit.geo.RequestHeaders;
import io.privacykit.store.StoreSettings;
import io.privacykit.response.ContentSecurityPolicy;
import io.privacykit.response.CookieSite;
import io.privacykit.store.jdbc.JdbcPrivacyStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import io.privacykit.policy.CspMode;
import io.privacykit.policy.Policy;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The enforcing response over real HTTP on Jetty 12: for every way a servlet sets a cookie, only
 * cookies of allowed categories reach the client. The allowed categories come from a test header
 * here; {@link PrivacyFilterIT} covers the same through the real decision.
 */
class ConsentEnforcingResponseIT {

    private static Server server;
    private static String base;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** Decides nothing: takes the allowed categories from {@code X-Test-Allowed}. */
    static final class FixedDecisionFilter implements Filter {
        private final Policy policy;
        private final PrivacyEngine engine;
        private final CookieSite site;
        private final OutcomeRenderer renderer;

        FixedDecisionFilter(Policy policy, String store) {
            this.policy = policy;
            UnclassifiedCookieRegistry registry = new UnclassifiedCookieRegistry(policy.unclassifiedCookies());
            this.engine = new PrivacyEngine(policy, query -> Optional.empty(), JdbcPrivacyStore.open(
                    new StoreSettings("jdbc:h2:mem:" + store, "", "", 1)), Clock.systemUTC());
            this.site = new CookieSite(policy.cookieClassifier(), policy.consent().cookieName(), false);
            CollectionRecorder recorder = CollectionRecorder.start(policy.collection(), new InMemoryCollectionStore(),
                    Clock.systemUTC());
            this.renderer = new OutcomeRenderer(new Enforcer(engine, site, registry, null, PrivacyEventListener.NONE,
                    new CookieCollection(recorder, policy, Clock.systemUTC()),
                    ContentSecurityPolicy.headerName(policy.web().csp())), recorder, contextPath -> "");
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            ResponseState state = ResponseState.of(request);
            if (request.getDispatcherType() == DispatcherType.REQUEST) {
                String header = request.getHeader("X-Test-Allowed");
                Set<String> allowed = header == null || header.isBlank() ? Set.of() : Set.of(header.split(","));
                Map<String, CategoryDecision> categories = new LinkedHashMap<>();
                for (CookieCategory category : policy.categories()) {
                    categories.put(category.name(), CategoryDecision.of(category.required() ? DecisionReason.NECESSARY
                            : allowed.contains(category.name()) ? DecisionReason.GRANTED : DecisionReason.REFUSED));
                }
                ConsentDecision decision = new ConsentDecision(categories, false, false, false);
                Optional<String> csp = policy.web().csp() == CspMode.OFF ? Optional.empty()
                        : Optional.of(ContentSecurityPolicy.value(policy.categories(), allowed));
                RequestOutcome outcome = new RequestOutcome(engine.failClosed(request.getRemoteAddr()), decision,
                        Optional.empty(), List.of(), csp, Map.of(), List.of());
                PrivacyEngine.Request engineRequest = new PrivacyEngine.Request(request.getRemoteAddr(),
                        RequestHeaders.none(), Map.of(), (String) null, "", () -> new PrivacyEngine.Origin(null, null), site);
                state = renderer.begin(request, response, engineRequest, outcome, false);
            }
            renderer.proceed(request, response, chain, state);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler block = context("/block", TestPolicies.policy(UnclassifiedCookies.BLOCK, CspMode.OFF), "enforcing-block");
        ServletContextHandler allow = context("/allow", TestPolicies.policy(UnclassifiedCookies.ALLOW, CspMode.ENFORCE), "enforcing-allow");
        server.setHandler(new org.eclipse.jetty.server.handler.ContextHandlerCollection(block, allow));
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    private static ServletContextHandler context(String path, Policy policy, String store) {
        ServletContextHandler context = new ServletContextHandler(path);
        FilterHolder holder = new FilterHolder(new FixedDecisionFilter(policy, store));
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.allOf(DispatcherType.class));
        CookieStyleServlets.install(context);
        return context;
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    static HttpResponse<String> get(String path, String allowed) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (allowed != null) {
            request.header("X-Test-Allowed", allowed);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The names of the cookies the response sets, in order. */
    static List<String> cookieNames(HttpResponse<?> response) {
        List<String> names = new ArrayList<>();
        for (String value : response.headers().allValues("Set-Cookie")) {
            names.add(SetCookieNames.nameOf(value).orElse("(malformed)"));
        }
        return names;
    }

    static Stream<Arguments> styleByAllowed() {
        List<String> allowedSets = List.of("", "functionality", "performance", "advertising",
                "functionality,performance,advertising");
        return CookieStyleServlets.STYLES.stream()
                .flatMap(style -> allowedSets.stream().map(allowed -> Arguments.of(style, allowed)));
    }

    @ParameterizedTest(name = "{0} with [{1}] allowed")
    @MethodSource("styleByAllowed")
    void onlyAllowedCategoriesReachTheClient(String style, String allowed) throws Exception {
        HttpResponse<String> response = get("/block/app/" + style, allowed);

        List<String> expected = CookieStyleServlets.expectedNames(style, Set.of(allowed.split(",")), false);
        assertThat(cookieNames(response)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(response.statusCode()).isEqualTo(switch (style) {
            case "redirect" -> 302;
            case "error", "exception" -> 500;
            default -> 200;
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("styles")
    void unclassifiedAllowLetsUnknownAndMalformedThrough(String style) throws Exception {
        HttpResponse<String> response = get("/allow/app/" + style, "functionality");

        List<String> names = cookieNames(response);
        assertThat(names).contains("mystery", "sid", "lang").doesNotContain("_ga", "_fbp");
        if (style.equals("addHeader")) {
            assertThat(names).contains("(malformed)");
        }
    }

    static Stream<String> styles() {
        return CookieStyleServlets.STYLES.stream();
    }

    @Test
    void droppingACookieAddsVaryOnTheConsentInputsAndKeepsTheAppsVary() throws Exception {
        HttpResponse<String> response = get("/block/app/addCookie", "functionality");

        assertThat(String.join(",", response.headers().allValues("Vary")).split("\\s*,\\s*"))
                .containsExactlyInAnyOrder("Accept-Encoding", "Cookie", "Sec-GPC", "DNT");
    }

    @Test
    void aResponseNothingWasDroppedFromIsNotMarked() throws Exception {
        HttpResponse<String> response = get("/allow/app/addCookie", "functionality,performance,advertising");

        // CSP mode is on in /allow, so mark only for the CSP; in /block nothing changed:
        HttpResponse<String> unchanged = get("/block/fragment", "functionality");
        assertThat(unchanged.headers().allValues("Vary")).isEmpty();
        assertThat(response.headers().allValues("Vary").toString()).contains("Cookie");
    }

    @Test
    void cspListsSelfNecessaryAndAllowedHostsOnly() throws Exception {
        HttpResponse<String> response = get("/allow/app/addCookie", "performance");

        String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp.split("; ")).containsExactly(
                "script-src 'self' cdn.example.net www.google-analytics.com",
                "img-src 'self' cdn.example.net www.google-analytics.com",
                "connect-src 'self' cdn.example.net www.google-analytics.com",
                "frame-src 'self' cdn.example.net www.google-analytics.com");
        assertThat(Arrays.asList(csp.split(" "))).doesNotContain("connect.facebook.net", "*.doubleclick.net");
    }
}
