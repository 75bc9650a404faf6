package io.privacykit.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privacykit.PrivacyEngine;
import io.privacykit.jurisdiction.GpcStatement;
import io.privacykit.PrivacyEngine.RequestOutcome;
import io.privacykit.collection.CollectionReports;
import io.privacykit.consent.ConsentMethod;
import io.privacykit.consent.ConsentState;
import io.privacykit.geo.ClientAddress;
import io.privacykit.policy.Policy;
import io.privacykit.store.StoreException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PrivacyKit's own HTTP endpoints: the consent state and changes ({@code /consent}), the receipt,
 * the banner's script and stylesheet, the notice, the operator endpoints ({@code /admin/...}) and
 * {@code /.well-known/gpc.json}. One per filter, thread-safe.
 */
final class PrivacyEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyEndpoints.class);
    private static final Set<String> OWN_PATHS = Set.of("/consent", "/consent/receipt", "/banner.js", "/banner.css", "/notice");
    private static final String ADMIN = "/admin/";
    /** Wrong admin tokens one network may send a minute. */
    static final int ADMIN_FAILURES_PER_MINUTE = 10;
    /** The header banner.js sends, so that the ledger records the banner as the method. */
    static final String SOURCE_HEADER = "PrivacyKit-Source";
    /** How long the notice shows the same reports. */
    static final java.time.Duration NOTICE_FRESHNESS = java.time.Duration.ofSeconds(1);

    private final ObjectMapper json;
    private final BannerAssets banner;
    private final PrivacyEngine engine;
    private final Policy policy;
    private final OutcomeRenderer renderer;
    private final SameOrigin sameOrigin;
    private final ConsentRateLimit rateLimit;
    private final CollectionReports reports;
    private final Notice notice;
    private final String prefix;
    /** SHA-256 of the admin token, or null when the operator endpoints are off. */
    private final byte[] adminTokenHash;
    private final ConsentRateLimit adminFailures = new ConsentRateLimit(ADMIN_FAILURES_PER_MINUTE);
    private volatile TimedFacts noticeFacts;
    /** The data-subject rights endpoints, or null when the filter has no rights service. */
    private final RightsEndpoints rights;
    private final OperatorEndpoints operator;
    private UnsubscribeEndpoint unsubscribe;
    private OperatorConsole console;

    PrivacyEndpoints(ObjectMapper json, PrivacyEngine engine, OutcomeRenderer renderer, CollectionReports reports,
                     String prefix) {
        this(json, engine, renderer, reports, prefix, null);
    }

    PrivacyEndpoints(ObjectMapper json, PrivacyEngine engine, OutcomeRenderer renderer, CollectionReports reports,
                     String prefix, RightsWiring rightsWiring) {
        this.json = json;
        this.banner = new BannerAssets(json);
        this.engine = engine;
        this.policy = engine.policy();
        this.renderer = renderer;
        this.sameOrigin = new SameOrigin(policy.web().allowedOrigins());
        this.rateLimit = new ConsentRateLimit(policy.web().consentChangesPerMinute());
        this.reports = reports;
        this.notice = new Notice(policy, json);
        this.prefix = prefix;
        this.adminTokenHash = policy.web().adminToken().map(PrivacyEndpoints::sha256).orElse(null);
        this.rights = rightsWiring == null ? null : new RightsEndpoints(json, engine, renderer, rightsWiring, this::admitted);
        this.operator = new OperatorEndpoints(engine);
    }

    /** Serves {@code {prefix}/unsubscribe} over {@code preferences}; called once, before the first request. */
    PrivacyEndpoints communications(io.privacykit.communication.CommunicationPreferences preferences) {
        this.unsubscribe = new UnsubscribeEndpoint(preferences);
        return this;
    }

    /** Serves the operator console, charting {@code unclassified}; called once, before the first request. */
    PrivacyEndpoints console(UnclassifiedCookieRegistry unclassified) {
        if (adminTokenHash != null) {
            this.console = new OperatorConsole(json, engine, reports, unclassified, adminTokenHash, adminFailures, prefix,
                    java.time.Clock.systemUTC());
        }
        return this;
    }

    /**
     * Serves PrivacyKit's own endpoints under the prefix; false when {@code path} is none of them.
     * Never a 500 with a stack trace: what fails here is a JSON 503.
     */
    boolean serve(String path, RequestOutcome outcome, PrivacyEngine.Request engineRequest, HttpServletRequest request,
                  HttpServletResponse response) throws IOException {
        try {
            return endpoint(path, outcome, engineRequest, request, response);
        } catch (RuntimeException e) {
            LOG.error("PrivacyKit could not answer {} {}", request.getMethod(), path, e);
            if (!response.isCommitted()) {
                response.reset();
                sendError(response, 503, "PrivacyKit could not answer this request; please try again");
            }
            return true;
        }
    }

    private boolean endpoint(String path, RequestOutcome outcome, PrivacyEngine.Request engineRequest,
                             HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrivacyEngine.Visit visit = outcome.visit();
        String method = request.getMethod();
        if (rights != null && rights.serve(path, outcome, engineRequest, request, response)) {
            return true;
        }
        if (path.startsWith(ADMIN)) {
            return admin(path.substring(ADMIN.length()), visit, request, response);
        }
        if (path.equals(UnsubscribeEndpoint.PATH) && unsubscribe != null) {
            unsubscribe.serve(request, response);
            return true;
        }
        if (OWN_PATHS.contains(path)) {
            // PrivacyKit's own answers are never framed by another site (clickjacking a consent).
            response.setHeader("Content-Security-Policy", "frame-ancestors 'self'");
            response.setHeader("X-Frame-Options", "SAMEORIGIN");
        }
        switch (path) {
            case "/consent" -> {
                if (isRead(method)) {
                    ObjectNode body = ConsentJson.of(json, policy, visit.jurisdiction(), outcome.decision(), outcome.consent(),
                            visit.signals());
                    sendJson(response, 200, body);
                } else if (method.equals("POST")) {
                    choose(visit, engineRequest, request, response);
                } else {
                    notAllowed(request, response, "GET, HEAD, POST");
                }
            }
            case "/consent/receipt" -> {
                if (isRead(method)) {
                    receipt(outcome, response);
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
                JsonNode initial = ConsentJson.of(json, policy, visit.jurisdiction(), outcome.decision(), outcome.consent(),
                        visit.signals());
                String endpoint = request.getContextPath() + prefix + "/consent";
                String entityTag = banner.entityTag(language, endpoint, initial);
                response.setHeader("Content-Language", language);
                // The script carries the visitor's decision and language: never shared between
                // visitors, and revalidated by its entity tag, which changes with either.
                response.setHeader("Cache-Control", "private, no-cache");
                response.setHeader(HeaderNames.VARY, HeaderNames.mergeVary(HeaderNames.CONSENT_INPUTS, List.of("Accept-Language")));
                response.setHeader("ETag", entityTag);
                if (BannerAssets.noneMatchHits(request.getHeader("If-None-Match"), entityTag)) {
                    response.setStatus(304);
                    break;
                }
                response.setContentType("text/javascript;charset=UTF-8");
                write(response, banner.script(language, endpoint, initial));
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
        if (OperatorConsole.serves(path) && console != null) {
            console.serve(path, visit, request, response);
            return true;
        }
        if (!(path.equals("conformance") || path.equals("reports/ccpa") || OperatorEndpoints.serves(path)
                || OperatorConsole.serves(path))) {
            return false;
        }
        if (!admitted(visit, request, response)) {
            return true;
        }
        if (!isRead(request.getMethod())) {
            notAllowed(request, response, "GET, HEAD");
            return true;
        }
        if (OperatorEndpoints.serves(path)) {
            operator.serve(path, request, response);
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

    /**
     * Checks the operator's bearer token: 404 unless {@code privacy.admin.token} is set; 401 without
     * the token, compared in constant time; 429 after {@link #ADMIN_FAILURES_PER_MINUTE} wrong tokens
     * from a network. True when the request may go on; otherwise the answer is sent.
     */
    boolean admitted(PrivacyEngine.Visit visit, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (adminTokenHash == null) {
            sendError(response, 404, "Not found");
            return false;
        }
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
        response.setHeader("X-Frame-Options", "DENY");
        java.net.InetAddress client = visit.client().map(ClientAddress::address).orElse(null);
        OptionalLong wait = adminFailures.waitBefore(client);
        if (wait.isPresent()) {
            response.setHeader("Retry-After", Long.toString(wait.getAsLong()));
            sendError(response, 429, "Too many attempts; try again later");
            return false;
        }
        String authorization = request.getHeader("Authorization");
        boolean authorized = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && java.security.MessageDigest.isEqual(adminTokenHash, sha256(authorization.substring(7).strip()));
        if (!authorized) {
            adminFailures.tryChange(client);
            response.setHeader("WWW-Authenticate", "Bearer");
            sendError(response, 401, "Unauthorized");
            return false;
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

    private void choose(PrivacyEngine.Visit visit, PrivacyEngine.Request engineRequest, HttpServletRequest request,
                        HttpServletResponse response) throws IOException {
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
        boolean form;
        try {
            form = ChoiceRequest.isForm(request.getContentType(), request.getContentLengthLong());
        } catch (ChoiceRequest.Refusal refusal) {
            refuse(request, response, refusal.status, refusal.getMessage());
            return;
        }
        if (!request.isAsyncSupported()) {
            // A container or chain without async support: read with the deadline on this thread.
            byte[] bytes;
            try {
                bytes = ChoiceRequest.readAtMost(request.getInputStream(), ChoiceRequest.MAX_BODY,
                        System.nanoTime() + ChoiceRequest.BODY_DEADLINE.toNanos());
            } catch (ChoiceRequest.Refusal refusal) {
                refuse(request, response, refusal.status, refusal.getMessage());
                return;
            } catch (IOException | RuntimeException e) {
                refuse(request, response, 400, "The body could not be read");
                return;
            }
            answerChoice(form, bytes, visit, engineRequest, request, response);
            return;
        }
        ChoiceBody.read(request, response, ChoiceRequest.BODY_DEADLINE, new ChoiceBody.Handler() {
            @Override
            public void body(byte[] bytes) throws IOException {
                try {
                    answerChoice(form, bytes, visit, engineRequest, request, response);
                } catch (RuntimeException e) {
                    // Never a 500 with a stack trace from PrivacyKit's own endpoints.
                    LOG.error("PrivacyKit could not answer a consent change", e);
                    if (!response.isCommitted()) {
                        response.reset();
                        sendError(response, 503, "PrivacyKit could not answer this request; please try again");
                    }
                }
            }

            @Override
            public void refused(int status, String message) throws IOException {
                sendError(response, status, message);
            }
        });
    }

    /** Records the choice a body read in full states, and answers with the new decision, cookie and receipt. */
    private void answerChoice(boolean form, byte[] bytes, PrivacyEngine.Visit visit, PrivacyEngine.Request engineRequest,
                              HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Boolean> given;
        try {
            given = ChoiceRequest.parse(policy, json, form, bytes);
        } catch (ChoiceRequest.Refusal refusal) {
            sendError(response, refusal.status, refusal.getMessage());
            return;
        }
        ConsentMethod method = "banner".equalsIgnoreCase(request.getHeader(SOURCE_HEADER))
                ? ConsentMethod.BANNER : ConsentMethod.API;
        PrivacyEngine.ConsentChange change;
        try {
            change = engine.choose(visit, given, method, origin(request));
        } catch (StoreException e) {
            LOG.error("The consent ledger could not record a choice; the visitor was told to retry", e);
            response.setHeader("Retry-After", "5");
            sendError(response, 503, "Your choice could not be recorded right now and was not saved; please try again");
            return;
        }
        renderer.renderOwn(response, engine.afterChoice(engineRequest, visit, change));
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
        ObjectNode node = receipt.toJsonTree();
        node.put("sequence", receipt.sequence());
        node.put("hash", receipt.hash());
        return node;
    }

    private void receipt(RequestOutcome outcome, HttpServletResponse response) throws IOException {
        Optional<ConsentState> consent = outcome.consent();
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

    /**
     * The site's statement that it honours the signal (GPC specification section 3.5), true only
     * where it does: to everyone, cacheable, when the policy honours GPC everywhere; else per
     * visitor (true where their regime binds GPC), never stored by a cache.
     */
    void gpcJson(HttpServletRequest request, HttpServletResponse response, PrivacyEngine.Request engineRequest)
            throws IOException {
        if (!isRead(request.getMethod())) {
            notAllowed(request, response, "GET, HEAD");
            return;
        }
        boolean everywhere = policy.signals().gpcHonoredEverywhere();
        GpcStatement statement;
        if (everywhere) {
            statement = GpcStatement.forSite(true, policy.lastUpdated());
            response.setHeader("Cache-Control", "public, max-age=86400");
        } else {
            io.privacykit.jurisdiction.Jurisdiction jurisdiction;
            try {
                jurisdiction = engine.assess(engineRequest.remoteAddr(), engineRequest.headers(), null).jurisdiction();
            } catch (RuntimeException e) {
                jurisdiction = engine.failClosed(engineRequest.remoteAddr()).jurisdiction();
            }
            statement = GpcStatement.forVisitor(false, jurisdiction, policy.lastUpdated());
            response.setHeader("Cache-Control", "no-store");
        }
        response.setStatus(200);
        response.setContentType("application/json");
        write(response, statement.toJson().getBytes(StandardCharsets.UTF_8));
    }

    static PrivacyEngine.Origin origin(HttpServletRequest request) {
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
}
