package io.privacykit.servlet;

import static io.privacykit.servlet.TestServer.CALIFORNIA;
import static io.privacykit.servlet.TestServer.GERMANY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacykit.rights.DataSubject;
import io.privacykit.rights.PersonalDataProvider;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rights endpoints over real HTTP on Jetty with an H2 store: the operator's actions on a
 * request (rectify, restrict, retry, legal holds) behind the admin token, each audited in the
 * request's history, and what an app that leaves rectification to its default gets.
 */
class RightsEndpointsIT {

    static final String TOKEN = "admin-token-of-at-least-32-characters-long";
    static final String FORM = "application/x-www-form-urlencoded";
    static final String JSON_TYPE = "application/json";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern VERIFY_LINK = Pattern.compile("http://\\S+/verify\\?token=\\S+");
    static final Pattern EXPORT_LINK = Pattern.compile("http://\\S+/export\\?token=\\S+");

    /** The app's own data: accounts by address; its CRM can be made unreachable. */
    static final class Crm implements PersonalDataProvider {
        final Map<String, Map<String, String>> accounts = new ConcurrentHashMap<>();
        final Map<String, Boolean> restricted = new ConcurrentHashMap<>();
        final AtomicBoolean down = new AtomicBoolean();

        @Override
        public List<String> userIdsOf(String email) {
            return accounts.containsKey(email) ? List.of("user-" + email) : List.of();
        }

        @Override
        public Map<String, Object> export(DataSubject subject) {
            if (down.get()) {
                throw new IllegalStateException("CRM unreachable");
            }
            Map<String, String> account = accounts.get(subject.email());
            return account == null ? Map.of() : Map.of("account", Map.copyOf(account));
        }

        @Override
        public void rectify(DataSubject subject, Map<String, String> corrections) {
            accounts.get(subject.email()).putAll(corrections);
        }

        @Override
        public void restrict(DataSubject subject) {
            restricted.put(subject.email(), true);
        }

        @Override
        public io.privacykit.rights.ErasureResult erase(DataSubject subject) {
            return io.privacykit.rights.ErasureResult.removed(accounts.remove(subject.email()) == null ? 0 : 1);
        }
    }

    @TempDir
    static Path dir;
    static TestServer server;
    static PrivacyFilter app;
    static PrivacyFilter bare;
    static final Crm CRM = new Crm();

    static Properties properties(Path data) {
        Properties p = TestServer.properties(data);
        p.setProperty("privacy.admin.token", TOKEN);
        p.setProperty("privacy.mail.transport", "outbox");
        p.setProperty("privacy.mail.from", "privacy@example.com");
        return p;
    }

    static PrivacyFilter limited;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        Properties unlimited = properties(dir.resolve("app"));
        unlimited.setProperty("privacy.rights.requests-per-network-per-hour", "0");
        app = PrivacyFilter.builder(TestServer.policy(unlimited)).personalData(CRM).build();
        bare = PrivacyFilter.create(TestServer.policy(properties(dir.resolve("bare"))));
        Properties strict = properties(dir.resolve("limited"));
        strict.setProperty("privacy.rights.requests-per-network-per-hour", "4");
        strict.setProperty("privacy.rights.requests-per-email-per-hour", "2");
        limited = PrivacyFilter.create(TestServer.policy(strict));
        server.add("/app", app);
        server.add("/bare", bare);
        server.add("/limited", limited);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        app.destroy();
        bare.destroy();
        limited.destroy();
    }

    // ---- Helpers: a requester and an operator over HTTP ----

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    /** Submits {@code body} (JSON) to {@code context} from {@code address}; expects 202. */
    static JsonNode submit(String context, String body, String address) throws Exception {
        HttpResponse<String> response = server.send("POST", "/" + context + "/privacy/requests", body,
                "Content-Type", JSON_TYPE, "Accept", JSON_TYPE, "X-Forwarded-For", address);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response);
    }

    static List<String> mailedLinks(String context, String email, Pattern link) throws Exception {
        return TextOutbox.linksTo(dir.resolve(context).resolve("outbox"), email, link);
    }

    /** Confirms the newest verification link mailed to {@code email}; expects 200. */
    static JsonNode verify(String context, String email) throws Exception {
        List<String> links = mailedLinks(context, email, VERIFY_LINK);
        assertThat(links).as("a verification link to " + email).isNotEmpty();
        String link = links.get(links.size() - 1);
        HttpResponse<String> response = server.send("POST", link.substring(server.base().length()), "",
                "Content-Type", FORM, "Accept", JSON_TYPE);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    /** A verified request of {@code type} for {@code email}, its id. */
    static String verifiedRequest(String context, String type, String email) throws Exception {
        String id = submit(context, "{\"type\":\"" + type + "\",\"email\":\"" + email + "\"}", GERMANY)
                .get("id").asText();
        verify(context, email);
        return id;
    }

    static HttpResponse<String> operator(String context, String method, String path, String contentType, String body)
            throws Exception {
        return server.send(method, "/" + context + "/privacy/admin" + path, body, "Content-Type", contentType,
                "Authorization", "Bearer " + TOKEN);
    }

    static HttpResponse<String> act(String context, String id, String action, String form) throws Exception {
        return operator(context, "POST", "/requests/" + id + "/" + action, FORM, form);
    }

    static List<String> history(String context, String id) throws Exception {
        HttpResponse<String> detail = operator(context, "GET", "/requests/" + id, null, null);
        assertThat(detail.statusCode()).isEqualTo(200);
        List<String> lines = new ArrayList<>();
        for (JsonNode entry : json(detail).get("history")) {
            lines.add(entry.get("actor").asText() + " " + entry.get("action").asText()
                    + (entry.get("detail").asText().isEmpty() ? "" : ": " + entry.get("detail").asText()));
        }
        return lines;
    }

    static List<String> fields(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return json(response).findValuesAsText("field");
    }

    // ---- 1. An app that leaves rectify and restrict to their defaults ----

    @Test
    void anAppThatDoesNotRectifyOrRestrictThroughPrivacyKitGetsA400SayingSoNeverA500() throws Exception {
        String rectification = verifiedRequest("bare", "RECTIFICATION", "rex@example.org");
        String restriction = verifiedRequest("bare", "RESTRICTION", "rita@example.org");

        HttpResponse<String> rectified = act("bare", rectification, "rectify", "corrections.city=Paris&operator=grace");
        HttpResponse<String> restricted = act("bare", restriction, "restrict", "operator=grace");

        assertThat(rectified.statusCode()).as(rectified.body()).isEqualTo(400);
        assertThat(json(rectified).get("error").asText()).contains("this app does not rectify through PrivacyKit",
                "then complete the request");
        assertThat(restricted.statusCode()).as(restricted.body()).isEqualTo(400);
        assertThat(json(restricted).get("error").asText()).contains("this app does not restrict through PrivacyKit");
        // The request stays open: the operator acts in the app, then completes it with a note.
        HttpResponse<String> completed = act("bare", rectification, "complete", "note=city+corrected+in+the+CRM");
        assertThat(json(completed).get("status").asText()).isEqualTo("completed");
    }

    // ---- 2. Operator actions ----

    @Test
    void theOperatorRectifiesThroughTheAppFromAFormOrJsonAndEveryBadFieldIsNamed() throws Exception {
        CRM.accounts.put("ada@example.org", new LinkedHashMap<>(Map.of("city", "London", "name", "Ada")));
        String id = verifiedRequest("app", "RECTIFICATION", "ada@example.org");

        assertThat(fields(act("app", id, "rectify", "operator=grace"))).containsExactly("corrections");
        assertThat(fields(act("app", id, "rectify", "corrections.=x"))).containsExactly("corrections.");
        HttpResponse<String> done = operator("app", "POST", "/requests/" + id + "/rectify", JSON_TYPE,
                "{\"operator\":\"grace\",\"corrections\":{\"city\":\"Paris\",\"name\":\"Ada L.\"}}");

        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(json(done).get("status").asText()).isEqualTo("completed");
        assertThat(CRM.accounts.get("ada@example.org")).containsEntry("city", "Paris").containsEntry("name", "Ada L.");
        assertThat(history("app", id)).last().isEqualTo("operator:grace rectified: fields: city, name");
        assertThat(act("app", id, "rectify", "corrections.city=Rome").statusCode())
                .as("a completed request is not rectified again").isEqualTo(400);
    }

    @Test
    void theOperatorRestrictsThroughTheAppButNotARequestOfAnotherRight() throws Exception {
        CRM.accounts.put("rosa@example.org", new LinkedHashMap<>(Map.of("name", "Rosa")));
        String restriction = verifiedRequest("app", "RESTRICTION", "rosa@example.org");
        String objection = verifiedRequest("app", "OBJECTION", "rosa@example.org");

        HttpResponse<String> wrongRight = act("app", objection, "restrict", "operator=grace");
        HttpResponse<String> done = act("app", restriction, "restrict", "operator=grace");

        assertThat(wrongRight.statusCode()).isEqualTo(400);
        assertThat(json(wrongRight).get("error").asText()).contains("not a restriction request");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(CRM.restricted).containsEntry("rosa@example.org", true);
        assertThat(history("app", restriction)).last().isEqualTo("operator:grace restricted");
    }

    @Test
    void aFailedExportIsRetriedByTheOperatorAndTheLinkIsMailedThen() throws Exception {
        CRM.accounts.put("rui@example.org", new LinkedHashMap<>(Map.of("name", "Rui")));
        String id = submit("app", "{\"type\":\"ACCESS\",\"email\":\"rui@example.org\"}", GERMANY).get("id").asText();
        CRM.down.set(true);
        try {
            assertThat(verify("app", "rui@example.org").get("status").asText()).isEqualTo("in-progress");
            HttpResponse<String> stillDown = act("app", id, "retry", "operator=grace");
            assertThat(stillDown.statusCode()).as(stillDown.body()).isEqualTo(503);
        } finally {
            CRM.down.set(false);
        }
        HttpResponse<String> retried = act("app", id, "retry", "operator=grace");

        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(json(retried).get("status").asText()).isEqualTo("completed");
        List<String> downloads = mailedLinks("app", "rui@example.org", EXPORT_LINK);
        assertThat(downloads).hasSize(1);
        HttpResponse<String> bundle = server.get(downloads.get(0).substring(server.base().length()));
        assertThat(json(bundle).at("/app/account/name").asText()).isEqualTo("Rui");
        assertThat(history("app", id)).filteredOn(line -> !line.startsWith("system verification-sent")
                        && !line.startsWith("requester submitted") && !line.startsWith("system in-progress"))
                .extracting(line -> line.replaceAll(": .*", ""))
                .containsExactly("requester verified", "system export-failed", "operator:grace retried",
                        "system export-failed", "operator:grace retried", "system export-ready",
                        "requester export-downloaded");
        assertThat(act("app", id, "retry", "").statusCode()).as("nothing left to retry").isEqualTo(400);
    }

    @Test
    void aLegalHoldIsPlacedAndReleasedOnARequestsSubjectListedAndAudited() throws Exception {
        String id = verifiedRequest("app", "ERASURE", "hal@example.org");

        assertThat(fields(act("app", id, "hold", "operator=grace"))).containsExactly("reason");
        HttpResponse<String> placed = act("app", id, "hold", "operator=grace&reason=litigation+2025-17");
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);
        JsonNode holds = json(operator("app", "GET", "/holds", null, null)).get("holds");
        assertThat(holds.findValuesAsText("email")).contains("hal@example.org");
        assertThat(json(operator("app", "GET", "/retention", null, null)).get("holds").asInt()).isPositive();

        HttpResponse<String> released = act("app", id, "release-hold", "operator=grace&note=case+settled");
        assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
        HttpResponse<String> again = act("app", id, "release-hold", "operator=grace");
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(json(again).get("error").asText()).contains("no legal hold");
        assertThat(json(operator("app", "GET", "/holds", null, null)).get("holds").findValuesAsText("email"))
                .doesNotContain("hal@example.org");
        assertThat(history("app", id)).filteredOn(line -> line.startsWith("operator:")).containsExactly(
                "operator:grace hold-placed: litigation 2025-17", "operator:grace hold-released: case settled");
    }

    @Test
    void aLegalHoldIsPlacedAndReleasedByAddressEvenWithoutARequest() throws Exception {
        HttpResponse<String> bad = operator("app", "POST", "/holds", FORM, "email=nope");
        assertThat(fields(bad)).containsExactly("email", "reason");
        HttpResponse<String> placed = operator("app", "POST", "/holds", JSON_TYPE,
                "{\"email\":\"Ivy@example.org\",\"reason\":\"authority's order 12\",\"operator\":\"grace\"}");
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);
        assertThat(json(placed).get("holds").findValuesAsText("email")).contains("ivy@example.org");
        assertThat(json(placed).get("holds").findValuesAsText("operator")).contains("grace");

        HttpResponse<String> released = operator("app", "POST", "/holds/release", FORM, "email=ivy%40example.org");
        assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
        assertThat(json(released).get("holds").findValuesAsText("email")).doesNotContain("ivy@example.org");
        assertThat(operator("app", "POST", "/holds/release", FORM, "email=ivy%40example.org").statusCode()).isEqualTo(400);
        assertThat(operator("app", "DELETE", "/holds", null, null).statusCode()).isEqualTo(405);
        assertThat(server.send("POST", "/app/privacy/admin/holds", "email=a%40b.c&reason=x", "Content-Type", FORM)
                .statusCode()).isEqualTo(401);
    }

    @Test
    void everyOperatorActionAndTheRequestDetailNeedTheAdminToken() throws Exception {
        String id = submit("app", "{\"type\":\"ERASURE\",\"email\":\"tok@example.org\"}", GERMANY).get("id").asText();
        for (String action : List.of("rectify", "restrict", "retry", "hold", "release-hold")) {
            HttpResponse<String> response = server.send("POST", "/app/privacy/admin/requests/" + id + "/" + action,
                    "reason=x", "Content-Type", FORM);
            assertThat(response.statusCode()).as(action).isEqualTo(401);
        }
        assertThat(server.get("/app/privacy/admin/requests/" + id).statusCode()).isEqualTo(401);
        assertThat(server.get("/app/privacy/admin/holds").statusCode()).isEqualTo(401);
        assertThat(operator("app", "GET", "/requests/no-such-request", null, null).statusCode()).isEqualTo(404);
        assertThat(act("app", "no-such-request", "hold", "reason=x").statusCode()).isEqualTo(404);
        JsonNode detail = json(operator("app", "GET", "/requests/" + id, null, null));
        assertThat(detail.get("email").asText()).isEqualTo("tok@example.org");
        assertThat(detail.get("status").asText()).isEqualTo("verifying");
    }

    // ---- 3. Authorized agents ----

    @Test
    void anAgentSubmitsForAPersonWhoVerifiesThemselvesAndTheAgentShowsInTheRequestAndTheQueue() throws Exception {
        JsonNode request = submit("app", """
                {"type": "OPT_OUT_OF_SALE", "email": "carla@example.org",
                 "agent": {"name": "Privacy Agents Inc.", "email": "desk@agents.example",
                           "authorization": "signed permission of 2025-03-01 on file"}}""", CALIFORNIA);

        assertThat(request.get("agent").get("name").asText()).isEqualTo("Privacy Agents Inc.");
        assertThat(request.get("agent").get("email").asText()).isEqualTo("desk@agents.example");
        assertThat(request.get("agent").get("authorization").asText()).isEqualTo("signed permission of 2025-03-01 on file");
        assertThat(request.get("flags")).extracting(JsonNode::asText).contains("authorized-agent");
        // 11 CCR 7063(a): the link goes to the person, never to the agent.
        assertThat(mailedLinks("app", "carla@example.org", VERIFY_LINK)).hasSize(1);
        assertThat(mailedLinks("app", "desk@agents.example", VERIFY_LINK)).isEmpty();
        JsonNode queued = null;
        for (JsonNode r : json(operator("app", "GET", "/requests", null, null)).get("requests")) {
            if (r.get("id").asText().equals(request.get("id").asText())) {
                queued = r;
            }
        }
        assertThat(queued).isNotNull();
        assertThat(queued.get("agent")).isEqualTo(request.get("agent"));
        assertThat(history("app", request.get("id").asText()).get(0)).startsWith("agent:Privacy Agents Inc. submitted");

        JsonNode verified = verify("app", "carla@example.org");
        assertThat(verified.get("agent")).isEqualTo(request.get("agent"));
        assertThat(verified.get("status").asText()).isEqualTo("completed");
    }

    @Test
    void aFormsEmptyAgentFieldsMeanNoAgentAndEveryBadAgentFieldIsNamed() throws Exception {
        HttpResponse<String> plain = server.send("POST", "/app/privacy/requests",
                "type=ACCESS&email=dora%40example.org&agent.name=&agent.email=&agent.authorization=",
                "Content-Type", FORM, "Accept", JSON_TYPE, "X-Forwarded-For", CALIFORNIA);
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(202);
        assertThat(json(plain).has("agent")).isFalse();

        HttpResponse<String> nameOnly = server.send("POST", "/app/privacy/requests",
                "type=ACCESS&email=dora%40example.org&agent.name=Agency",
                "Content-Type", FORM, "Accept", JSON_TYPE, "X-Forwarded-For", CALIFORNIA);
        assertThat(fields(nameOnly)).containsExactly("agent.email", "agent.authorization");
        HttpResponse<String> allBad = server.send("POST", "/app/privacy/requests",
                "{\"type\":\"FLY\",\"email\":\"x\",\"agent\":{\"name\":\" \",\"email\":\"nope\"}}",
                "Content-Type", JSON_TYPE, "X-Forwarded-For", CALIFORNIA);
        assertThat(fields(allBad)).containsExactly("type", "email", "agent.name", "agent.email", "agent.authorization");

        HttpResponse<String> page = server.get("/app/privacy/rights", "X-Forwarded-For", CALIFORNIA);
        assertThat(page.body()).contains("name=\"agent.name\"", "name=\"agent.email\"", "name=\"agent.authorization\"");
    }

    // ---- 4. The readable HTML view of an export ----

    static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    /** A verified access request of {@code email}, whose app account holds {@code account}: its download path. */
    static String downloadPath(String email, Map<String, String> account) throws Exception {
        CRM.accounts.put(email, new LinkedHashMap<>(account));
        submit("app", "{\"type\":\"ACCESS\",\"email\":\"" + email + "\"}", GERMANY);
        return verify("app", email).get("downloadUrl").asText().substring(server.base().length());
    }

    @Test
    void aBrowserGetsTheExportAsAnEscapedScriptlessPageHoldingTheCompleteJsonOnce() throws Exception {
        String path = downloadPath("eve@example.org", Map.of("name", "<script>alert(1)</script>",
                "\"><img src=x onerror=alert(1)>", "Café & <b>bold</b>"));

        HttpResponse<String> page = server.get(path, "Accept", BROWSER_ACCEPT);

        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'", "frame-ancestors 'self'").doesNotContain("script-src"));
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.body())
                .contains("<h2>What the service holds on you</h2>", "&lt;script&gt;alert(1)&lt;/script&gt;",
                        "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", "Caf\u00e9 &amp; &lt;b&gt;bold&lt;/b&gt;",
                        "eve@example.org", "Your privacy requests")
                .doesNotContain("<script", "<img", "<b>", "<style", "src=\"http", "href=\"http");
        java.util.regex.Matcher saved = Pattern.compile(
                "<a download=\"privacy-export-[A-Za-z0-9_-]+\\.json\" href=\"data:application/json;base64,([A-Za-z0-9+/=]+)\">")
                .matcher(page.body());
        assertThat(saved.find()).as("the JSON to save").isTrue();
        JsonNode bundle = JSON.readTree(java.util.Base64.getDecoder().decode(saved.group(1)));
        assertThat(bundle.at("/app/account/name").asText()).isEqualTo("<script>alert(1)</script>");
        assertThat(bundle.at("/subject/email").asText()).isEqualTo("eve@example.org");

        assertThat(server.get(path, "Accept", BROWSER_ACCEPT).statusCode()).as("the HTML view, again").isEqualTo(410);
        assertThat(server.get(path).statusCode()).as("the JSON after the HTML view").isEqualTo(410);
    }

    @Test
    void theFormatParameterWinsOverAcceptAndABadOneIsA400ThatLeavesTheDownloadUnused() throws Exception {
        String html = downloadPath("fay@example.org", Map.of("name", "Fay"));
        String json = downloadPath("gus@example.org", Map.of("name", "Gus"));

        HttpResponse<String> badFormat = server.get(html + "&format=xml", "Accept", BROWSER_ACCEPT);
        assertThat(fields(badFormat)).containsExactly("format");
        HttpResponse<String> asHtml = server.get(html + "&format=html", "Accept", JSON_TYPE);
        HttpResponse<String> asJson = server.get(json + "&format=json", "Accept", BROWSER_ACCEPT);

        assertThat(asHtml.statusCode()).isEqualTo(200);
        assertThat(asHtml.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(asHtml.body()).contains("<td>Fay</td>");
        assertThat(asJson.statusCode()).isEqualTo(200);
        assertThat(json(asJson).at("/app/account/name").asText()).isEqualTo("Gus");
        assertThat(asJson.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                d -> assertThat(d).startsWith("attachment; filename=\"privacy-export-"));
        assertThat(server.get(json + "&format=html").statusCode()).isEqualTo(410);
    }

    @Test
    void aHeadRequestToTheExportLinkAnswersTheHeadersAndLeavesTheDownloadUnused() throws Exception {
        String path = downloadPath("hana@example.org", Map.of("name", "Hana"));
        String id = path.replaceAll(".*/requests/([^/]+)/export.*", "$1");

        HttpResponse<String> probe = server.send("HEAD", path, null);
        HttpResponse<String> browserProbe = server.send("HEAD", path, null, "Accept", BROWSER_ACCEPT);
        HttpResponse<String> wrongToken = server.send("HEAD", path.replaceAll("token=[^&]+", "token=nope"), null);

        assertThat(probe.statusCode()).isEqualTo(200);
        assertThat(probe.body()).isEmpty();
        assertThat(probe.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        assertThat(probe.headers().firstValue("Content-Disposition")).hasValue(
                "attachment; filename=\"privacy-export-" + id + ".json\"");
        assertThat(probe.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(browserProbe.statusCode()).isEqualTo(200);
        assertThat(browserProbe.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/html"));
        assertThat(wrongToken.statusCode()).isEqualTo(404);
        assertThat(history("app", id)).noneMatch(line -> line.contains("export-downloaded"));

        HttpResponse<String> download = server.get(path);
        assertThat(download.statusCode()).as("the download after the probes").isEqualTo(200);
        assertThat(json(download).at("/app/account/name").asText()).isEqualTo("Hana");
        assertThat(server.send("HEAD", path, null).statusCode()).as("a probe after the download").isEqualTo(410);
        assertThat(server.get(path).statusCode()).isEqualTo(410);
    }

    // ---- 6. Legal holds and erasure ----

    @Test
    void anErasureOfASubjectUnderALegalHoldErasesNothingUntilTheOperatorRetriesAfterTheRelease() throws Exception {
        CRM.accounts.put("lex@example.org", new LinkedHashMap<>(Map.of("name", "Lex")));
        assertThat(operator("app", "POST", "/holds", FORM, "email=lex%40example.org&reason=litigation+2025-17")
                .statusCode()).isEqualTo(200);
        String id = submit("app", "{\"type\":\"ERASURE\",\"email\":\"lex@example.org\"}", GERMANY).get("id").asText();

        JsonNode verified = verify("app", "lex@example.org");

        assertThat(verified.get("status").asText()).isEqualTo("in-progress");
        assertThat(CRM.accounts).containsKey("lex@example.org");
        assertThat(history("app", id)).anySatisfy(line -> assertThat(line).startsWith("system erasure-held: ")
                .contains("GDPR Art. 17(3)(e)", "hold placed by admin"));
        HttpResponse<String> whileHeld = act("app", id, "retry", "operator=grace");
        assertThat(whileHeld.statusCode()).as(whileHeld.body()).isEqualTo(400);
        assertThat(json(whileHeld).get("error").asText()).contains("GDPR Art. 17(3)(e)");
        assertThat(CRM.accounts).containsKey("lex@example.org");

        assertThat(operator("app", "POST", "/holds/release", FORM, "email=lex%40example.org&note=case+settled")
                .statusCode()).isEqualTo(200);
        assertThat(CRM.accounts).as("a release erases nothing by itself").containsKey("lex@example.org");
        assertThat(history("app", id)).last().isEqualTo(
                "operator:admin hold-released: case settled; the held erasure runs on the operator's retry");
        HttpResponse<String> retried = act("app", id, "retry", "operator=grace");

        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(json(retried).get("status").asText()).isEqualTo("completed");
        assertThat(CRM.accounts).doesNotContainKey("lex@example.org");
    }

    // ---- 7. Retrying a withdrawal whose ledger step failed ----

    /** A German visitor's consent to everything, its consent id. */
    static String consentToAll() throws Exception {
        HttpResponse<String> chosen = server.send("POST", "/app/privacy/consent", "accept=all",
                "Content-Type", FORM, "X-Forwarded-For", GERMANY);
        assertThat(chosen.statusCode()).as(chosen.body()).isEqualTo(200);
        return PrivacyFilterIT.consentId(chosen.body());
    }

    static long withdrawals(String consentId) {
        return app.engine().store().consentHistory(consentId).stream()
                .filter(e -> e.event().method() == io.privacykit.consent.ConsentMethod.WITHDRAWAL).count();
    }

    @Test
    void aWithdrawalWhoseLedgerStepFailedIsRetriedByTheOperatorRecordingEachConsentIdOnce() throws Exception {
        String email = "wes@example.org";
        CRM.accounts.put(email, new LinkedHashMap<>(Map.of("name", "Wes")));
        String laptop = consentToAll();
        String phone = consentToAll();
        app.engine().linkSubject(laptop, "user-" + email);
        app.engine().linkSubject(phone, "user-" + email);
        String id = submit("app", "{\"type\":\"WITHDRAW_CONSENT\",\"email\":\"" + email + "\"}", GERMANY)
                .get("id").asText();
        String url = "jdbc:h2:file:" + dir.resolve("app").resolve("store").toAbsolutePath();
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(url, "", "");
             java.sql.Statement sql = db.createStatement()) {
            // The ledger refuses the phone's records: the laptop's withdrawal is recorded, the phone's fails.
            sql.execute("ALTER TABLE consent_ledger ADD CONSTRAINT rights_it_ledger_down CHECK (consent_id <> '"
                    + phone + "') NOCHECK");
            try {
                JsonNode verified = verify("app", email);
                assertThat(verified.get("status").asText()).isEqualTo("in-progress");
                HttpResponse<String> stillDown = act("app", id, "retry", "operator=grace");
                assertThat(stillDown.statusCode()).as(stillDown.body()).isEqualTo(503);
                assertThat(json(stillDown).get("error").asText()).contains("the request stays open");
            } finally {
                sql.execute("ALTER TABLE consent_ledger DROP CONSTRAINT rights_it_ledger_down");
            }
        }
        assertThat(withdrawals(laptop)).isEqualTo(1);
        assertThat(withdrawals(phone)).isZero();

        HttpResponse<String> retried = act("app", id, "retry", "operator=grace");

        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(json(retried).get("status").asText()).isEqualTo("completed");
        assertThat(withdrawals(laptop)).as("the laptop's withdrawal, recorded once").isEqualTo(1);
        assertThat(withdrawals(phone)).isEqualTo(1);
        assertThat(app.engine().store().consentHistory(phone)).last().satisfies(
                e -> assertThat(e.event().choices()).doesNotContainValue(true));
        List<String> history = history("app", id);
        assertThat(history).extracting(line -> line.replaceAll("(?s): .*", ""))
                .filteredOn(line -> line.endsWith("withdrawal-failed") || line.endsWith("retried")
                        || line.endsWith("completed"))
                .containsExactly("system withdrawal-failed", "operator:grace retried", "system withdrawal-failed",
                        "operator:grace retried", "operator:engine completed");
        assertThat(history).filteredOn(line -> line.startsWith("system withdrawal-failed"))
                .allSatisfy(line -> assertThat(line).contains("StoreException"));
        assertThat(history).last()
                .isEqualTo("operator:engine completed: withdrawal recorded for 1 consent id(s); 1 recorded before");
        assertThat(act("app", id, "retry", "operator=grace").statusCode()).as("nothing left to retry").isEqualTo(400);
    }

    // ---- 5. Configurable limits on submissions ----

    static HttpResponse<String> submitFrom(String context, String email, String address) throws Exception {
        return server.send("POST", "/" + context + "/privacy/requests", "{\"type\":\"ACCESS\",\"email\":\"" + email + "\"}",
                "Content-Type", JSON_TYPE, "Accept", JSON_TYPE, "X-Forwarded-For", address);
    }

    @Test
    void theConfiguredLimitsPerAddressAndPerNetworkAnswer429WithRetryAfter() throws Exception {
        String network = "133.11.7.1";
        assertThat(submitFrom("limited", "lim@example.org", network).statusCode()).isEqualTo(202);
        assertThat(submitFrom("limited", "LIM@example.org ", network).statusCode()).isEqualTo(202);

        HttpResponse<String> perAddress = submitFrom("limited", "lim@example.org", network);
        assertThat(perAddress.statusCode()).isEqualTo(429);
        assertThat(json(perAddress).get("error").asText()).startsWith("Too many requests for this e-mail address");
        assertThat(perAddress.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 3600L));
        assertThat(mailedLinks("limited", "lim@example.org", VERIFY_LINK)).as("no third message").hasSize(1);
        assertThat(mailedLinks("limited", "LIM@example.org", VERIFY_LINK)).hasSize(1);
        // The same /24 network, another address: the network's fourth and last request this hour.
        assertThat(submitFrom("limited", "other@example.org", "133.11.7.200").statusCode()).isEqualTo(202);
        HttpResponse<String> perNetwork = submitFrom("limited", "third@example.org", network);
        assertThat(perNetwork.statusCode()).isEqualTo(429);
        assertThat(json(perNetwork).get("error").asText()).startsWith("Too many requests from this network");
        assertThat(submitFrom("limited", "third@example.org", "133.12.0.1").statusCode())
                .as("another network").isEqualTo(202);
    }

    @Test
    void aNetworkLimitOfZeroIsNone() throws Exception {
        for (int i = 0; i < 25; i++) {
            assertThat(submitFrom("app", "many" + i + "@example.org", "133.11.8.1").statusCode()).isEqualTo(202);
        }
    }
}
