package io.privacykit.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.privacykit.PrivacyEngine;
import io.privacykit.PrivacyEngine.RequestOutcome;
import io.privacykit.consent.ConsentCookieResult;
import io.privacykit.consent.ConsentMethod;
import io.privacykit.consent.ConsentState;
import io.privacykit.consent.CookieCategory;
import io.privacykit.geo.ClientAddress;
import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.rights.AuthorizedAgent;
import io.privacykit.rights.CleanupRun;
import io.privacykit.rights.DueDates;
import io.privacykit.rights.ExportDownload;
import io.privacykit.rights.FieldError;
import io.privacykit.rights.Fulfilment;
import io.privacykit.rights.OperatorResult;
import io.privacykit.rights.RequestView;
import io.privacykit.rights.RetentionSchedule;
import io.privacykit.rights.RightType;
import io.privacykit.rights.RightsCatalog;
import io.privacykit.rights.RightsDeadlines;
import io.privacykit.rights.Submission;
import io.privacykit.rights.Verification;
import io.privacykit.consent.LedgerEntry;
import io.privacykit.store.StoreException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data-subject rights endpoints under the prefix: the public rights page ({@code /rights}),
 * submission ({@code POST /requests}), verification ({@code /requests/{id}/verify}), the one-time
 * export download ({@code /requests/{id}/export}) and the operator's queue, actions and retention
 * schedule ({@code /admin/requests}, {@code /admin/retention}) behind the admin token. Thin: every
 * decision is {@link io.privacykit.rights.RightsService}'s. Thread-safe.
 */
final class RightsEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(RightsEndpoints.class);
    private static final int MAX_BODY = 8 * 1024;
    private static final String PAGE_CSP = "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'";
    private static final Pattern REQUEST = Pattern.compile("/requests/([A-Za-z0-9_-]{1,64})/(verify|export)");
    private static final Pattern ADMIN_ACTION = Pattern.compile(
            "/admin/requests/([A-Za-z0-9_-]{1,64})/(complete|deny|extend|rectify|restrict|retry|hold|release-hold)");
    private static final Pattern ADMIN_REQUEST = Pattern.compile("/admin/requests/([A-Za-z0-9_-]{1,64})");
    /** The prefix of a correction's field name in a rectification: {@code corrections.city=Paris}. */
    private static final String CORRECTION = "corrections.";

    /** Checks the operator's bearer token, answering 401/404/429 itself; true when the request may go on. */
    @FunctionalInterface
    interface AdminGate {
        boolean admit(PrivacyEngine.Visit visit, HttpServletRequest request, HttpServletResponse response)
                throws IOException;
    }

    private final ObjectMapper json;
    private final PrivacyEngine engine;
    private final OutcomeRenderer renderer;
    private final RightsWiring wiring;
    private final SameOrigin sameOrigin;
    private final AdminGate adminGate;
    private final RightsDeadlines deadlines = new RightsDeadlines(new io.privacykit.rights.HolidayCalendars());
    private final Cache<Long, Bucket> networks = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofHours(2)).build();
    private final Cache<String, Bucket> addresses = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofHours(2)).build();

    RightsEndpoints(ObjectMapper json, PrivacyEngine engine, OutcomeRenderer renderer, RightsWiring wiring,
                    AdminGate adminGate) {
        this.json = json;
        this.engine = engine;
        this.renderer = renderer;
        this.wiring = wiring;
        this.sameOrigin = new SameOrigin(engine.policy().web().allowedOrigins());
        this.adminGate = adminGate;
    }

    /** Serves {@code path} (below the prefix) when it is a rights endpoint; false otherwise. */
    boolean serve(String path, RequestOutcome outcome, PrivacyEngine.Request engineRequest, HttpServletRequest request,
                  HttpServletResponse response) throws IOException {
        PrivacyEngine.Visit visit = outcome.visit();
        String method = request.getMethod();
        if (path.equals("/admin/requests") || path.equals("/admin/retention") || path.equals("/admin/holds")
                || path.equals("/admin/holds/release") || ADMIN_ACTION.matcher(path).matches()
                || ADMIN_REQUEST.matcher(path).matches()) {
            if (adminGate.admit(visit, request, response)) {
                admin(path, outcome, engineRequest, request, response);
            }
            return true;
        }
        if (path.equals("/rights")) {
            if (isRead(method)) {
                rightsPage(visit.jurisdiction(), request, response);
            } else {
                notAllowed(response, "GET, HEAD");
            }
            return true;
        }
        if (path.equals("/requests")) {
            if (method.equals("POST")) {
                submit(visit, request, response);
            } else {
                notAllowed(response, "POST");
            }
            return true;
        }
        Matcher m = REQUEST.matcher(path);
        if (!m.matches()) {
            return false;
        }
        String id = m.group(1);
        String token = request.getParameter("token");
        if (m.group(2).equals("verify")) {
            if (isRead(method)) {
                confirmPage(request, response, token);
            } else if (method.equals("POST")) {
                verify(id, token, outcome, engineRequest, request, response);
            } else {
                notAllowed(response, "GET, HEAD, POST");
            }
        } else if (isRead(method)) {
            export(id, token, request, response);
        } else {
            notAllowed(response, "GET, HEAD");
        }
        return true;
    }

    // ---- Public ----

    private void rightsPage(Jurisdiction jurisdiction, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        LocalDate today = LocalDate.now(wiring.clock());
        List<RightType> rights = RightsCatalog.rightsIn(jurisdiction);
        response.setHeader(HeaderNames.VARY, HeaderNames.mergeVary(HeaderNames.CONSENT_INPUTS, List.of("Accept")));
        if (wantsJson(request)) {
            ObjectNode body = json.createObjectNode();
            body.put("regime", jurisdiction.regime().name());
            body.put("law", jurisdiction.law());
            body.put("requestsEnabled", wiring.mailConfigured());
            ArrayNode list = body.putArray("rights");
            for (RightType type : rights) {
                DueDates due = deadlines.of(jurisdiction, type, today);
                ObjectNode right = list.addObject();
                right.put("type", type.name());
                right.put("answerWithinDays", java.time.temporal.ChronoUnit.DAYS.between(today, due.due()));
                right.put("dueIfRequestedToday", due.due().toString());
            }
            sendJson(response, 200, body, "private, no-cache");
            return;
        }
        StringBuilder html = page("Your privacy rights");
        html.append("<p>The law that applies to you: ").append(Html.attribute(jurisdiction.law()))
                .append(" (").append(Html.attribute(jurisdiction.regime().name())).append(").</p>\n<table>\n")
                .append("<tr><th>Right</th><th>Answered by, if you ask today</th></tr>\n");
        for (RightType type : rights) {
            DueDates due = deadlines.of(jurisdiction, type, today);
            html.append("<tr><td>").append(label(type)).append("</td><td>").append(due.due()).append("</td></tr>\n");
        }
        html.append("</table>\n");
        if (wiring.mailConfigured()) {
            html.append(requestForm(request.getContextPath() + wiring.prefix() + "/requests", rights));
        } else {
            html.append("<p>Requests cannot be taken here right now: verification mail is not configured.</p>\n");
        }
        sendHtml(response, 200, html);
    }

    /** The request form: a right of the visitor's regime and an e-mail address, posted to {@code action}. */
    static String requestForm(String action, List<RightType> rights) {
        StringBuilder form = new StringBuilder("<form method=\"post\" action=\"").append(Html.attribute(action))
                .append("\">\n<label>Right <select name=\"type\">");
        for (RightType type : rights) {
            form.append("<option value=\"").append(type.name()).append("\">").append(label(type)).append("</option>");
        }
        return form.append("</select></label>\n<label>E-mail <input type=\"email\" name=\"email\" required"
                + " maxlength=\"254\"></label>\n"
                + "<fieldset><legend>Only if you are an authorized agent acting for this person</legend>\n"
                + "<label>Your name <input name=\"agent.name\" maxlength=\"256\"></label>\n"
                + "<label>Your e-mail <input type=\"email\" name=\"agent.email\" maxlength=\"254\"></label>\n"
                + "<label>Your authorisation <input name=\"agent.authorization\" maxlength=\"2000\""
                + " placeholder=\"signed permission, power of attorney\"></label>\n"
                + "<p>The confirmation link goes to the person, who confirms the request themselves.</p>\n"
                + "</fieldset>\n<button type=\"submit\">Send request</button>\n</form>\n").toString();
    }

    private static String label(RightType type) {
        String name = type.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private void submit(PrivacyEngine.Visit visit, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        boolean viaProxy = visit.client().map(ClientAddress::viaTrustedProxy).orElse(false);
        if (!sameOrigin.permits(request, viaProxy)) {
            sendError(response, 403, "Requests from another origin are refused");
            return;
        }
        if (!wiring.mailConfigured()) {
            sendError(response, 503, "Requests cannot be verified: verification mail is not configured"
                    + " (privacy.mail.transport)");
            return;
        }
        // privacy.rights.requests-per-network-per-hour (0: none) and -per-email-per-hour: a burst of as many.
        int perNetwork = engine.policy().rights().requestsPerNetworkHour();
        OptionalLong wait = perNetwork == 0 ? OptionalLong.empty() : take(networks,
                visit.client().map(c -> ConsentRateLimit.network(c.address())).orElse(null), perNetwork);
        if (wait.isPresent()) {
            tooMany(response, wait.getAsLong(), "Too many requests from this network");
            return;
        }
        Map<String, String> fields = fieldsOrAnswer(request, response);
        if (fields == null) {
            return;
        }
        String typeText = fields.get("type");
        Optional<RightType> type = RightType.parse(typeText);
        List<FieldError> errors = new ArrayList<>();
        if (type.isEmpty() && typeText != null && !typeText.isBlank()) {
            errors.add(new FieldError("type", "unknown right '" + typeText + "': one of " + List.of(RightType.values())));
        }
        String email = fields.get("email");
        if (errors.isEmpty() && email != null && email.indexOf('@') > 0) {
            wait = take(addresses, email.strip().toLowerCase(Locale.ROOT), engine.policy().rights().requestsPerEmailHour());
            if (wait.isPresent()) {
                tooMany(response, wait.getAsLong(), "Too many requests for this e-mail address");
                return;
            }
        }
        Optional<AuthorizedAgent> agent = agent(fields);
        Submission submission = wiring.withLinksUnder(linkBase(request),
                () -> wiring.rights().submit(type.orElse(null), email, visit.jurisdiction(), agent));
        if (submission instanceof Submission.Invalid invalid) {
            // The service names the missing type and a bad address; an unknown type is named here.
            List<FieldError> all = new ArrayList<>(errors);
            invalid.errors().stream().filter(e -> errors.isEmpty() || !e.field().equals("type")).forEach(all::add);
            invalidFields(response, all);
        } else if (!errors.isEmpty()) {
            invalidFields(response, errors);
        } else if (submission instanceof Submission.Unavailable unavailable) {
            response.setHeader("Retry-After", "60");
            sendError(response, 503, unavailable.message());
        } else if (submission instanceof Submission.Accepted accepted) {
            if (isForm(request) && !wantsJson(request)) {
                StringBuilder html = page("Request received");
                if (accepted.request().agent().isPresent()) {
                    html.append("<p>We sent a confirmation link to the person you act for: they confirm the request"
                            + " and your permission themselves. Their ")
                            .append(label(accepted.request().type()).toLowerCase(Locale.ROOT))
                            .append(" request is due by ").append(accepted.request().dueDate()).append(".</p>\n");
                    sendHtml(response, 202, html);
                    return;
                }
                html.append("<p>We sent a confirmation link to the address you gave. Your ")
                        .append(label(accepted.request().type()).toLowerCase(Locale.ROOT))
                        .append(" request is due by ").append(accepted.request().dueDate()).append(".</p>\n");
                sendHtml(response, 202, html);
            } else {
                sendJson(response, 202, view(accepted.request()), "no-store");
            }
        }
    }

    /**
     * The authorized agent of a submission ({@code agent.name}, {@code agent.email},
     * {@code agent.authorization}; nested under {@code "agent"} in JSON), present when any of its
     * fields is filled in, so that a form's empty agent fields mean none. The service names each bad one.
     */
    private static Optional<AuthorizedAgent> agent(Map<String, String> fields) {
        String name = fields.getOrDefault("agent.name", "");
        String email = fields.getOrDefault("agent.email", "");
        String authorization = fields.getOrDefault("agent.authorization", "");
        if (name.isBlank() && email.isBlank() && authorization.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new AuthorizedAgent(name, email, authorization));
    }

    private void invalidFields(HttpServletResponse response, List<FieldError> errors) throws IOException {
        ObjectNode body = ConsentJson.error(json, "Invalid request: " + String.join(", ",
                errors.stream().map(FieldError::field).toList()));
        ArrayNode list = body.putArray("errors");
        errors.forEach(e -> list.addObject().put("field", e.field()).put("message", e.message()));
        sendJson(response, 400, body, "no-store");
    }

    /**
     * The confirm page a verification link opens: mail scanners follow links, so a GET never
     * verifies; the page's button POSTs the token.
     */
    private void confirmPage(HttpServletRequest request, HttpServletResponse response, String token) throws IOException {
        StringBuilder html = page("Confirm your request");
        html.append("<p>Press the button to confirm that you made this request.</p>\n<form method=\"post\" action=\"")
                .append(Html.attribute(request.getRequestURI())).append("\">\n<input type=\"hidden\" name=\"token\" value=\"")
                .append(Html.attribute(token == null ? "" : token))
                .append("\">\n<button type=\"submit\">Confirm my request</button>\n</form>\n");
        response.setHeader("Referrer-Policy", "no-referrer");
        sendHtml(response, 200, html);
    }

    private void verify(String id, String token, RequestOutcome outcome, PrivacyEngine.Request engineRequest,
                        HttpServletRequest request, HttpServletResponse response) throws IOException {
        // What the app recorded up to now belongs in an export made on verification.
        wiring.flushRecords();
        Verification verification = wiring.withLinksUnder(linkBase(request),
                () -> wiring.rights().verify(id, token == null ? "" : token));
        boolean asJson = wantsJson(request);
        if (verification instanceof Verification.NotFound) {
            sendError(response, 404, "No such request");
        } else if (verification instanceof Verification.Locked) {
            response.setHeader("Retry-After", "86400");
            sendError(response, 429, "Too many wrong tokens: this request is locked");
        } else if (verification instanceof Verification.Rejected rejected) {
            String message = switch (rejected.reason()) {
                case WRONG_TOKEN -> "Wrong token";
                case EXPIRED -> "The link has expired; please make a new request";
                case USED -> "The link was used already";
            };
            ObjectNode body = ConsentJson.error(json, message);
            body.put("reason", rejected.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            body.put("attemptsLeft", rejected.attemptsLeft());
            sendJson(response, 400, body, "no-store");
        } else if (verification instanceof Verification.Verified verified) {
            RequestView view = fulfil(verified, outcome, engineRequest, request, response);
            ObjectNode body = view(view);
            body.put("verified", true);
            if (verified.fulfilment() instanceof Fulfilment.ExportReady ready) {
                body.put("downloadUrl", ready.downloadUrl());
                body.put("downloadExpiresAt", ready.expiresAt().toString());
            }
            if (asJson) {
                sendJson(response, 200, body, "no-store");
                return;
            }
            StringBuilder html = page("Request confirmed");
            html.append("<p>Thank you: your request is confirmed (").append(Html.attribute(view.status().code()))
                    .append(").</p>\n");
            if (verified.fulfilment() instanceof Fulfilment.ExportReady ready) {
                html.append("<p><a href=\"").append(Html.attribute(ready.downloadUrl()))
                        .append("\">Download your data</a> (works once, until ").append(ready.expiresAt())
                        .append(").</p>\n");
            }
            response.setHeader("Referrer-Policy", "no-referrer");
            sendHtml(response, 200, html);
        }
    }

    /**
     * Carries out what the service leaves to the caller: a withdrawal or an opt-out of sale recorded
     * in the ledger for each of the subject's consent ids, so that their browsers follow (a newer
     * ledger record beats an older cookie), then completes the request. A failing ledger step is
     * written to the request's history and leaves it open for the operator's retry.
     */
    private RequestView fulfil(Verification.Verified verified, RequestOutcome outcome,
                               PrivacyEngine.Request engineRequest, HttpServletRequest request,
                               HttpServletResponse response) {
        ConsentStep step = consentStep(verified.request(), verified.fulfilment(), false, outcome, engineRequest,
                request, response);
        return step.done().orElse(verified.request());
    }

    /** The result of a withdrawal's or an opt-out's ledger step: the completed request, or the failure. */
    private record ConsentStep(Optional<RequestView> done, Optional<String> failure) {
    }

    /**
     * Records the withdrawal or opt-out of {@code fulfilment} for each consent id and completes the
     * request. On a retry ({@code again}) a consent id whose ledger already shows this step (its
     * latest record, made since the request was received by the same method, refuses every category
     * the step refuses) is left alone, so that a first attempt that did reach the ledger is not
     * recorded twice.
     */
    private ConsentStep consentStep(RequestView view, io.privacykit.rights.Fulfilment fulfilment, boolean again,
                                    RequestOutcome outcome, PrivacyEngine.Request engineRequest,
                                    HttpServletRequest request, HttpServletResponse response) {
        List<String> consentIds;
        boolean saleOnly;
        if (fulfilment instanceof Fulfilment.WithdrawConsent w) {
            consentIds = w.consentIds();
            saleOnly = false;
        } else if (fulfilment instanceof Fulfilment.OptOutOfSale o) {
            consentIds = o.consentIds();
            saleOnly = true;
        } else {
            return new ConsentStep(Optional.empty(), Optional.empty());
        }
        ConsentMethod method = saleOnly ? ConsentMethod.GPC : ConsentMethod.WITHDRAWAL;
        Map<String, Boolean> refused = new LinkedHashMap<>();
        for (CookieCategory category : engine.policy().categories()) {
            if (!category.required() && (!saleOnly || category.saleOrSharing())) {
                refused.put(category.name(), false);
            }
        }
        PrivacyEngine.Visit visit = outcome.visit();
        PrivacyEngine.Origin origin = PrivacyEndpoints.origin(request);
        int recorded = 0;
        int already = 0;
        try {
            for (String consentId : consentIds) {
                Optional<LedgerEntry> latest = engine.store().consentHistory(consentId).stream()
                        .max(Comparator.comparingLong(LedgerEntry::sequence));
                if (latest.isEmpty()) {
                    continue;
                }
                var event = latest.get().event();
                if (again && event.method() == method && !event.at().isBefore(view.receivedAt())
                        && refused.keySet().stream().allMatch(c -> Boolean.FALSE.equals(event.choices().get(c)))) {
                    already++;
                    continue;
                }
                ConsentState before = new ConsentState(consentId, event.choices(), event.at(), event.policyVersion(),
                        event.regime(), latest.get().sequence());
                PrivacyEngine.Visit subjectVisit = new PrivacyEngine.Visit(visit.client(), visit.jurisdiction(),
                        new ConsentCookieResult.Valid(before), visit.signals(), visit.decision());
                PrivacyEngine.ConsentChange change = engine.choose(subjectVisit, refused, method, origin);
                recorded++;
                if (!again && outcome.consent().map(c -> c.consentId().equals(consentId)).orElse(false)) {
                    // The browser confirming is one of the subject's: it follows at once.
                    renderer.renderOwn(response, engine.afterChoice(engineRequest, visit, change));
                }
            }
        } catch (RuntimeException e) {
            String action = saleOnly ? "opt-out-failed" : "withdrawal-failed";
            wiring.rights().stepFailed(view.id(), action, e);
            return new ConsentStep(Optional.empty(), Optional.of("the ledger could not record the "
                    + (saleOnly ? "opt-out" : "withdrawal") + " (" + e.getClass().getSimpleName() + ") after "
                    + recorded + " consent id(s); the request stays open: try again"));
        }
        OperatorResult done = wiring.rights().complete(view.id(), "engine",
                (saleOnly ? "opt-out of sale and sharing" : "withdrawal") + " recorded for " + recorded + " consent id(s)"
                        + (already == 0 ? "" : "; " + already + " recorded before"));
        return new ConsentStep(done instanceof OperatorResult.Done d ? Optional.of(d.request()) : Optional.empty(),
                Optional.empty());
    }

    /**
     * Hands out the export once, as the JSON bundle or its readable HTML view: {@code format=json} or
     * {@code format=html} decides; without it, HTML when the {@code Accept} header ranks
     * {@code text/html} above {@code application/json} (a browser), else JSON. The HTML view holds the
     * complete JSON too, as the link works once whichever is asked for.
     */
    private void export(String id, String token, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String format = request.getParameter("format");
        if (format != null && !format.equals("json") && !format.equals("html")) {
            invalidFields(response, List.of(new FieldError("format", "json or html")));
            return;
        }
        boolean html = format == null ? prefersHtml(request.getHeader("Accept")) : format.equals("html");
        response.setHeader(HeaderNames.VARY, "Accept");
        // Link scanners and HEAD probes must not use up the single download: HEAD only checks the link.
        boolean head = request.getMethod().equals("HEAD");
        ExportDownload download = head ? wiring.rights().checkExport(id, token) : wiring.rights().export(id, token);
        if (download instanceof ExportDownload.Available available) {
            response.setStatus(200);
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Content-Type-Options", "nosniff");
            if (html) {
                response.setContentType("text/html;charset=UTF-8");
                response.setHeader("Content-Security-Policy", PAGE_CSP);
                response.setHeader("X-Frame-Options", "SAMEORIGIN");
                response.setHeader("Content-Disposition", "inline; filename=\""
                        + available.fileName().replaceAll("\\.json$", ".html") + "\"");
            } else {
                response.setContentType("application/json;charset=UTF-8");
                response.setHeader("Content-Disposition", "attachment; filename=\"" + available.fileName() + "\"");
            }
        } else if (download instanceof ExportDownload.Bundle bundle) {
            response.setHeader("Referrer-Policy", "no-referrer");
            if (html) {
                String fileName = bundle.fileName().replaceAll("\\.json$", ".html");
                response.setHeader("Content-Disposition", "inline; filename=\"" + fileName + "\"");
                response.setHeader("X-Content-Type-Options", "nosniff");
                sendHtml(response, 200, ExportPage.render(json, bundle.json(), bundle.fileName()));
                return;
            }
            response.setStatus(200);
            response.setContentType("application/json;charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("Content-Disposition", "attachment; filename=\"" + bundle.fileName() + "\"");
            write(response, bundle.json());
        } else if (download instanceof ExportDownload.Gone) {
            sendError(response, 410, "This export was downloaded already or its link expired; please make a new request");
        } else {
            sendError(response, 404, "No such export");
        }
    }

    /** Whether {@code accept} ranks {@code text/html} above {@code application/json} (RFC 9110 Section 12.5.1). */
    static boolean prefersHtml(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        double html = 0;
        double json = -1;
        double anyApplication = -1;
        double any = -1;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
                if (parameter.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            switch (type) {
                case "text/html" -> html = Math.max(html, q);
                case "application/json" -> json = Math.max(json, q);
                case "application/*" -> anyApplication = Math.max(anyApplication, q);
                case "*/*" -> any = Math.max(any, q);
                default -> {
                }
            }
        }
        double jsonRank = json >= 0 ? json : anyApplication >= 0 ? anyApplication : Math.max(any, 0);
        return html > 0 && html > jsonRank;
    }

    // ---- Operator ----

    private void admin(String path, RequestOutcome outcome, PrivacyEngine.Request engineRequest,
                       HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        try {
            if (path.equals("/admin/requests")) {
                if (!isRead(method)) {
                    notAllowed(response, "GET, HEAD");
                    return;
                }
                ObjectNode body = json.createObjectNode();
                ArrayNode queue = body.putArray("requests");
                wiring.rights().queue().forEach(v -> queue.add(view(v)));
                ArrayNode soon = body.putArray("dueSoon");
                wiring.rights().dueSoon().forEach(v -> soon.add(v.id()));
                ArrayNode overdue = body.putArray("overdue");
                wiring.rights().overdue().forEach(v -> overdue.add(v.id()));
                sendJson(response, 200, body, "no-store");
            } else if (path.equals("/admin/retention")) {
                if (!isRead(method)) {
                    notAllowed(response, "GET, HEAD");
                    return;
                }
                retention(response);
            } else if (ADMIN_REQUEST.matcher(path).matches()) {
                if (!isRead(method)) {
                    notAllowed(response, "GET, HEAD");
                    return;
                }
                requestDetail(path.substring("/admin/requests/".length()), response);
            } else if (path.equals("/admin/holds") && isRead(method)) {
                sendJson(response, 200, holds(wiring.rights().holds()), "no-store");
            } else if (path.startsWith("/admin/holds")) {
                if (!method.equals("POST")) {
                    notAllowed(response, path.equals("/admin/holds") ? "GET, HEAD, POST" : "POST");
                    return;
                }
                subjectHold(path.equals("/admin/holds"), request, response);
            } else {
                if (!method.equals("POST")) {
                    notAllowed(response, "POST");
                    return;
                }
                Matcher m = ADMIN_ACTION.matcher(path);
                m.matches();
                operatorAction(m.group(1), m.group(2), outcome, engineRequest, request, response);
            }
        } catch (StoreException e) {
            LOG.error("The rights store could not answer {}", path, e);
            sendError(response, 503, "The requests cannot be read right now; please try again");
        }
    }

    private ObjectNode holds(List<io.privacykit.rights.LegalHold> list) {
        ObjectNode body = json.createObjectNode();
        ArrayNode holds = body.putArray("holds");
        list.forEach(h -> holds.addObject().put("email", h.email()).put("reason", h.reason())
                .put("operator", h.operator()).put("placedAt", h.placedAt().toString()));
        return body;
    }

    /** The request's form or JSON fields; null after answering a body that cannot be read with its 4xx. */
    private Map<String, String> fieldsOrAnswer(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        try {
            return fields(request);
        } catch (BadBody e) {
            sendError(response, e.status, e.getMessage());
            return null;
        }
    }

    /** Who the history names for an operator's action: the {@code operator} field, else {@code admin}. */
    private static String operatorOf(Map<String, String> fields) {
        return Optional.ofNullable(fields.get("operator")).filter(name -> !name.isBlank()).orElse("admin");
    }

    /** Places ({@code POST /admin/holds}: email, reason) or releases ({@code .../release}: email, note) a hold by address. */
    private void subjectHold(boolean place, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> fields = fieldsOrAnswer(request, response);
        if (fields == null) {
            return;
        }
        String operator = operatorOf(fields);
        String email = fields.get("email");
        io.privacykit.rights.HoldResult result = place
                ? wiring.rights().holdSubject(email, operator, fields.getOrDefault("reason", ""))
                : wiring.rights().releaseSubject(email, operator, fields.getOrDefault("note", ""));
        if (result instanceof io.privacykit.rights.HoldResult.Done done) {
            sendJson(response, 200, holds(done.holds()), "no-store");
        } else if (result instanceof io.privacykit.rights.HoldResult.Invalid invalid) {
            invalidFields(response, invalid.errors());
        } else if (result instanceof io.privacykit.rights.HoldResult.NotAllowed notAllowed) {
            sendError(response, 400, notAllowed.message());
        }
    }

    /** One request for the operator: its view, the requester's address, and its whole history, oldest first. */
    private void requestDetail(String id, HttpServletResponse response) throws IOException {
        Optional<RequestView> found = wiring.rights().find(id);
        if (found.isEmpty()) {
            sendError(response, 404, "No such request");
            return;
        }
        ObjectNode body = view(found.get());
        wiring.rights().email(id).ifPresent(email -> body.put("email", email));
        ArrayNode history = body.putArray("history");
        for (io.privacykit.rights.HistoryEntry entry : wiring.rights().history(id)) {
            ObjectNode row = history.addObject().put("at", entry.at().toString()).put("actor", entry.actor())
                    .put("action", entry.action());
            entry.status().ifPresent(status -> row.put("status", status.code()));
            row.put("detail", entry.detail());
        }
        sendJson(response, 200, body, "no-store");
    }

    private void operatorAction(String id, String action, RequestOutcome outcome, PrivacyEngine.Request engineRequest,
                                HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> fields = fieldsOrAnswer(request, response);
        if (fields == null) {
            return;
        }
        String operator = operatorOf(fields);
        String text = Optional.ofNullable(fields.get(action.equals("complete") || action.equals("release-hold")
                ? "note" : "reason")).orElse("");
        OperatorResult result;
        switch (action) {
            case "complete" -> result = wiring.rights().complete(id, operator, text);
            case "deny", "hold" -> {
                if (text.isBlank()) {
                    invalidFields(response, List.of(new FieldError("reason", action.equals("deny")
                            ? "required: the reason told to the requester" : "required: why the records are held")));
                    return;
                }
                result = action.equals("deny") ? wiring.rights().deny(id, operator, text)
                        : wiring.rights().placeHold(id, operator, text);
            }
            case "release-hold" -> result = wiring.rights().releaseHold(id, operator, text);
            case "rectify" -> {
                Map<String, String> corrections = new LinkedHashMap<>();
                List<FieldError> errors = new ArrayList<>();
                fields.forEach((name, value) -> {
                    if (name.startsWith(CORRECTION)) {
                        String field = name.substring(CORRECTION.length());
                        if (field.isBlank() || field.length() > 100) {
                            errors.add(new FieldError(name, "a correction names the field it corrects, in at most"
                                    + " 100 characters"));
                        } else {
                            corrections.put(field, value);
                        }
                    }
                });
                if (corrections.isEmpty() && errors.isEmpty()) {
                    errors.add(new FieldError("corrections", "required: at least one corrected field, as"
                            + " corrections.<field>=<value> in a form or {\"corrections\": {\"<field>\": \"<value>\"}}"));
                }
                if (!errors.isEmpty()) {
                    invalidFields(response, errors);
                    return;
                }
                result = wiring.rights().rectify(id, operator, corrections);
            }
            case "restrict" -> result = wiring.rights().restrict(id, operator);
            case "retry" -> {
                wiring.flushRecords();
                result = wiring.withLinksUnder(linkBase(request), () -> wiring.rights().retry(id, operator));
                if (result instanceof OperatorResult.Resumed resumed) {
                    ConsentStep step = consentStep(resumed.request(), resumed.fulfilment(), true,
                            outcome, engineRequest, request, response);
                    result = step.failure().<OperatorResult>map(OperatorResult.Failed::new).orElseGet(() ->
                            new OperatorResult.Done(step.done().orElse(resumed.request())));
                }
            }
            default -> {
                Optional<LocalDate> until = Optional.empty();
                List<FieldError> errors = new ArrayList<>();
                if (text.isBlank()) {
                    errors.add(new FieldError("reason", "required: the reason told to the requester"));
                }
                String untilText = fields.get("until");
                if (untilText != null && !untilText.isBlank()) {
                    try {
                        until = Optional.of(LocalDate.parse(untilText.strip()));
                    } catch (java.time.format.DateTimeParseException e) {
                        errors.add(new FieldError("until", "must be a date such as 2025-05-31"));
                    }
                }
                if (!errors.isEmpty()) {
                    invalidFields(response, errors);
                    return;
                }
                result = wiring.rights().extend(id, operator, text, until);
            }
        }
        if (result instanceof OperatorResult.Done done) {
            sendJson(response, 200, view(done.request()), "no-store");
        } else if (result instanceof OperatorResult.NotAllowed notAllowed) {
            sendError(response, 400, notAllowed.message());
        } else if (result instanceof OperatorResult.Failed failed) {
            sendError(response, 503, failed.message());
        } else {
            sendError(response, 404, "No such request");
        }
    }

    private void retention(HttpServletResponse response) throws IOException {
        ObjectNode body = json.createObjectNode();
        Optional<RetentionScheduler> scheduler = wiring.retention();
        if (scheduler.isEmpty()) {
            body.put("enabled", false);
            sendJson(response, 200, body, "no-store");
            return;
        }
        RetentionSchedule schedule = scheduler.get().job().schedule();
        body.put("enabled", true);
        body.put("checkEvery", RetentionScheduler.PERIOD.toString());
        scheduler.get().lastCheck().ifPresent(at -> body.put("lastCheckAt", at.toString()));
        scheduler.get().nextCheck().ifPresent(at -> body.put("nextCheckAt", at.toString()));
        scheduler.get().lastResult().ifPresent(r -> body.put("lastResult", r));
        if (schedule.last().isPresent()) {
            CleanupRun run = schedule.last().get();
            body.putObject("lastCleanup").put("cycle", run.cycle().toString()).put("instance", run.instance())
                    .put("finishedAt", run.finishedAt().toString()).put("purged", run.purged());
        }
        body.put("nextCleanup", schedule.next().toString());
        ArrayNode rules = body.putArray("rules");
        schedule.rules().forEach(rule -> rules.add(rule.toString()));
        ArrayNode backups = body.putArray("backupPurges");
        schedule.backups().forEach(b -> backups.add(json.valueToTree(b.toString())));
        body.put("holds", schedule.holds().size());
        sendJson(response, 200, body, "no-store");
    }

    // ---- Helpers ----

    /**
     * The absolute base of the links mailed for a request: the request's own origin when the
     * policy lists no origins or lists it, else the first listed origin, so that a forged
     * {@code Host} header cannot send a verification link to another site.
     */
    private String linkBase(HttpServletRequest request) {
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        int port = request.getServerPort();
        boolean defaultPort = port <= 0 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        String origin = scheme + "://" + request.getServerName().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        List<String> allowed = engine.policy().web().allowedOrigins();
        if (!allowed.isEmpty() && !allowed.contains(origin)) {
            origin = allowed.get(0);
        }
        return origin + request.getContextPath() + wiring.prefix();
    }

    private ObjectNode view(RequestView view) {
        ObjectNode node = json.createObjectNode();
        node.put("id", view.id());
        node.put("type", view.type().name());
        node.put("status", view.status().code());
        node.put("regime", view.regime());
        node.put("receivedAt", view.receivedAt().toString());
        node.put("dueDate", view.dueDate().toString());
        view.acknowledgeBy().ifPresent(d -> node.put("acknowledgeBy", d.toString()));
        ArrayNode flags = node.putArray("flags");
        view.flags().forEach(flags::add);
        view.agent().ifPresent(agent -> node.putObject("agent").put("name", agent.name()).put("email", agent.email())
                .put("authorization", agent.authorization()));
        return node;
    }

    private static <K> OptionalLong take(Cache<K, Bucket> buckets, K key, int perHour) {
        if (key == null) {
            return OptionalLong.empty();
        }
        Bucket bucket = buckets.get(key, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perHour).refillGreedy(perHour, Duration.ofHours(1))).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? OptionalLong.empty()
                : OptionalLong.of(Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1));
    }

    private void tooMany(HttpServletResponse response, long seconds, String message) throws IOException {
        response.setHeader("Retry-After", Long.toString(seconds));
        sendError(response, 429, message + "; try again in " + seconds + " s");
    }

    /** A body that cannot be read as the fields of a form or a JSON object. */
    private static final class BadBody extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        BadBody(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** The fields of a form or JSON body, then of the query string where the body lacks them. */
    private Map<String, String> fields(HttpServletRequest request) throws BadBody {
        byte[] bytes;
        try {
            bytes = ChoiceRequest.readAtMost(request.getInputStream(), MAX_BODY,
                    System.nanoTime() + ChoiceRequest.BODY_DEADLINE.toNanos());
        } catch (ChoiceRequest.Refusal refusal) {
            throw new BadBody(refusal.status, refusal.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new BadBody(400, "The body could not be read");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json")) {
            JsonNode tree;
            try {
                tree = bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
            } catch (IOException e) {
                throw new BadBody(400, "The body is not JSON");
            }
            if (tree == null || !tree.isObject()) {
                throw new BadBody(400, "The body must be a JSON object");
            }
            // One level of nesting becomes dotted names: {"agent": {"name": "x"}} is agent.name.
            tree.properties().forEach(e -> {
                if (e.getValue().isValueNode()) {
                    fields.put(e.getKey(), e.getValue().asText());
                } else if (e.getValue().isObject()) {
                    e.getValue().properties().forEach(inner -> {
                        if (inner.getValue().isValueNode()) {
                            fields.put(e.getKey() + "." + inner.getKey(), inner.getValue().asText());
                        }
                    });
                }
            });
        } else if (bytes.length > 0) {
            for (String pair : new String(bytes, StandardCharsets.UTF_8).split("&")) {
                int eq = pair.indexOf('=');
                try {
                    String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    fields.putIfAbsent(name, value);
                } catch (IllegalArgumentException e) {
                    throw new BadBody(400, "The form is malformed");
                }
            }
        }
        String query = request.getQueryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    try {
                        fields.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                                URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException e) {
                        throw new BadBody(400, "The query string is malformed");
                    }
                }
            }
        }
        return fields;
    }

    private static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/json");
    }

    private static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    private static StringBuilder page(String title) {
        return new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Html.attribute(title)).append("</title></head><body>\n<h1>").append(Html.attribute(title))
                .append("</h1>\n");
    }

    private void sendHtml(HttpServletResponse response, int status, StringBuilder html) throws IOException {
        html.append("</body></html>\n");
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", PAGE_CSP);
        response.setHeader("X-Frame-Options", "SAMEORIGIN");
        write(response, html.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void notAllowed(HttpServletResponse response, String allow) throws IOException {
        response.setHeader("Allow", allow);
        sendError(response, 405, "Method not allowed; use " + allow);
    }

    private void sendError(HttpServletResponse response, int status, String message) throws IOException {
        sendJson(response, status, ConsentJson.error(json, message), "no-store");
    }

    private void sendJson(HttpServletResponse response, int status, JsonNode body, String cacheControl)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", cacheControl);
        write(response, json.writeValueAsBytes(body));
    }

    private static void write(HttpServletResponse response, byte[] body) throws IOException {
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
