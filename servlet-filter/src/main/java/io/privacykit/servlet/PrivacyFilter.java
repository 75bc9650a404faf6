package io.privacykit.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privacykit.PrivacyEngine;
import io.privacykit.collection.CollectionRecorder;
import io.privacykit.collection.CollectionReports;
import io.privacykit.collection.CollectionStore;
import io.privacykit.collection.CollectionStoreProvider;
import io.privacykit.collection.InMemoryCollectionStore;
import io.privacykit.consent.ConsentCookieResult;
import io.privacykit.consent.ConsentDecision;
import io.privacykit.consent.ConsentMethod;
import io.privacykit.consent.ConsentSettings;
import io.privacykit.consent.ConsentState;
import io.privacykit.consent.CookieCategory;
import io.privacykit.consent.CookieClassifier;
import io.privacykit.consent.FrameworkCookies;
import io.privacykit.geo.ClientAddress;
import io.privacykit.geo.RequestHeaders;
import io.privacykit.internal.Providers;
import io.privacykit.policy.CspMode;
import io.privacykit.policy.Enforcement;
import io.privacykit.policy.Policy;
import io.privacykit.policy.PolicyException;
import io.privacykit.policy.PolicyLoader;
import io.privacykit.store.StoreException;
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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
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
    static final String GPC_JSON = "/.well-known/gpc.json";
    private static final Set<String> OWN_PATHS = Set.of("/consent", "/consent/receipt", "/banner.js", "/banner.css", "/notice");
    private static final String ADMIN = "/admin/";
    /** Wrong admin tokens one network may send a minute. */
    static final int ADMIN_FAILURES_PER_MINUTE = 10;
    /** The header banner.js sends, so that the ledger records the banner as the method. */
    static final String SOURCE_HEADER = "PrivacyKit-Source";

    private final ObjectMapper json = new ObjectMapper();
    private final BannerAssets banner = new BannerAssets(json);
    private PrivacyEngine engine;
    private boolean ownsEngine;
    private Policy policy;
    private CookieClassifier cookies;
    private UnclassifiedCookieRegistry unclassified;
    /** What report-only mode would have withheld; null when enforcing. */
    private ReportOnlyLog report;
    private final CookiePaths paths = new CookiePaths();
    private ConsentRateLimit rateLimit;
    private SameOrigin sameOrigin;
    private String prefix;
    /** The CSP header, or null: report-only enforcement turns an enforced CSP into a report-only one. */
    private String cspHeader;
    /** The head tags for the context path they were made for (one context per filter, so made once). */
    private volatile HeadTags head;
    private PrivacyEventListener listener = PrivacyEventListener.NONE;
    /** Records the app's collection of personal information; the filter's own, closed with it. */
    private CollectionRecorder recorder;
    private CookieCollection cookieCollection;
    private CollectionStore collectionStore;
    private CollectionReports reports;
    private Notice notice;
    /** How long the notice shows the same reports. */
    static final java.time.Duration NOTICE_FRESHNESS = java.time.Duration.ofSeconds(1);
    private volatile TimedFacts noticeFacts;
    /** SHA-256 of the admin token, or null when the operator endpoints are off. */
    private byte[] adminTokenHash;
    private final ConsentRateLimit adminFailures = new ConsentRateLimit(ADMIN_FAILURES_PER_MINUTE);

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

    /** Calls {@code event} on {@code listener}, logging what it throws: a listener never fails a request. */
    static void notify(PrivacyEventListener listener, java.util.function.Consumer<PrivacyEventListener> event) {
        if (listener == PrivacyEventListener.NONE) {
            return;
        }
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("A PrivacyEventListener failed: {}", e.toString());
        }
    }

    /** A filter that enforces {@code policy} with its configured geolocation and store, closed with the filter. */
    public static PrivacyFilter create(Policy policy) {
        PrivacyFilter filter = new PrivacyFilter();
        filter.configure(PrivacyEngine.open(policy), true);
        return filter;
    }

    private void configure(PrivacyEngine engine, boolean owned) {
        this.engine = engine;
        this.ownsEngine = owned;
        this.policy = engine.policy();
        this.cookies = policy.cookieClassifier();
        boolean reportOnly = policy.enforcement() == Enforcement.REPORT_ONLY;
        this.report = reportOnly ? new ReportOnlyLog() : null;
        this.unclassified = new UnclassifiedCookieRegistry(policy.unclassifiedCookies(), reportOnly, policy.categories(),
                Clock.systemUTC());
        this.cspHeader = ContentSecurityPolicy.headerName(reportOnly && policy.web().csp() == CspMode.ENFORCE
                ? CspMode.REPORT_ONLY : policy.web().csp());
        this.sameOrigin = new SameOrigin(policy.web().allowedOrigins());
        this.rateLimit = new ConsentRateLimit(policy.web().consentChangesPerMinute());
        this.collectionStore = collectionStore(engine);
        this.recorder = CollectionRecorder.start(policy.collection(), collectionStore, Clock.systemUTC());
        this.reports = new CollectionReports(policy.collection(), collectionStore, Clock.systemUTC());
        this.notice = new Notice(policy, json);
        this.adminTokenHash = policy.web().adminToken().map(PrivacyFilter::sha256).orElse(null);
        this.cookieCollection = new CookieCollection(recorder, policy, Clock.systemUTC());
        String p = policy.web().prefix();
        this.prefix = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
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
        this.cookies = policy.cookieClassifier(sessionCookie);
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
        if (recorder != null) {
            recorder.close();
        }
        if (ownsEngine && engine != null) {
            engine.close();
        }
    }

    /** The recorder of the personal information the app collects, discloses, sells and shares. */
    public CollectionRecorder recorder() {
        return recorder;
    }

    /** The reports on what {@link #recorder()} recorded: the notice's 12 months, the CCPA tables, conformance. */
    public CollectionReports reports() {
        return reports;
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
        if (!firstPass && request.getAttribute(EnforcedChain.ATTRIBUTE) != null) {
            EnforcedChain.proceed(request, response, chain);
            return;
        }
        // Otherwise an ERROR, FORWARD, INCLUDE or ASYNC dispatch whose REQUEST never passed this
        // filter (another filter ahead of it sent an error, say): it is decided and gated on its own,
        // never run ungated; PrivacyKit's endpoints answer only REQUEST dispatches.
        unclassified.reportDaily();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (firstPass && path.equals(GPC_JSON)) {
            gpcJson(request, response);
            return;
        }
        Map<String, String> cookies = requestCookies(request);
        PrivacyEngine.Visit visit;
        try {
            visit = engine.assess(request.getRemoteAddr(), headersOf(request), cookies.get(policy.consent().cookieName()));
        } catch (RuntimeException e) {
            LOG.error("PrivacyKit could not classify a request; only necessary cookies are let through", e);
            failClosed(request, response, chain);
            return;
        }
        if (firstPass && path.startsWith(prefix + "/")) {
            boolean served;
            try {
                served = endpoint(path.substring(prefix.length()), visit, request, response);
            } catch (RuntimeException e) {
                // Never a 500 with a stack trace from PrivacyKit's own endpoints.
                LOG.error("PrivacyKit could not answer {} {}", request.getMethod(), path, e);
                if (!response.isCommitted()) {
                    response.reset();
                    sendError(response, 503, "PrivacyKit could not answer this request; please try again");
                }
                served = true;
            }
            if (served) {
                return;
            }
        }
        enforce(visit, cookies.keySet(), request, response, chain);
    }

    /**
     * Without a decision only strictly necessary cookies pass, and the app still finds a context
     * (the fallback jurisdiction, nothing but necessary allowed) rather than failing itself.
     */
    private void failClosed(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        ResponseEnforcement enforcement = new ResponseEnforcement(gate(Set.of()), null, null);
        enforcement.recordPaths(paths, request.getRequestURI());
        EnforcedChain.begin(request, response, enforcement);
        String tags = headTags(request.getContextPath());
        request.setAttribute(PrivacyContext.HEAD_ATTRIBUTE, tags);
        try {
            PrivacyEngine.Visit visit = engine.failClosed(request.getRemoteAddr());
            request.setAttribute(PrivacyContext.ATTRIBUTE, new PrivacyContext(engine, recorder, visit, visit.decision(),
                    Optional.empty(), new ContextResponse(visit, response, enforcement, false), tags));
        } catch (RuntimeException e) {
            LOG.error("PrivacyKit could not build even a fail-closed context", e);
        }
        EnforcedChain.proceed(request, response, chain);
    }

    private void enforce(PrivacyEngine.Visit visit, Set<String> cookieNames, HttpServletRequest request,
                         HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        Optional<ConsentState> consent = visit.consent();
        ConsentDecision decision = visit.decision();
        Optional<PrivacyEngine.ConsentChange> gpc = Optional.empty();
        try {
            // Only a GPC signal over a stored consent can need a record: the origin is not worked out otherwise.
            if (visit.decision().gpcApplied() && consent.isPresent()) {
                gpc = engine.recordGpcOptOut(visit, origin(request));
            }
        } catch (RuntimeException e) {
            // The decision enforces GPC already; the record is retried on the visitor's next request.
            LOG.warn("Could not record a GPC opt-out in the consent ledger: {}", e.getMessage());
        }
        if (gpc.isPresent()) {
            consent = Optional.of(gpc.get().state());
            decision = gpc.get().decision();
        }
        ConsentDecision decided = decision;
        notify(listener, l -> l.decided(visit.jurisdiction(), decided));
        Optional<ConsentState> consented = consent;
        ResponseEnforcement enforcement = new ResponseEnforcement(gate(decision.allowedCategories(),
                category -> cookieCollection.cookieSent(category, visit, consented, decided)), cspHeader, cspValue(decision));
        enforcement.recordPaths(paths, request.getRequestURI());
        EnforcedChain.begin(request, response, enforcement);
        if (gpc.isPresent()) {
            enforcement.addOwnSetCookie(response, consentCookie(gpc.get()));
        }
        expireWithdrawn(cookieNames, request, response, enforcement, decision);
        recordLapse(visit, request, response, enforcement);
        String tags = headTags(request.getContextPath());
        request.setAttribute(PrivacyContext.HEAD_ATTRIBUTE, tags);
        request.setAttribute(PrivacyContext.ATTRIBUTE, new PrivacyContext(engine, recorder, visit, decision, consent,
                new ContextResponse(visit, response, enforcement, true), tags));
        EnforcedChain.proceed(request, response, chain);
    }

    /** What a {@link PrivacyContext} does to its response. */
    private final class ContextResponse implements PrivacyContext.Response {
        private final PrivacyEngine.Visit visit;
        private final HttpServletResponse response;
        private final ResponseEnforcement enforcement;
        private final boolean mayRestore;

        /** @param mayRestore false when the visit failed closed: the browser's own consent was never read */
        ContextResponse(PrivacyEngine.Visit visit, HttpServletResponse response, ResponseEnforcement enforcement,
                        boolean mayRestore) {
            this.visit = visit;
            this.response = response;
            this.enforcement = enforcement;
            this.mayRestore = mayRestore;
        }

        @Override
        public void consulted() {
            enforcement.markVaried(response);
        }

        @Override
        public Optional<PrivacyEngine.ConsentChange> restore(String subjectId) {
            Optional<PrivacyEngine.ConsentChange> restored = mayRestore ? engine.restoreForSubject(visit, subjectId)
                    : Optional.empty();
            restored.ifPresent(change -> {
                ConsentDecision decision = change.decision();
                enforcement.redecide(response, gate(decision.allowedCategories(), category -> cookieCollection
                        .cookieSent(category, visit, Optional.of(change.state()), decision)), cspValue(decision));
                enforcement.addOwnSetCookie(response, consentCookie(change));
            });
            return restored;
        }
    }

    private ResponseEnforcement enforcement(ConsentDecision decision) {
        return new ResponseEnforcement(gate(decision.allowedCategories()),
                cspHeader, cspValue(decision));
    }

    private CookieGate gate(Set<String> allowedCategories) {
        return new CookieGate(cookies, allowedCategories, unclassified, report, listener);
    }

    private CookieGate gate(Set<String> allowedCategories, java.util.function.Consumer<String> sent) {
        return new CookieGate(cookies, allowedCategories, unclassified, report, listener, sent);
    }

    /** The filter's CSP for {@code decision}, or null when CSP mode is off. */
    private String cspValue(ConsentDecision decision) {
        return cspHeader == null ? null
                : ContentSecurityPolicy.value(policy.categories(), decision.allowedCategories());
    }

    /**
     * Records a lapsed consent cookie (expired, or under a policy that requires re-consent) in the
     * ledger and clears it, so the lapse is recorded once; on a store failure the cookie stays and
     * the record is retried on the next request. Either way the lapsed cookie is no consent.
     */
    private void recordLapse(PrivacyEngine.Visit visit, HttpServletRequest request, HttpServletResponse response,
                             ResponseEnforcement enforcement) {
        if (!(visit.cookie() instanceof ConsentCookieResult.Lapsed)) {
            return;
        }
        try {
            if (engine.recordLapse(visit, origin(request)).isPresent()) {
                enforcement.addOwnSetCookie(response, CookieExpiry.of(policy.consent().cookieName()));
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not record a lapsed consent in the consent ledger: {}", e.getMessage());
        }
    }

    /**
     * Expires, in the browser, the request's cookies of categories the decision does not allow,
     * on the request's host and its parent domains (see {@link CookieExpiry#forHost}), at {@code /},
     * the context path and each path the app set the cookie under. In report-only mode only counts them.
     */
    private void expireWithdrawn(Set<String> cookieNames, HttpServletRequest request, HttpServletResponse response,
                                 ResponseEnforcement enforcement, ConsentDecision decision) {
        List<List<String>> deletions = new ArrayList<>();
        for (String name : cookieNames) {
            if (name.equals(policy.consent().cookieName())) {
                continue;
            }
            Optional<CookieCategory> category = cookies.categoryOf(name);
            if (category.isPresent() && !category.get().required() && !decision.allowed(category.get().name())) {
                if (report != null) {
                    report.wouldExpire(name, "category '" + category.get().name() + "' not allowed");
                    continue;
                }
                deletions.add(CookieExpiry.forHost(name, request.getServerName(), paths.of(name, request.getContextPath())));
            }
        }
        for (String deletion : CookieExpiry.withinBudget(deletions)) {
            enforcement.addOwnSetCookie(response, deletion);
        }
    }

    /** Serves PrivacyKit's own endpoints; false when {@code path} is none of them. */
    private boolean endpoint(String path, PrivacyEngine.Visit visit, HttpServletRequest request,
                             HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (path.startsWith(ADMIN)) {
            return admin(path.substring(ADMIN.length()), visit, request, response);
        }
        if (OWN_PATHS.contains(path)) {
            // PrivacyKit's own answers are never framed by another site (clickjacking a consent).
            response.setHeader("Content-Security-Policy", "frame-ancestors 'self'");
            response.setHeader("X-Frame-Options", "SAMEORIGIN");
        }
        switch (path) {
            case "/consent" -> {
                if (isRead(method)) {
                    ObjectNode body = ConsentJson.of(json, policy, visit.jurisdiction(), visit.decision(), visit.consent(),
                            visit.signals());
                    sendJson(response, 200, body);
                } else if (method.equals("POST")) {
                    choose(visit, request, response);
                } else {
                    notAllowed(request, response, "GET, HEAD, POST");
                }
            }
            case "/consent/receipt" -> {
                if (isRead(method)) {
                    receipt(visit, response);
                } else {
                    notAllowed(request, response, "GET, HEAD");
                }
            }
            case "/banner.js" -> {
                if (!isRead(method)) {
                    notAllowed(request, response, "GET, HEAD");
                    break;
                }
                // Read from the header itself: without one the container reports its own default
                // locale, and a malformed one may make the container's parser throw.
                String language = BannerAssets.language(request.getHeader("Accept-Language"));
                JsonNode initial = ConsentJson.of(json, policy, visit.jurisdiction(), visit.decision(), visit.consent(),
                        visit.signals());
                byte[] script = banner.script(language, request.getContextPath() + prefix + "/consent", initial);
                response.setContentType("text/javascript;charset=UTF-8");
                response.setHeader("Content-Language", language);
                // The script carries the visitor's decision and language: never shared between visitors.
                response.setHeader("Cache-Control", "private, no-cache");
                response.setHeader(HeaderNames.VARY, HeaderNames.mergeVary(HeaderNames.CONSENT_INPUTS, List.of("Accept-Language")));
                write(response, script);
            }
            case "/notice" -> {
                if (isRead(method)) {
                    notice(visit, request, response);
                } else {
                    notAllowed(request, response, "GET, HEAD");
                }
            }
            case "/banner.css" -> {
                if (!isRead(method)) {
                    notAllowed(request, response, "GET, HEAD");
                    break;
                }
                response.setContentType("text/css;charset=UTF-8");
                response.setHeader("Cache-Control", "public, max-age=3600");
                write(response, banner.stylesheet());
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void notice(PrivacyEngine.Visit visit, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Notice.Facts facts;
        try {
            facts = noticeFacts();
        } catch (StoreException e) {
            LOG.error("The collection records could not be read for the notice", e);
            sendError(response, 503, "The notice cannot be shown right now; please try again");
            return;
        }
        // The notice names the visitor's regime: never shared between visitors.
        response.setHeader(HeaderNames.VARY, HeaderNames.mergeVary(HeaderNames.CONSENT_INPUTS,
                List.of("Accept", "Accept-Language")));
        String accept = request.getHeader("Accept");
        if (accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("application/json")) {
            response.setStatus(200);
            response.setContentType("application/json;charset=UTF-8");
            response.setHeader("Cache-Control", "private, no-cache");
            write(response, json.writeValueAsBytes(notice.toJson(facts, visit.jurisdiction())));
            return;
        }
        String language = BannerAssets.language(request.getHeader("Accept-Language"));
        response.setStatus(200);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Content-Language", language);
        response.setHeader("Cache-Control", "private, no-cache");
        write(response, notice.toHtml(facts, visit.jurisdiction(), language).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The notice's reports, read at most once a {@link #NOTICE_FRESHNESS}: the page is public, and
     * each read adds up a year of records.
     */
    private Notice.Facts noticeFacts() {
        TimedFacts cached = noticeFacts;
        long now = System.nanoTime();
        if (cached != null && now - cached.readAt() < NOTICE_FRESHNESS.toNanos()) {
            return cached.facts();
        }
        Notice.Facts facts = Notice.Facts.of(reports);
        noticeFacts = new TimedFacts(facts, now);
        return facts;
    }

    private record TimedFacts(Notice.Facts facts, long readAt) {
    }

    /**
     * The operator endpoints: 404 unless {@code privacy.admin.token} is set; 401 without the token,
     * compared in constant time; 429 after {@link #ADMIN_FAILURES_PER_MINUTE} wrong tokens from a network.
     */
    private boolean admin(String path, PrivacyEngine.Visit visit, HttpServletRequest request,
                          HttpServletResponse response) throws IOException {
        if (!(path.equals("conformance") || path.equals("reports/ccpa"))) {
            return false;
        }
        if (adminTokenHash == null) {
            sendError(response, 404, "Not found");
            return true;
        }
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
        response.setHeader("X-Frame-Options", "DENY");
        java.net.InetAddress client = visit.client().map(ClientAddress::address).orElse(null);
        OptionalLong wait = adminFailures.waitBefore(client);
        if (wait.isPresent()) {
            response.setHeader("Retry-After", Long.toString(wait.getAsLong()));
            sendError(response, 429, "Too many attempts; try again later");
            return true;
        }
        String authorization = request.getHeader("Authorization");
        boolean authorized = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && java.security.MessageDigest.isEqual(adminTokenHash, sha256(authorization.substring(7).strip()));
        if (!authorized) {
            adminFailures.tryChange(client);
            response.setHeader("WWW-Authenticate", "Bearer");
            sendError(response, 401, "Unauthorized");
            return true;
        }
        if (!isRead(request.getMethod())) {
            notAllowed(request, response, "GET, HEAD");
            return true;
        }
        try {
            if (path.equals("conformance")) {
                ObjectNode body = json.createObjectNode();
                com.fasterxml.jackson.databind.node.ArrayNode violations = body.putArray("violations");
                for (io.privacykit.collection.DivergenceCount d : reports.conformance().divergences()) {
                    ObjectNode v = violations.addObject();
                    v.put("kind", d.violation().name());
                    v.put("record", d.kind().name());
                    v.put("category", d.category());
                    v.put("purpose", d.purpose());
                    v.put("recipient", d.counterpart());
                    v.put("count", d.count());
                    v.put("firstSeen", d.firstSeen().toString());
                    v.put("lastSeen", d.lastSeen().toString());
                }
                sendJson(response, 200, body);
            } else {
                ObjectNode body = json.createObjectNode();
                body.set("collected", reports.categoriesCollected().toJson());
                body.set("disclosed", reports.disclosures().toJson());
                body.set("soldAndShared", reports.salesAndSharing().toJson());
                body.set("shineTheLight", reports.shineTheLight().toJson());
                sendJson(response, 200, body);
            }
        } catch (StoreException e) {
            LOG.error("The collection records could not be read for {}{}{}", prefix, ADMIN, path, e);
            sendError(response, 503, "The records cannot be read right now; please try again");
        }
        return true;
    }

    static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private void choose(PrivacyEngine.Visit visit, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (!sameOrigin.permits(request, visit.client().map(ClientAddress::viaTrustedProxy).orElse(false))) {
            refuse(request, response, 403, "Consent changes from another origin are refused");
            return;
        }
        OptionalLong wait = rateLimit.tryChange(visit.client().map(ClientAddress::address).orElse(null));
        if (wait.isPresent()) {
            // Not drained: a flood must not hold a thread reading its bodies.
            response.setHeader("Retry-After", Long.toString(wait.getAsLong()));
            response.setHeader("Connection", "close");
            sendError(response, 429, "Too many consent changes from this network; try again in "
                    + wait.getAsLong() + " s");
            return;
        }
        Map<String, Boolean> given;
        try {
            given = ChoiceRequest.parse(policy, json, request.getContentType(), request.getContentLengthLong(),
                    request.getInputStream());
        } catch (ChoiceRequest.Refusal refusal) {
            refuse(request, response, refusal.status, refusal.getMessage());
            return;
        } catch (IOException | RuntimeException e) {
            refuse(request, response, 400, "The body could not be read");
            return;
        }
        ConsentMethod method = "banner".equalsIgnoreCase(request.getHeader(SOURCE_HEADER)) ? ConsentMethod.BANNER
                : ConsentMethod.API;
        PrivacyEngine.ConsentChange change;
        try {
            change = engine.choose(visit, given, method, origin(request));
        } catch (StoreException e) {
            LOG.error("The consent ledger could not record a choice; the visitor was told to retry", e);
            response.setHeader("Retry-After", "5");
            sendError(response, 503, "Your choice could not be recorded right now and was not saved; please try again");
            return;
        }
        ResponseEnforcement enforcement = enforcement(change.decision());
        enforcement.addOwnSetCookie(response, consentCookie(change));
        expireWithdrawn(requestCookies(request).keySet(), request, response, enforcement, change.decision());
        ObjectNode body = ConsentJson.of(json, policy, visit.jurisdiction(), change.decision(),
                Optional.of(change.state()), visit.signals());
        body.set("receipt", receiptJson(change));
        sendJson(response, 200, body);
    }

    /**
     * The receipt of the record a change committed, handed out with the answer: a receipt kept by
     * the visitor, outside the database, is what anchors the ledger against a rewrite of its table.
     */
    private ObjectNode receiptJson(PrivacyEngine.ConsentChange change) {
        io.privacykit.consent.ConsentReceipt receipt = io.privacykit.consent.ConsentReceipt.of(change.entry());
        ObjectNode node;
        try {
            node = (ObjectNode) json.readTree(receipt.toJson());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        node.put("sequence", receipt.sequence());
        node.put("hash", receipt.hash());
        return node;
    }

    private void receipt(PrivacyEngine.Visit visit, HttpServletResponse response) throws IOException {
        Optional<ConsentState> consent = visit.consent();
        if (consent.isEmpty()) {
            sendError(response, 404, "No consent is recorded for this browser");
            return;
        }
        try {
            Optional<io.privacykit.consent.ConsentReceipt> receipt = engine.receipt(consent.get().consentId());
            if (receipt.isEmpty()) {
                sendError(response, 404, "No consent is recorded for this browser");
                return;
            }
            response.setStatus(200);
            response.setContentType("application/json;charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            write(response, receipt.get().toJson().getBytes(StandardCharsets.UTF_8));
        } catch (StoreException e) {
            LOG.error("The consent ledger could not be read for a receipt", e);
            sendError(response, 503, "The consent record cannot be read right now; please try again");
        }
    }

    private void gpcJson(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!isRead(request.getMethod())) {
            notAllowed(request, response, "GET, HEAD");
            return;
        }
        // GPC specification section 3.5: the site's statement that it honours the signal.
        ObjectNode body = json.createObjectNode();
        body.put("gpc", true);
        body.put("lastUpdate", policy.lastUpdated().toString());
        response.setStatus(200);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "public, max-age=86400");
        write(response, json.writeValueAsBytes(body));
    }

    /** The signed consent cookie of a committed change. */
    private String consentCookie(PrivacyEngine.ConsentChange change) {
        ConsentSettings settings = policy.consent();
        StringBuilder cookie = new StringBuilder(settings.cookieName()).append('=').append(change.cookieValue())
                .append("; Max-Age=").append(change.cookieMaxAge().toSeconds())
                .append("; Path=/; HttpOnly; SameSite=").append(settings.sameSite());
        // Browsers drop SameSite=None cookies without Secure.
        if (settings.secureCookie() || settings.sameSite().equalsIgnoreCase("None")) {
            cookie.append("; Secure");
        }
        return cookie.toString();
    }

    private static PrivacyEngine.Origin origin(HttpServletRequest request) {
        String page = null;
        String referer = request.getHeader("Referer");
        if (referer != null) {
            try {
                page = URI.create(referer.trim()).getRawPath();
            } catch (IllegalArgumentException e) {
                page = null;
            }
        }
        if (page == null || page.isEmpty()) {
            page = request.getRequestURI();
        }
        return new PrivacyEngine.Origin(page, request.getHeader("User-Agent"));
    }

    private static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    private void notAllowed(HttpServletRequest request, HttpServletResponse response, String allow) throws IOException {
        response.setHeader("Allow", allow);
        refuse(request, response, 405, "Method not allowed; use " + allow);
    }

    /**
     * Refuses a request whose body may be partly unread. What is left is drained, within a bound,
     * before answering; beyond it the connection closes, so that no client reuses it and reads the
     * unread bytes as its next answer (RFC 9112 section 9.6).
     */
    private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        boolean drained;
        try {
            drained = ChoiceRequest.discardRest(request.getInputStream());
        } catch (IOException | IllegalStateException e) {
            drained = false;
        }
        if (!drained) {
            response.setHeader("Connection", "close");
        }
        sendError(response, status, message);
    }

    private void sendError(HttpServletResponse response, int status, String message) throws IOException {
        sendJson(response, status, ConsentJson.error(json, message));
    }

    private void sendJson(HttpServletResponse response, int status, JsonNode body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        write(response, json.writeValueAsBytes(body));
    }

    private static void write(HttpServletResponse response, byte[] body) throws IOException {
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static RequestHeaders headersOf(HttpServletRequest request) {
        return name -> {
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
        };
    }

    /**
     * The request's cookies, name to the first value (RFC 6265 section 4.2), from the raw header;
     * at most 200 names. Values are as sent: the consent codec strips the optional quotes itself.
     */
    static Map<String, String> requestCookies(HttpServletRequest request) {
        Map<String, String> cookies = new LinkedHashMap<>();
        java.util.Enumeration<String> headers = request.getHeaders("Cookie");
        while (headers != null && headers.hasMoreElements()) {
            for (String pair : headers.nextElement().split(";")) {
                int equals = pair.indexOf('=');
                String name = (equals < 0 ? pair : pair.substring(0, equals)).trim();
                if (SetCookieNames.isToken(name) && cookies.size() < 200) {
                    cookies.putIfAbsent(name, equals < 0 ? "" : pair.substring(equals + 1).trim());
                }
            }
        }
        return cookies;
    }
}
