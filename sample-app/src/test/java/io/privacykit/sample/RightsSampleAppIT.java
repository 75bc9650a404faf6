package io.privacykit.sample;

import static io.privacykit.sample.SampleHttp.CALIFORNIA;
import static io.privacykit.sample.SampleHttp.GERMANY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacykit.consent.LedgerVerification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-subject rights in the sample app over real HTTP: requests with each regime's deadline,
 * verification from the development mailbox, the one-time export, erasure from the account page,
 * the operator queue, and what an impostor or a flood gets.
 */
class RightsSampleAppIT {

    static final String ARGENTINA = "157.92.1.1";
    static final String JAPAN = "133.11.0.1";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern VERIFY_LINK = Pattern.compile("href=\"(http://[^\"]*/verify\\?token=[^\"]*)\"");
    static final Pattern EXPORT_LINK = Pattern.compile("href=\"(http://[^\"]*/export\\?token=[^\"]*)\"");

    @TempDir
    static Path dataDir;
    static SampleApp app;
    static String adminToken;

    @BeforeAll
    static void start() throws Exception {
        app = SampleApp.start(new SampleAppOptions(0, "eu-saas", dataDir), Map.of());
        adminToken = Files.readString(dataDir.resolve(SampleAdminToken.FILE_NAME)).strip();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** A browser: its own cookies (consent, session), placed at {@code address}. */
    static final class Browser extends SampleBrowser {

        Browser(String address) {
            super(app, address);
        }

        HttpResponse<String> submit(String json) throws Exception {
            return send(HttpRequest.newBuilder(uri("/privacy/requests")).header("Content-Type", "application/json")
                    .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        }

        /** Accepts all cookies and signs up as {@code email}: an account, a consent linked to it, a collection record. */
        void signUp(String email) throws Exception {
            assertThat(postForm("/privacy/consent", "accept=all").statusCode()).isEqualTo(200);
            assertThat(postForm("/signup", "email=" + email.replace("@", "%40") + "&name=Someone").statusCode())
                    .isEqualTo(303);
        }
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    static JsonNode accepted(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response);
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    /** The links of the newest message to {@code email} in the development mailbox. */
    static List<String> mailedLinks(Browser browser, String email, Pattern link) throws Exception {
        HttpResponse<String> box = browser.get("/outbox");
        assertThat(box.statusCode()).isEqualTo(200);
        Matcher row = Pattern.compile("<td>" + Pattern.quote(email) + "</td><td><a href=\"(/outbox/[^\"]+)\"").matcher(box.body());
        assertThat(row.find()).as("a message to " + email + " in " + box.body()).isTrue();
        HttpResponse<String> message = browser.get(row.group(1));
        List<String> links = new ArrayList<>();
        Matcher m = link.matcher(message.body());
        while (m.find()) {
            links.add(m.group(1).replace("&amp;", "&"));
        }
        return links;
    }

    static String verifyLink(Browser browser, String email) throws Exception {
        List<String> links = mailedLinks(browser, email, VERIFY_LINK);
        assertThat(links).hasSize(1);
        return links.get(0);
    }

    static HttpResponse<String> confirm(Browser browser, String link) throws Exception {
        return browser.postForm(link, "", "Accept", "application/json");
    }

    static String withToken(String link, String token) {
        return link.substring(0, link.indexOf("?token=")) + "?token=" + token;
    }

    @Test
    void aGermanVerifiesAnAccessRequestFromTheMailboxAndDownloadsEverythingOnce() throws Exception {
        Browser ada = new Browser(GERMANY);
        ada.signUp("ada@example.org");
        JsonNode request = accepted(ada.submit("{\"type\":\"ACCESS\",\"email\":\"ada@example.org\"}"));
        assertThat(request.get("type").asText()).isEqualTo("ACCESS");
        assertThat(request.get("status").asText()).isEqualTo("verifying");
        assertThat(request.get("regime").asText()).isEqualTo("GDPR");
        assertThat(request.get("dueDate").asText()).isEqualTo(today().plusMonths(1).toString());
        assertThat(request.get("flags")).isEmpty();
        assertThat(request.fieldNames()).toIterable().contains("id", "receivedAt");

        String link = verifyLink(ada, "ada@example.org");
        // A mail scanner following the link verifies nothing: the page asks for a POST.
        HttpResponse<String> page = ada.get(link);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\"", "Confirm my request");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("frame-ancestors 'self'", "default-src 'none'"));
        HttpResponse<String> verified = confirm(ada, link);
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        JsonNode done = json(verified);
        assertThat(done.get("verified").asBoolean()).isTrue();
        assertThat(done.get("status").asText()).isEqualTo("completed");

        // The download link is mailed too.
        String download = mailedLinks(ada, "ada@example.org", EXPORT_LINK).get(0);
        assertThat(download).isEqualTo(done.get("downloadUrl").asText());
        HttpResponse<String> bundle = ada.get(download);
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                d -> assertThat(d).startsWith("attachment; filename="));
        JsonNode export = json(bundle);
        assertThat(export.at("/subject/email").asText()).isEqualTo("ada@example.org");
        assertThat(export.at("/app/account/email").asText()).isEqualTo("ada@example.org");
        assertThat(export.at("/privacykit/consents/0/records/0/choices/advertising").asBoolean()).isTrue();
        assertThat(export.at("/privacykit/collection").findValuesAsText("category")).contains("identifiers");
        assertThat(export.at("/privacykit/rightsRequests")).isNotNull();

        assertThat(ada.get(download).statusCode()).isEqualTo(410);
        assertThat(confirm(ada, link).statusCode()).as("a used link").isEqualTo(400);
    }

    @Test
    void eachRegimeHasItsDeadlineAndAnArgentinesSecondAccessWithinSixMonthsIsFlagged() throws Exception {
        JsonNode californian = accepted(new Browser(CALIFORNIA).submit("{\"type\":\"ACCESS\",\"email\":\"cal@example.org\"}"));
        assertThat(californian.get("regime").asText()).isEqualTo("CCPA");
        assertThat(californian.get("dueDate").asText()).isEqualTo(today().plusDays(45).toString());

        Browser argentine = new Browser(ARGENTINA);
        JsonNode first = accepted(argentine.submit("{\"type\":\"ACCESS\",\"email\":\"ar@example.org\"}"));
        assertThat(first.get("dueDate").asText()).isEqualTo(today().plusDays(10).toString());
        assertThat(first.get("flags")).isEmpty();
        assertThat(confirm(argentine, verifyLink(argentine, "ar@example.org")).statusCode()).isEqualTo(200);
        JsonNode second = accepted(argentine.submit("{\"type\":\"ACCESS\",\"email\":\"ar@example.org\"}"));
        assertThat(second.get("flags")).extracting(JsonNode::asText).containsExactly("repeat-within-six-months");
    }

    @Test
    void deletingTheAccountLeavesOnlyWhatTheLawRequiresAndTheLedgerVerifies() throws Exception {
        Browser grace = new Browser(GERMANY);
        grace.signUp("grace@example.org");
        assertThat(grace.get("/account").body()).contains("grace@example.org", "Delete my account");
        assertThat(app.filter().engine().store().consentIdsOfSubject("grace@example.org")).hasSize(1);

        HttpResponse<String> deleted = grace.postForm("/account/delete", "");
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).contains("id=\"erased\"", "completed");
        assertThat(grace.get("/account").body()).contains("id=\"signed-out\"");
        assertThat(app.filter().engine().store().consentIdsOfSubject("grace@example.org")).isEmpty();
        assertThat(app.filter().engine().store().verifyLedger()).isInstanceOf(LedgerVerification.Intact.class);

        // What is left: an access request finds no account, no consent and no collection record.
        JsonNode request = accepted(grace.submit("{\"type\":\"ACCESS\",\"email\":\"grace@example.org\"}"));
        assertThat(confirm(grace, verifyLink(grace, "grace@example.org")).statusCode()).isEqualTo(200);
        JsonNode export = json(grace.get(mailedLinks(grace, "grace@example.org", EXPORT_LINK).get(0)));
        assertThat(export.get("app")).isEmpty();
        assertThat(export.at("/privacykit/consents")).isEmpty();
        assertThat(export.at("/privacykit/collection")).isEmpty();
        // The erasure request itself is kept: it shows the request was answered (GDPR Art. 5(2)).
        assertThat(export.at("/privacykit/rightsRequests").findValuesAsText("type")).contains("ERASURE");
        assertThat(request.get("regime").asText()).isEqualTo("GDPR");
    }

    @Test
    void theOperatorQueueShowsDueDatesBehindTheAdminToken() throws Exception {
        Browser operator = new Browser(GERMANY);
        JsonNode rectify = accepted(operator.submit("{\"type\":\"RECTIFICATION\",\"email\":\"queue@example.org\"}"));
        assertThat(operator.get("/privacy/admin/requests").statusCode()).isEqualTo(401);
        assertThat(operator.postForm("/privacy/admin/requests/" + rectify.get("id").asText() + "/deny", "reason=x")
                .statusCode()).isEqualTo(401);

        HttpResponse<String> queue = operator.get("/privacy/admin/requests", "Authorization", "Bearer " + adminToken);
        assertThat(queue.statusCode()).isEqualTo(200);
        JsonNode listed = null;
        for (JsonNode r : json(queue).get("requests")) {
            if (r.get("id").asText().equals(rectify.get("id").asText())) {
                listed = r;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("dueDate").asText()).isEqualTo(today().plusMonths(1).toString());
        assertThat(json(queue).has("dueSoon")).isTrue();
        assertThat(json(queue).has("overdue")).isTrue();

        String actions = "/privacy/admin/requests/" + rectify.get("id").asText();
        HttpResponse<String> noReason = operator.postForm(actions + "/extend", "", "Authorization", "Bearer " + adminToken);
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(json(noReason).findValuesAsText("field")).containsExactly("reason");
        HttpResponse<String> unverified = operator.postForm(actions + "/extend", "reason=complex+request",
                "Authorization", "Bearer " + adminToken);
        assertThat(unverified.statusCode()).as("only a verified request is extended").isEqualTo(400);
        HttpResponse<String> denied = operator.postForm(actions + "/deny", "reason=identity+not+confirmed",
                "Authorization", "Bearer " + adminToken);
        assertThat(denied.statusCode()).as(denied.body()).isEqualTo(200);
        assertThat(json(denied).get("status").asText()).isEqualTo("denied");
        assertThat(operator.postForm("/privacy/admin/requests/nope/complete", "", "Authorization", "Bearer " + adminToken)
                .statusCode()).isEqualTo(404);

        HttpResponse<String> retention = operator.get("/privacy/admin/retention", "Authorization", "Bearer " + adminToken);
        assertThat(retention.statusCode()).isEqualTo(200);
        assertThat(json(retention).get("nextCheckAt").asText()).isNotEmpty();
        assertThat(json(retention).get("nextCleanup").asText()).isNotEmpty();
    }

    @Test
    void aVerifiedWithdrawalReachesTheSubjectsOtherBrowsers() throws Exception {
        Browser laptop = new Browser(GERMANY);
        laptop.signUp("lin@example.org");
        assertThat(laptop.get("/").body()).contains("<tr data-category=\"advertising\"><td>advertising</td><td>yes</td>");
        Browser phone = new Browser(GERMANY);
        accepted(phone.submit("{\"type\":\"WITHDRAW_CONSENT\",\"email\":\"lin@example.org\"}"));
        HttpResponse<String> verified = confirm(phone, verifyLink(phone, "lin@example.org"));
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(json(verified).get("status").asText()).isEqualTo("completed");
        // The laptop still sends its old cookie; the ledger's newer withdrawal wins.
        assertThat(laptop.get("/").body()).contains("<tr data-category=\"advertising\"><td>advertising</td><td>no</td>");
    }

    @Test
    void withoutMailRequestsAreRefusedWithAClearMessage(@TempDir Path otherDir) throws Exception {
        try (SampleApp noMail = SampleApp.start(new SampleAppOptions(0, "eu-saas", otherDir),
                Map.of("PRIVACY_MAIL_TRANSPORT", "none"))) {
            HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + noMail.port() + "/privacy/requests"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"ACCESS\",\"email\":\"a@example.org\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(json(refused).get("error").asText()).contains("verification mail is not configured");
        }
    }

    @Test
    void wrongAndBruteForcedTokensAreRefusedAndTheFifthWrongOneLocks() throws Exception {
        Browser mallory = new Browser(JAPAN);
        JsonNode request = accepted(mallory.submit("{\"type\":\"ACCESS\",\"email\":\"brute@example.org\"}"));
        String link = verifyLink(mallory, "brute@example.org");
        String wrong = withToken(link, "A".repeat(43));
        for (int attempt = 1; attempt <= 4; attempt++) {
            HttpResponse<String> rejected = confirm(mallory, wrong);
            assertThat(rejected.statusCode()).isEqualTo(400);
            assertThat(json(rejected).get("attemptsLeft").asInt()).isEqualTo(5 - attempt);
        }
        assertThat(confirm(mallory, wrong).statusCode()).isEqualTo(429);
        assertThat(confirm(mallory, link).statusCode()).as("the right token after the lock").isEqualTo(429);
        assertThat(confirm(mallory, "/privacy/requests/no-such-request/verify?token=x").statusCode()).isEqualTo(404);
        assertThat(request.get("status").asText()).isEqualTo("verifying");
    }

    @Test
    void anUnknownAddressGetsTheSameAnswerAsAKnownOne() throws Exception {
        Browser known = new Browser(GERMANY);
        known.signUp("known@example.org");
        JsonNode forKnown = accepted(known.submit("{\"type\":\"ERASURE\",\"email\":\"known@example.org\"}"));
        JsonNode forUnknown = accepted(new Browser(GERMANY).submit("{\"type\":\"ERASURE\",\"email\":\"nobody@example.org\"}"));
        List<String> knownFields = new ArrayList<>();
        forKnown.fieldNames().forEachRemaining(knownFields::add);
        List<String> unknownFields = new ArrayList<>();
        forUnknown.fieldNames().forEachRemaining(unknownFields::add);
        assertThat(unknownFields).isEqualTo(knownFields);
        assertThat(forUnknown.get("status")).isEqualTo(forKnown.get("status"));
        assertThat(forUnknown.get("dueDate")).isEqualTo(forKnown.get("dueDate"));
        assertThat(mailedLinks(known, "nobody@example.org", VERIFY_LINK)).hasSize(1);
        // Nothing was erased before verification.
        assertThat(known.get("/account").body()).contains("known@example.org");
    }

    @Test
    void oneSubjectCannotDownloadAnothersExport() throws Exception {
        Browser alice = new Browser(CALIFORNIA);
        JsonNode hers = accepted(alice.submit("{\"type\":\"KNOW\",\"email\":\"alice@example.org\"}"));
        Browser bob = new Browser(CALIFORNIA);
        JsonNode his = accepted(bob.submit("{\"type\":\"KNOW\",\"email\":\"bob@example.org\"}"));
        assertThat(confirm(alice, verifyLink(alice, "alice@example.org")).statusCode()).isEqualTo(200);
        assertThat(confirm(bob, verifyLink(bob, "bob@example.org")).statusCode()).isEqualTo(200);
        String bobsLink = mailedLinks(bob, "bob@example.org", EXPORT_LINK).get(0);
        String bobsToken = bobsLink.substring(bobsLink.indexOf("?token=") + 7);
        String alicesWithBobsToken = "/privacy/requests/" + hers.get("id").asText() + "/export?token=" + bobsToken;
        assertThat(bob.get(alicesWithBobsToken).statusCode()).isEqualTo(404);
        // Bob still has his own, once.
        assertThat(bob.get(bobsLink).statusCode()).isEqualTo(200);
        assertThat(his.get("type").asText()).isEqualTo("KNOW");
    }

    @Test
    void everyBadFieldIsNamedAndFloodsAreLimited() throws Exception {
        Browser visitor = new Browser("133.11.1.1");
        HttpResponse<String> bad = visitor.submit("{\"type\":\"FLY\",\"email\":\"not-an-address\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).findValuesAsText("field")).containsExactly("type", "email");
        HttpResponse<String> empty = visitor.postForm("/privacy/requests", "");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(json(empty).findValuesAsText("field")).containsExactly("type", "email");
        assertThat(visitor.submit("[1]").statusCode()).isEqualTo(400);

        for (int i = 0; i < 5; i++) {
            accepted(visitor.submit("{\"type\":\"ACCESS\",\"email\":\"flood@example.org\"}"));
        }
        HttpResponse<String> limited = visitor.submit("{\"type\":\"ACCESS\",\"email\":\"FLOOD@example.org\"}");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void thePrivacyCentreListsTheVisitorsRightsAndPostsToTheRequestEndpoint() throws Exception {
        Browser visitor = new Browser(CALIFORNIA);
        HttpResponse<String> centre = visitor.get("/privacy-centre");
        assertThat(centre.body()).contains("data-right=\"OPT_OUT_OF_SALE\"", "action=\"/privacy/requests\"");
        JsonNode rights = json(visitor.get("/privacy/rights", "Accept", "application/json"));
        assertThat(rights.get("regime").asText()).isEqualTo("CCPA");
        assertThat(rights.get("rights").findValuesAsText("type")).contains("KNOW", "OPT_OUT_OF_SALE");
        HttpResponse<String> page = visitor.get("/privacy/rights");
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(new Browser(GERMANY).get("/").body()).contains("href=\"/privacy-centre\"", "href=\"/outbox\"",
                "href=\"/account\"");
    }
}
