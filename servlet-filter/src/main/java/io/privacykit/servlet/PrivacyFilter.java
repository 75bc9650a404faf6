package io.privacykit.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacykit.PrivacyEngine;
import io.privacykit.PrivacyEngine.RequestOutcome;
import io.privacykit.collection.CollectionRecorder;
import io.privacykit.collection.CollectionReports;
import io.privacykit.collection.CollectionStore;
import io.privacykit.collection.CollectionStoreProvider;
import io.privacykit.collection.InMemoryCollectionStore;
import io.privacykit.consent.CookieCategory;
import io.privacykit.consent.CookieClassifier;
import io.privacykit.consent.FrameworkCookies;
import io.privacykit.geo.RequestHeaders;
import io.privacykit.internal.Providers;
import io.privacykit.policy.CspMode;
import io.privacykit.policy.Enforcement;
import io.privacykit.policy.Policy;
import io.privacykit.policy.PolicyException;
import io.privacykit.policy.PolicyLoader;
import io.privacykit.response.ContentSecurityPolicy;
import io.privacykit.response.CookieSite;
import io.privacykit.rights.IdentityVerifier;
import io.privacykit.rights.PersonalDataProvider;
import io.privacykit.rights.RetentionJob;
import io.privacykit.rights.RightsService;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drop-in filter: classifies each request by the visitor's jurisdiction, withholds cookies of
 * categories that law and consent do not allow, puts a {@link PrivacyContext} on the request and
 * serves the consent endpoints, the banner and {@code /.well-known/gpc.json}.
 *
 * <p>Registered automatically by {@link PrivacyKitInitializer} when {@code privacy.properties} is
 * on the classpath; by code with {@link #create(Policy)} or {@link #PrivacyFilter(PrivacyEngine)}.
 * Map it to {@code /*} for the REQUEST, FORWARD, INCLUDE, ASYNC and ERROR dispatches, async supported,
 * ahead of filters that write {@code Cache-Control} (Spring Security's among them).
 */
public final class PrivacyFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyFilter.class);
    /** Where the site states that it honours Global Privacy Control. */
    static final String GPC_JSON = "/.well-known/gpc.json";

    private final ObjectMapper json = new ObjectMapper();
    private PrivacyEngine engine;
    private boolean ownsEngine;
    private Policy policy;
    private UnclassifiedCookieRegistry unclassified;
    /** What report-only mode would have withheld; null when enforcing. */
    private ReportOnlyLog report;
    private String prefix;
    /** {@link #prefix} and a slash: the paths of PrivacyKit's endpoints start with it. */
    private String prefixSlash;
    /** The head tags for the context path they were made for (one context per filter, so made once). */
    private volatile HeadTags head;
    private PrivacyEventListener listener = PrivacyEventListener.NONE;
    /** Records the app's collection of personal information; the filter's own, closed with it. */
    private CollectionRecorder recorder;
    private io.privacykit.communication.CommunicationPreferences communications;
    private CookieCollection cookieCollection;
    private CollectionReports reports;
    /** The site's cookies: their categories (the container's session cookie among them) and paths. */
    private CookieSite site;
    private OutcomeRenderer renderer;
    private PrivacyEndpoints endpoints;
    /** The data-subject rights service and the retention schedule, closed with the filter. */
    private RightsWiring rightsWiring;
    private PersonalDataProvider personalData;
    private IdentityVerifier identityVerifier;

    private record HeadTags(String contextPath, String tags) {
    }

    /** A filter that loads {@code privacy.properties} ({@link PolicyLoader#load()}) when the container initialises it. */
    public PrivacyFilter() {
    }

    /** A filter over an engine the caller owns (and closes). */
    public PrivacyFilter(PrivacyEngine engine) {
        configure(engine, false);
    }

    /** A filter over an engine the caller owns (and closes), that tells {@code listener} what it decides. */
    public PrivacyFilter(PrivacyEngine engine, PrivacyEventListener listener) {
        this.listener = java.util.Objects.requireNonNull(listener, "listener");
        configure(engine, false);
    }

    /** A filter that enforces {@code policy} with its configured geolocation and store, closed with the filter. */
    public static PrivacyFilter create(Policy policy) {
        return builder(policy).build();
    }

    /**
     * A builder of a filter that enforces {@code policy}, with the app's side of rights requests;
     * without them the app's {@link PersonalDataProvider} and {@link IdentityVerifier} are looked up
     * with {@link java.util.ServiceLoader}, else the app holds no personal data of its own.
     */
    public static Builder builder(Policy policy) {
        return new Builder(policy);
    }

    /** Builds a {@link PrivacyFilter} that opens (and closes) its own engine. */
    public static final class Builder {
        private final Policy policy;
        private PersonalDataProvider personalData;
        private IdentityVerifier identityVerifier;

        private Builder(Policy policy) {
            this.policy = java.util.Objects.requireNonNull(policy, "policy");
        }

        /** What the app holds on a person: exported, erased, rectified and restricted for rights requests. */
        public Builder personalData(PersonalDataProvider provider) {
            this.personalData = java.util.Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** The app's word that its signed-in user controls an e-mail address, for requests made signed in. */
        public Builder identityVerifier(IdentityVerifier verifier) {
            this.identityVerifier = java.util.Objects.requireNonNull(verifier, "verifier");
            return this;
        }

        /** The filter, with its engine opened. */
        public PrivacyFilter build() {
            PrivacyFilter filter = new PrivacyFilter();
            filter.personalData = personalData;
            filter.identityVerifier = identityVerifier;
            filter.configure(PrivacyEngine.open(policy), true);
            return filter;
        }
    }

    private void configure(PrivacyEngine engine, boolean owned) {
        this.engine = engine;
        this.ownsEngine = owned;
        this.policy = engine.policy();
        boolean reportOnly = policy.enforcement() == Enforcement.REPORT_ONLY;
        this.report = reportOnly ? new ReportOnlyLog() : null;
        this.unclassified = new UnclassifiedCookieRegistry(policy.unclassifiedCookies(), reportOnly, policy.categories(),
                Clock.systemUTC());
        CollectionStore collectionStore = collectionStore(engine);
        this.recorder = CollectionRecorder.start(policy.collection(), collectionStore, Clock.systemUTC());
        this.reports = new CollectionReports(policy.collection(), collectionStore, Clock.systemUTC());
        this.cookieCollection = new CookieCollection(recorder, policy, Clock.systemUTC());
        this.communications = UnsubscribeEndpoint.preferences(engine);
        String p = policy.web().prefix();
        this.prefix = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        this.prefixSlash = prefix + "/";
        PersonalDataProvider provider = personalData != null ? personalData
                : Providers.first(PersonalDataProvider.class).orElse(PersonalDataProvider.NONE);
        Optional<IdentityVerifier> verifier = Optional.ofNullable(identityVerifier)
                .or(() -> Providers.first(IdentityVerifier.class));
        this.rightsWiring = RightsWiring.open(engine, prefix, collectionStore, recorder.subjects(), provider, verifier,
                Clock.systemUTC(), owned);
        if (rightsWiring != null) {
            rightsWiring.recordsFlushedBy(() -> recorder.flush(java.time.Duration.ofSeconds(5)));
        }
        wire(policy.cookieClassifier());
    }

    /** Builds the renderer and the endpoints over the site's cookie categories. */
    private void wire(CookieClassifier classifier) {
        boolean reportOnly = report != null;
        this.site = new CookieSite(classifier, policy.consent().cookieName(), reportOnly);
        String cspHeader = ContentSecurityPolicy.headerName(reportOnly && policy.web().csp() == CspMode.ENFORCE
                ? CspMode.REPORT_ONLY : policy.web().csp());
        this.renderer = new OutcomeRenderer(new Enforcer(engine, site, unclassified, report, listener,
                cookieCollection, cspHeader), recorder, this::headTags).communications(communications);
        this.endpoints = new PrivacyEndpoints(json, engine, renderer, reports, prefix, rightsWiring)
                .communications(communications).console(unclassified);
    }

    /**
     * The collection store beside the engine's store; memory, with a warning, when the engine's
     * store has none (an app's own store kind): records are then lost on restart.
     */
    private static CollectionStore collectionStore(PrivacyEngine engine) {
        Optional<CollectionStore> beside = Providers.first(CollectionStoreProvider.class)
                .flatMap(provider -> provider.beside(engine.store()));
        if (beside.isEmpty()) {
            LOG.warn("No collection store for {} (add io.privacykit:privacykit-jdbc); collection records are kept in"
                    + " memory only", engine.store());
        }
        return beside.orElseGet(InMemoryCollectionStore::new);
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        if (engine == null) {
            try {
                configure(PrivacyEngine.open(PolicyLoader.load()), true);
            } catch (PolicyException e) {
                throw new ServletException("PrivacyKit's configuration is invalid:\n  - " + String.join("\n  - ", e.problems()), e);
            } catch (RuntimeException e) {
                throw new ServletException("PrivacyKit cannot start: " + e.getMessage(), e);
            }
            LOG.info("PrivacyKit enforces policy '{}' version {}", policy.name(), policy.version());
        }
        if (config != null && config.getServletContext() != null) {
            adopt(config.getServletContext());
        }
    }

    /**
     * Fits the filter to its web application: the container's session cookie becomes a framework
     * cookie, and a policy that puts it in a non-necessary category is warned about.
     */
    private void adopt(ServletContext context) {
        String sessionCookie = null;
        try {
            sessionCookie = context.getSessionCookieConfig().getName();
        } catch (RuntimeException e) {
            // Some contexts (a listener's restricted one) refuse; the default name stands.
        }
        if (sessionCookie == null || sessionCookie.isBlank()) {
            sessionCookie = FrameworkCookies.DEFAULT_SESSION_COOKIE;
        }
        wire(policy.cookieClassifier(sessionCookie));
        sessionCookieWarning(policy, sessionCookie).ifPresent(LOG::warn);
        if (report != null) {
            LOG.warn("PrivacyKit runs in report-only mode (privacy.enforcement=report-only): no cookie is withheld or"
                    + " expired; what would be is logged and counted");
        }
        String contextPath = context.getContextPath();
        if (contextPath != null && !contextPath.isEmpty()) {
            LOG.info("PrivacyKit serves {}{} for this context; Global Privacy Control expects it at the site root,"
                    + " so serve it there from a root webapp or a proxy rule (docs/deployment.md)", contextPath, GPC_JSON);
        }
    }

    @Override
    public void destroy() {
        if (rightsWiring != null) {
            rightsWiring.close();
        }
        if (recorder != null) {
            recorder.close();
        }
        if (ownsEngine && engine != null) {
            engine.close();
        }
    }

    /** People's marketing preferences: {@code canSend} before a message, unsubscribe tokens for its links. */
    public io.privacykit.communication.CommunicationPreferences communications() {
        return communications;
    }

    /** The recorder of the personal information the app collects, discloses, sells and shares. */
    public CollectionRecorder recorder() {
        return recorder;
    }

    /** The reports on what {@link #recorder()} recorded: the notice's 12 months, the CCPA tables, conformance. */
    public CollectionReports reports() {
        return reports;
    }

    /** The data-subject rights service behind {@code {prefix}/requests}, for the app's own requests (a signed-in user's). */
    public RightsService rights() {
        return rightsWiring.rights();
    }

    /**
     * The retention job the filter runs daily, when it opened its own engine; the app records its
     * events (an account deleted) with it. A filter over the caller's engine runs none: the caller
     * runs its {@link RetentionJob}.
     */
    public Optional<RetentionJob> retention() {
        return rightsWiring.retention().map(RetentionScheduler::job);
    }

    /** The engine the filter runs on. */
    public PrivacyEngine engine() {
        return engine;
    }

    /**
     * The start-up warning for a policy that puts the container's session cookie in a category
     * other than necessary, if it does.
     */
    static Optional<String> sessionCookieWarning(Policy policy, String sessionCookie) {
        Optional<CookieCategory> listed = new CookieClassifier(policy.categories()).categoryOf(sessionCookie);
        if (listed.isEmpty() || listed.get().required()) {
            return Optional.empty();
        }
        return Optional.of("The privacy policy puts the servlet container's session cookie '" + sessionCookie
                + "' in category '" + listed.get().name() + "', which is not necessary. The container writes this"
                + " cookie itself, past any filter (when a session starts, the container adds it to the response"
                + " directly), so PrivacyKit cannot withhold it. Move '" + sessionCookie + "' to"
                + " privacy.cookies.necessary, or stop the app from creating sessions for visitors who have not consented.");
    }

    /** How often the app set each cookie name that no category names, for classifying them. */
    public Map<String, Long> unclassifiedCookies() {
        return unclassified.snapshot();
    }

    /** In report-only mode, how often each cookie name would have been withheld; empty when enforcing. */
    public Map<String, Long> wouldWithhold() {
        return report == null ? Map.of() : report.withheld();
    }

    /** In report-only mode, how often each cookie name the browser held would have been expired; empty when enforcing. */
    public Map<String, Long> wouldExpire() {
        return report == null ? Map.of() : report.expired();
    }

    /** The {@code <link>} and {@code <script>} tags that load the banner in a page of context {@code contextPath}. */
    String headTags(String contextPath) {
        HeadTags tags = head;
        if (tags == null || !tags.contextPath().equals(contextPath)) {
            String base = Html.attribute(contextPath + prefix);
            tags = new HeadTags(contextPath, "<link rel=\"stylesheet\" href=\"" + base + "/banner.css\">"
                    + "<script src=\"" + base + "/banner.js\" defer></script>");
            head = tags;
        }
        return tags.tags();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        boolean firstPass = request.getDispatcherType() == DispatcherType.REQUEST;
        ResponseState decided = firstPass ? null : ResponseState.of(request);
        if (decided != null) {
            renderer.proceed(request, response, chain, decided);
            return;
        }
        // Otherwise the first dispatch, or an ERROR, FORWARD, INCLUDE or ASYNC dispatch whose REQUEST
        // never passed this filter (another filter ahead of it sent an error, say): it is decided and
        // gated on its own, never run ungated; PrivacyKit's endpoints answer only REQUEST dispatches.
        unclassified.reportDaily();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        PrivacyEngine.Request engineRequest = engineRequest(request);
        if (firstPass && path.equals(GPC_JSON)) {
            endpoints.gpcJson(request, response, engineRequest);
            return;
        }
        RequestOutcome outcome;
        boolean assessed = true;
        try {
            outcome = engine.decide(engineRequest);
        } catch (RuntimeException e) {
            // Without a decision only strictly necessary cookies pass, and the app still finds a context.
            LOG.error("PrivacyKit could not classify a request; only necessary cookies are let through", e);
            outcome = engine.failClosed(engineRequest);
            assessed = false;
        }
        if (assessed && firstPass && path.startsWith(prefixSlash)
                && endpoints.serve(path.substring(prefix.length()), outcome, engineRequest, request, response)) {
            return;
        }
        ResponseState state = renderer.begin(request, response, engineRequest, outcome, assessed);
        renderer.proceed(request, response, chain, state);
    }

    /**
     * What the engine needs of the request. When the browser sent the consent cookie more than
     * once, the value that allows the fewest categories counts: without the {@code __Host-} prefix
     * a sibling subdomain can plant a genuine accept-all under the same name, and browsers order
     * same-named cookies by path and age (RFC 6265 section 5.4), which the planter can influence.
     */
    private PrivacyEngine.Request engineRequest(HttpServletRequest request) {
        String name = policy.consent().cookieName();
        RequestCookies cookies = requestCookies(request, name);
        String first = cookies.get(name);
        RequestHeaders headers = headersOf(request);
        if (first != null && cookies.watchedValuesDiffer()) {
            String least = first;
            int fewest = engine.assess(request.getRemoteAddr(), headers, first).decision().allowedCategories().size();
            for (String other : cookies.watchedValues()) {
                int allowed = engine.assess(request.getRemoteAddr(), headers, other).decision().allowedCategories().size();
                if (allowed < fewest) {
                    fewest = allowed;
                    least = other;
                }
            }
            cookies.put(name, least);
        }
        return new PrivacyEngine.Request(request.getRemoteAddr(), headers, cookies,
                request::getServerName, request.getContextPath(), () -> PrivacyEndpoints.origin(request), site);
    }

    private static RequestHeaders headersOf(HttpServletRequest request) {
        return new RequestHeaders() {
            @Override
            public List<String> values(String name) {
                java.util.Enumeration<String> values = request.getHeaders(name);
                if (values == null || !values.hasMoreElements()) {
                    return List.of();
                }
                String first = values.nextElement();
                if (!values.hasMoreElements()) {
                    return List.of(first); // the usual case: no list to grow
                }
                List<String> all = new java.util.ArrayList<>();
                all.add(first);
                while (values.hasMoreElements()) {
                    all.add(values.nextElement());
                }
                return all;
            }

            @Override
            public String first(String name) {
                return request.getHeader(name); // the container's first value, without an enumeration and a list
            }
        };
    }

    /**
     * The request's cookies, name to the first value (RFC 6265 section 4.2), from the raw header;
     * at most 200 names. Values are as sent: the consent codec strips the optional quotes itself.
     */
    static Map<String, String> requestCookies(HttpServletRequest request) {
        return requestCookies(request, null);
    }

    /**
     * {@link #requestCookies(HttpServletRequest)}, also keeping the distinct values sent for cookie
     * {@code name} ({@link RequestCookies#watchedValues()}), in the same pass over the headers.
     */
    static RequestCookies requestCookies(HttpServletRequest request, String name) {
        RequestCookies cookies = new RequestCookies();
        java.util.Enumeration<String> headers = request.getHeaders("Cookie");
        while (headers != null && headers.hasMoreElements()) {
            String header = headers.nextElement();
            int length = header.length();
            for (int start = 0; start < length; ) {
                int end = header.indexOf(';', start);
                if (end < 0) {
                    end = length;
                }
                int equals = header.indexOf('=', start);
                if (equals >= end) {
                    equals = -1;
                }
                int nameFrom = trimStart(header, start, equals < 0 ? end : equals);
                int nameTo = trimEnd(header, nameFrom, equals < 0 ? end : equals);
                if (nameFrom < nameTo) {
                    // The consent cookie's values are collected past the 200 names too, so that
                    // cookies planted ahead of the visitor's own cannot hide it.
                    boolean named = name != null && equals >= 0 && nameTo - nameFrom == name.length()
                            && header.startsWith(name, nameFrom);
                    boolean kept = cookies.size() < 200;
                    if (kept || named) {
                        String value = equals < 0 ? "" : trimmed(header, equals + 1, end);
                        String cookie = named ? name : header.substring(nameFrom, nameTo);
                        if (kept && SetCookieNames.isToken(cookie)) {
                            cookies.putIfAbsent(cookie, value);
                        }
                        if (named) {
                            cookies.watchedValue(value);
                        }
                    }
                }
                start = end + 1;
            }
        }
        return cookies;
    }

    /** {@code text.substring(from, to).trim()}, with one copy. */
    private static String trimmed(String text, int from, int to) {
        int start = trimStart(text, from, to);
        return text.substring(start, trimEnd(text, start, to));
    }

    /** Where {@code text}'s part from {@code from} to {@code to} starts without what String.trim() removes. */
    private static int trimStart(String text, int from, int to) {
        while (from < to && text.charAt(from) <= ' ') {
            from++;
        }
        return from;
    }

    private static int trimEnd(String text, int from, int to) {
        while (to > from && text.charAt(to - 1) <= ' ') {
            to--;
        }
        return to;
    }
}
