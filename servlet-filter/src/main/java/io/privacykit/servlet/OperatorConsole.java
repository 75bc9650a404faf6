package io.privacykit.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacykit.PrivacyEngine;
import io.privacykit.collection.CollectionReports;
import io.privacykit.collection.DivergenceCount;
import io.privacykit.consent.ConsentEvent;
import io.privacykit.consent.ConsentMethod;
import io.privacykit.consent.LedgerEntry;
import io.privacykit.geo.ClientAddress;
import io.privacykit.store.PrivacyStore;
import io.privacykit.store.StoreException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator console, {@code GET {prefix}/admin/console}: the conformance report, the CCPA tables
 * and server-rendered SVG charts (no scripts), behind a sign-in form that exchanges the admin token
 * for a short-lived session cookie. The session is stateless (an expiry and an HMAC under a key
 * derived from the admin token), so it holds on every instance with the same token and ends when
 * the token changes. Thread-safe.
 */
final class OperatorConsole {

    /** How long a session lasts. */
    static final Duration SESSION = Duration.ofMinutes(30);
    /** The session cookie's name over plain HTTP; {@code __Secure-} is prefixed over HTTPS. */
    static final String COOKIE = "privacykit_console";
    /** The most ledger records the charts read. */
    static final int MAX_RECORDS = 20_000;
    static final int DAYS = 30;

    private static final Logger LOG = LoggerFactory.getLogger(OperatorConsole.class);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final ObjectMapper json;
    private final PrivacyEngine engine;
    private final CollectionReports reports;
    private final UnclassifiedCookieRegistry unclassified;
    private final byte[] sessionKey;
    private final byte[] adminTokenHash;
    private final ConsentRateLimit failures;
    private final String prefix;
    private final Clock clock;

    OperatorConsole(ObjectMapper json, PrivacyEngine engine, CollectionReports reports,
                    UnclassifiedCookieRegistry unclassified, byte[] adminTokenHash, ConsentRateLimit failures,
                    String prefix, Clock clock) {
        this.json = json;
        this.engine = engine;
        this.reports = reports;
        this.unclassified = unclassified;
        this.adminTokenHash = adminTokenHash;
        this.sessionKey = sessionKey(adminTokenHash);
        this.failures = failures;
        this.prefix = prefix;
        this.clock = clock;
    }

    /** The key sessions are signed with: the admin token's hash under a label of its own. */
    static byte[] sessionKey(byte[] adminTokenHash) {
        return hmac(adminTokenHash, "privacykit-console-session-v1");
    }

    /** A session cookie value that holds until {@code expiresAt} (epoch seconds). */
    static String sessionValue(byte[] key, long expiresAt) {
        return expiresAt + "." + B64.encodeToString(hmac(key, "console:" + expiresAt));
    }

    private static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    /** Whether {@code path} (after {@code {prefix}/admin/}) is the console's. */
    static boolean serves(String path) {
        return path.equals("console") || path.equals("console/sign-in");
    }

    void serve(String path, PrivacyEngine.Visit visit, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy",
                "default-src 'none'; img-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'");
        response.setHeader("X-Frame-Options", "SAMEORIGIN");
        response.setHeader("Referrer-Policy", "no-referrer");
        String consolePath = request.getContextPath() + prefix + "/admin/console";
        if (path.equals("console/sign-in")) {
            if (!request.getMethod().equals("POST")) {
                response.setHeader("Allow", "POST");
                page(response, 405, signInPage(consolePath, "Use the form."));
                return;
            }
            signIn(visit, request, response, consolePath);
            return;
        }
        if (!(request.getMethod().equals("GET") || request.getMethod().equals("HEAD"))) {
            response.setHeader("Allow", "GET, HEAD");
            page(response, 405, signInPage(consolePath, "Method not allowed."));
            return;
        }
        String cookie = cookieName(request);
        String value = null;
        if (request.getCookies() != null) {
            for (jakarta.servlet.http.Cookie c : request.getCookies()) {
                if (c.getName().equals(cookie)) {
                    value = c.getValue();
                }
            }
        }
        if (!validSession(value)) {
            if (value != null) {
                response.addHeader(HeaderNames.SET_COOKIE, cookie + "=; Max-Age=0; Path=" + consolePath
                        + "; HttpOnly; SameSite=Strict" + (request.isSecure() ? "; Secure" : ""));
            }
            page(response, 401, signInPage(consolePath, value == null ? null : "Your session has ended; sign in again."));
            return;
        }
        String html;
        try {
            html = console();
        } catch (StoreException e) {
            LOG.error("The records could not be read for the operator console", e);
            page(response, 503, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>PrivacyKit</title>"
                    + "</head><body><p>The records cannot be read right now; please try again.</p></body></html>");
            return;
        }
        page(response, 200, html);
    }

    private static String cookieName(HttpServletRequest request) {
        return request.isSecure() ? "__Secure-" + COOKIE : COOKIE;
    }

    boolean validSession(String value) {
        if (value == null || value.length() > 100) {
            return false;
        }
        int dot = value.indexOf('.');
        if (dot < 1) {
            return false;
        }
        long expiresAt;
        try {
            expiresAt = Long.parseLong(value.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        boolean genuine = MessageDigest.isEqual(sessionValue(sessionKey, expiresAt).getBytes(StandardCharsets.US_ASCII),
                value.getBytes(StandardCharsets.US_ASCII));
        long now = clock.instant().getEpochSecond();
        return genuine && expiresAt > now && expiresAt <= now + SESSION.toSeconds();
    }

    private void signIn(PrivacyEngine.Visit visit, HttpServletRequest request, HttpServletResponse response,
                        String consolePath) throws IOException {
        InetAddress client = visit.client().map(ClientAddress::address).orElse(null);
        OptionalLong wait = failures.waitBefore(client);
        if (wait.isPresent()) {
            response.setHeader("Retry-After", Long.toString(wait.getAsLong()));
            response.setHeader("Connection", "close");
            page(response, 429, signInPage(consolePath, "Too many attempts; try again later."));
            return;
        }
        String token = null;
        try {
            byte[] body = ChoiceRequest.readAtMost(request.getInputStream(), 4096,
                    System.nanoTime() + ChoiceRequest.BODY_DEADLINE.toNanos());
            for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
                if (pair.startsWith("token=")) {
                    token = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8).strip();
                }
            }
        } catch (ChoiceRequest.Refusal | IllegalArgumentException e) {
            response.setHeader("Connection", "close");
            token = null;
        }
        boolean right = token != null && MessageDigest.isEqual(adminTokenHash, PrivacyEndpoints.sha256(token));
        if (!right) {
            failures.tryChange(client);
            page(response, 401, signInPage(consolePath, "That token is not right."));
            return;
        }
        long expiresAt = clock.instant().plus(SESSION).getEpochSecond();
        // PrivacyKit's own strictly necessary cookie: set on its own answer, which no gate filters.
        response.addHeader(HeaderNames.SET_COOKIE, cookieName(request) + "=" + sessionValue(sessionKey, expiresAt)
                + "; Max-Age=" + SESSION.toSeconds() + "; Path=" + consolePath + "; HttpOnly; SameSite=Strict"
                + (request.isSecure() ? "; Secure" : ""));
        response.setStatus(303);
        response.setHeader("Location", consolePath);
        response.setContentLength(0);
    }

    private static void page(HttpServletResponse response, int status, String html) throws IOException {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String signInPage(String consolePath, String message) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>PrivacyKit console</title></head>"
                + "<body><main><h1>PrivacyKit console</h1>"
                + (message == null ? "" : "<p role=\"alert\">" + Html.attribute(message) + "</p>")
                + "<form method=\"post\" action=\"" + Html.attribute(consolePath + "/sign-in") + "\">"
                + "<label>Admin token <input type=\"password\" name=\"token\" autocomplete=\"current-password\" required>"
                + "</label> <button type=\"submit\">Sign in</button></form></main></body></html>";
    }

    private String console() throws IOException {
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>PrivacyKit console</title>"
                + "</head><body><main><h1>PrivacyKit console</h1>");
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate from = today.minusDays(DAYS - 1);

        html.append("<h2>Consent outcomes, last ").append(DAYS).append(" days</h2>");
        Map<String, Map<LocalDate, int[]>> outcomes = outcomes(engine.store(), from);
        if (outcomes.isEmpty()) {
            html.append("<p>No consent changes recorded in these days.</p>");
        }
        for (Map.Entry<String, Map<LocalDate, int[]>> regime : outcomes.entrySet()) {
            html.append("<h3>").append(Html.attribute(regime.getKey())).append("</h3>");
            html.append(Charts.stacked(regime.getValue(), from, DAYS, Charts.OUTCOMES));
        }

        html.append("<h2>Unclassified cookies seen</h2>");
        Map<String, Long> seen = unclassified == null ? Map.of() : unclassified.snapshot();
        html.append(seen.isEmpty() ? "<p>None.</p>" : Charts.bars(seen));

        List<DivergenceCount> divergences = reports.conformance().divergences();
        html.append("<h2>Violations over time</h2>");
        Map<LocalDate, int[]> perDay = new TreeMap<>();
        for (DivergenceCount d : divergences) {
            LocalDate day = LocalDate.ofInstant(d.lastSeen(), ZoneOffset.UTC);
            if (!day.isBefore(from)) {
                perDay.computeIfAbsent(day, k -> new int[1])[0] += (int) Math.min(Integer.MAX_VALUE, d.count());
            }
        }
        html.append(Charts.stacked(perDay, from, DAYS, List.of("violations (by last seen)")));

        html.append("<h2>Conformance</h2>");
        if (divergences.isEmpty()) {
            html.append("<p>Every record matches the declared policy.</p>");
        } else {
            html.append("<table><tr><th>Kind</th><th>Record</th><th>Category</th><th>Purpose</th><th>Recipient</th>"
                    + "<th>Count</th><th>First seen</th><th>Last seen</th></tr>");
            for (DivergenceCount d : divergences) {
                html.append("<tr>");
                for (Object cell : new Object[] {d.violation(), d.kind(), d.category(), d.purpose(), d.counterpart(),
                        d.count(), d.firstSeen(), d.lastSeen()}) {
                    html.append("<td>").append(Html.attribute(String.valueOf(cell))).append("</td>");
                }
                html.append("</tr>");
            }
            html.append("</table>");
        }
        ccpaTables(html);
        html.append("</main></body></html>");
        return html.toString();
    }

    /**
     * The CCPA tables as HTML (the same reports as {@code GET {prefix}/admin/reports/ccpa}): the
     * categories collected in the preceding 12 months, declared next to recorded (Cal. Civ. Code
     * 1798.110(c), 1798.130(a)(5)(B)); what was disclosed for a business purpose and to whom
     * (1798.115(c)(2)); what was sold or shared (1798.115(c)(1)); Shine the Light (1798.83).
     */
    void ccpaTables(StringBuilder html) {
        html.append("<h2>CCPA reports</h2>");

        CollectionReports.CategoriesReport collected = reports.categoriesCollected();
        html.append("<h3>Categories collected, ").append(collected.from()).append(" to ").append(collected.to())
                .append("</h3>");
        table(html, List.of("Category", "Id", "Declared", "Collected", "Matches the policy", "Sources recorded",
                "Purposes recorded"));
        for (CollectionReports.CategoryRow row : collected.rows()) {
            row(html, row.label(), row.category(), yesNo(row.declared()), yesNo(row.collected()),
                    row.matches() ? "Yes" : "No: " + (row.collected() ? "collected but not declared" : "declared, none recorded"),
                    String.join(", ", row.sources()), String.join(", ", row.purposes()));
        }
        html.append("</tbody></table>");

        CollectionReports.DisclosureReport disclosed = reports.disclosures();
        html.append("<h3>Disclosed for a business purpose, ").append(disclosed.from()).append(" to ")
                .append(disclosed.to()).append("</h3>");
        usage(html, disclosed.rows(), "No disclosure recorded.");

        CollectionReports.SaleReport sale = reports.salesAndSharing();
        html.append("<h3>Sold and shared, ").append(sale.from()).append(" to ").append(sale.to()).append("</h3>");
        html.append("<p>").append(sale.conforms()
                ? "Conforms: nothing was sold or shared beyond what the policy declares."
                : "Does not conform: a category was sold or shared that the policy does not declare.").append("</p>");
        java.util.Set<String> categories = new java.util.LinkedHashSet<>();
        categories.addAll(sale.soldDeclared());
        categories.addAll(sale.soldRecorded());
        categories.addAll(sale.sharedDeclared());
        categories.addAll(sale.sharedRecorded());
        if (categories.isEmpty()) {
            html.append("<p>None declared and none recorded.</p>");
        } else {
            table(html, List.of("Category", "Sold: declared", "Sold: recorded", "Shared: declared", "Shared: recorded"));
            for (String category : categories) {
                row(html, category, yesNo(sale.soldDeclared().contains(category)),
                        yesNo(sale.soldRecorded().contains(category)), yesNo(sale.sharedDeclared().contains(category)),
                        yesNo(sale.sharedRecorded().contains(category)));
            }
            html.append("</tbody></table>");
        }
        usage(html, sale.rows(), null);

        CollectionReports.ShineTheLightReport light = reports.shineTheLight();
        html.append("<h3>Shine the Light, ").append(light.year()).append("</h3>");
        if (light.entries().isEmpty()) {
            html.append("<p>No disclosure to third parties for their own direct marketing in ").append(light.year())
                    .append(".</p>");
        } else {
            table(html, List.of("Recipient", "Kind", "Categories"));
            for (CollectionReports.ShineTheLightReport.Entry entry : light.entries()) {
                row(html, entry.recipient().name(), entry.recipient().kind().code(), String.join(", ", entry.categories()));
            }
            html.append("</tbody></table>");
        }
    }

    /** Disclosures, sales or sharings, one row per category, recipient and purpose; {@code none} when there are none. */
    private static void usage(StringBuilder html, List<CollectionReports.UsageRow> rows, String none) {
        if (rows.isEmpty()) {
            if (none != null) {
                html.append("<p>").append(Html.attribute(none)).append("</p>");
            }
            return;
        }
        table(html, List.of("Record", "Category", "Recipient kind", "Recipient", "Purpose", "Count", "First day",
                "Last day"));
        for (CollectionReports.UsageRow r : rows) {
            row(html, r.kind().name().toLowerCase(java.util.Locale.ROOT), r.category(), r.recipient().kind().code(),
                    r.recipient().name(), r.purpose(), Long.toString(r.count()), r.firstDay().toString(),
                    r.lastDay().toString());
        }
        html.append("</tbody></table>");
    }

    private static void table(StringBuilder html, List<String> headers) {
        html.append("<table><thead><tr>");
        headers.forEach(h -> html.append("<th>").append(Html.attribute(h)).append("</th>"));
        html.append("</tr></thead><tbody>");
    }

    private static void row(StringBuilder html, String... cells) {
        html.append("<tr>");
        for (String cell : cells) {
            html.append("<td>").append(Html.attribute(cell)).append("</td>");
        }
        html.append("</tr>");
    }

    private static String yesNo(boolean value) {
        return value ? "Yes" : "No";
    }

    /**
     * Consent outcomes per regime per day since {@code from}, from the newest {@link #MAX_RECORDS}
     * ledger records: accepted, rejected, partial, GPC.
     */
    static Map<String, Map<LocalDate, int[]>> outcomes(PrivacyStore store, LocalDate from) {
        long head = head(store);
        long after = Math.max(0, head - MAX_RECORDS);
        Instant since = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<String, Map<LocalDate, int[]>> out = new TreeMap<>();
        while (after < head) {
            List<LedgerEntry> page = store.ledger(after, 1000);
            if (page.isEmpty()) {
                break;
            }
            for (LedgerEntry entry : page) {
                after = entry.sequence();
                ConsentEvent event = entry.event();
                if (event.at().isBefore(since)) {
                    continue;
                }
                int outcome = outcome(event);
                if (outcome >= 0) {
                    out.computeIfAbsent(event.regime().name(), k -> new TreeMap<>())
                            .computeIfAbsent(LocalDate.ofInstant(event.at(), ZoneOffset.UTC), k -> new int[4])[outcome]++;
                }
            }
        }
        return out;
    }

    /** 0 accepted, 1 rejected, 2 partial, 3 GPC; -1 for a change that is none of them (an expiry). */
    static int outcome(ConsentEvent event) {
        if (event.method() == ConsentMethod.GPC) {
            return 3;
        }
        if (event.method() == ConsentMethod.EXPIRY) {
            return -1;
        }
        int granted = 0;
        int refused = 0;
        for (Map.Entry<String, Boolean> choice : event.choices().entrySet()) {
            if (choice.getKey().equals("necessary")) {
                continue;
            }
            if (choice.getValue()) {
                granted++;
            } else {
                refused++;
            }
        }
        return refused == 0 ? 0 : granted == 0 ? 1 : 2;
    }

    /** The highest sequence number, found with a binary search over one-record pages. */
    static long head(PrivacyStore store) {
        long low = 0;
        long high = 1;
        while (!store.ledger(high - 1, 1).isEmpty() && high < Long.MAX_VALUE / 4) {
            low = high;
            high *= 2;
        }
        // ledger(low - 1, 1) is not empty (or low = 0); ledger(high - 1, 1) is empty: the head is in [low, high).
        while (high - low > 1) {
            long mid = (low + high) >>> 1;
            if (store.ledger(mid - 1, 1).isEmpty()) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return low;
    }
}
