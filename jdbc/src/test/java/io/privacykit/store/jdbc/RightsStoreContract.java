package io.privacykit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacykit.collection.RecordKind;
import io.privacykit.collection.SubjectIds;
import io.privacykit.collection.UsageCount;
import io.privacykit.consent.ConsentEvent;
import io.privacykit.consent.ConsentMethod;
import io.privacykit.consent.LedgerVerification;
import io.privacykit.geo.Location;
import io.privacykit.geo.LocationSource;
import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.jurisdiction.JurisdictionResolver;
import io.privacykit.jurisdiction.JurisdictionSettings;
import io.privacykit.jurisdiction.Regime;
import io.privacykit.mail.MailMessage;
import io.privacykit.mail.Mailer;
import io.privacykit.rights.AuthorizedAgent;
import io.privacykit.rights.DataSubject;
import io.privacykit.rights.DueDates;
import io.privacykit.rights.ErasureResult;
import io.privacykit.rights.ExportDownload;
import io.privacykit.rights.ExtensionRule;
import io.privacykit.rights.Fulfilment;
import io.privacykit.rights.HistoryEntry;
import io.privacykit.rights.PersonalDataProvider;
import io.privacykit.rights.RequestLinks;
import io.privacykit.rights.RequestStatus;
import io.privacykit.rights.RightType;
import io.privacykit.rights.RightsRequest;
import io.privacykit.rights.RightsService;
import io.privacykit.rights.RightsStoreProvider;
import io.privacykit.rights.StoredExport;
import io.privacykit.rights.Submission;
import io.privacykit.rights.Verification;
import io.privacykit.store.StoreSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the rights store must do, on H2 and on a real PostgreSQL: requests read back exactly,
 * changes are compare-and-set, an export goes out once however many instances ask, and a seeded
 * subject's export is complete and their erasure leaves the others and the ledger intact.
 */
abstract class RightsStoreContract {

    private static final Instant NOW = Instant.parse("2025-03-03T09:30:00Z");
    private static final String ADA = "ada@example.org";
    private static final String ADA_USER = "user-ada";
    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]+)");

    protected JdbcPrivacyStore privacy;
    protected JdbcRightsStore store;
    private final List<MailMessage> outbox = new ArrayList<>();

    /** Settings of a new, empty database. */
    protected abstract StoreSettings freshDatabase() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        privacy = JdbcPrivacyStore.open(freshDatabase());
        store = (JdbcRightsStore) ServiceLoader.load(RightsStoreProvider.class).stream()
                .map(p -> p.get().beside(privacy)).flatMap(Optional::stream).findFirst().orElseThrow();
    }

    @AfterEach
    void closeStore() {
        privacy.close();
    }

    private static RightsRequest request(String id, String email, RequestStatus status, LocalDate due) {
        DueDates dates = new DueDates(Optional.of(due.minusDays(20)), due, ExtensionRule.FIXED,
                Optional.of(due.plusDays(45)), false, "45 calendar days (+45)", "US-CA");
        return new RightsRequest(id, RightType.KNOW, email, Regime.CCPA, Optional.of("US"), Optional.of("CA"),
                Optional.of(new AuthorizedAgent("Agency", "desk@agency.example", "signed permission")), status, NOW,
                dates, List.of(RightsRequest.AGENT), Optional.of("ab".repeat(32)),
                Optional.of(NOW.plusSeconds(86_400)), 2, Optional.of(LocalDate.of(2025, 3, 3)),
                Optional.empty(), 1);
    }

    private static HistoryEntry entry(String id, String action) {
        return new HistoryEntry(id, NOW, "requester", action, Optional.of(RequestStatus.RECEIVED), "detail");
    }

    @Test
    void aRequestReadsBackExactly() {
        RightsRequest request = request("r1", "Ada@Example.org", RequestStatus.VERIFYING, LocalDate.of(2025, 4, 17));

        store.create(request, List.of(entry("r1", "submitted")));

        assertThat(store.find("r1")).contains(request);
        assertThat(store.find("r2")).isEmpty();
        assertThat(store.ofEmail(ADA)).containsExactly(request);
        assertThat(store.history("r1")).containsExactly(entry("r1", "submitted"));
    }

    @Test
    void aChangeAppliesOnlyOverTheVersionItWasMadeFrom() {
        RightsRequest request = request("r1", ADA, RequestStatus.VERIFYING, LocalDate.of(2025, 4, 17));
        store.create(request, List.of(entry("r1", "submitted")));
        RightsRequest verified = new RightsRequest("r1", request.type(), ADA, request.regime(), Optional.empty(),
                Optional.empty(), Optional.empty(), RequestStatus.VERIFIED, NOW, request.deadlines(), List.of(),
                Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.of("why"), 2);

        assertThat(store.update(1, verified, List.of(entry("r1", "verified")))).isTrue();
        assertThat(store.update(1, verified, List.of(entry("r1", "again")))).isFalse();

        assertThat(store.find("r1")).contains(verified);
        assertThat(store.history("r1")).extracting(HistoryEntry::action).containsExactly("submitted", "verified");
    }

    @Test
    void theQueueHoldsOpenRequestsByDueDate() {
        store.create(request("late", ADA, RequestStatus.IN_PROGRESS, LocalDate.of(2025, 5, 1)), List.of());
        store.create(request("soon", ADA, RequestStatus.VERIFYING, LocalDate.of(2025, 4, 1)), List.of());
        store.create(request("done", ADA, RequestStatus.COMPLETED, LocalDate.of(2025, 3, 1)), List.of());
        store.create(request("no", ADA, RequestStatus.DENIED, LocalDate.of(2025, 3, 1)), List.of());

        assertThat(store.open()).extracting(RightsRequest::id).containsExactly("soon", "late");
    }

    @Test
    void anExportGoesOutOnceHoweverManyAskAtOnce() throws Exception {
        store.create(request("r1", ADA, RequestStatus.COMPLETED, LocalDate.of(2025, 4, 1)), List.of());
        store.putExport(new StoredExport("r1", "cd".repeat(32), NOW.plusSeconds(3600), Optional.empty()),
                "{\"é\": 1}".getBytes(StandardCharsets.UTF_8));
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<byte[]>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                Callable<Optional<byte[]>> take = () -> {
                    start.await();
                    return store.takeExport("r1", NOW);
                };
                results.add(pool.submit(take));
            }
            start.countDown();
            List<byte[]> handedOut = new ArrayList<>();
            for (Future<Optional<byte[]>> result : results) {
                result.get().ifPresent(handedOut::add);
            }
            assertThat(handedOut).hasSize(1);
            assertThat(new String(handedOut.get(0), StandardCharsets.UTF_8)).isEqualTo("{\"é\": 1}");
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.export("r1").orElseThrow().downloadedAt()).contains(NOW);
    }

    // ---- The service over the real stores ----

    private RightsService service(SubjectIds ids, PersonalDataProvider app) {
        Mailer mailer = outbox::add;
        return RightsService.builder().store(store).mailer(mailer)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).provider(app)
                .links(RequestLinks.under("https://shop.example/privacy"))
                .privacyStore(privacy).collection(privacy.collectionStore(), ids)
                .erasure(store.collectionErasure(ids))
                .build();
    }

    private static Jurisdiction germany() {
        return new JurisdictionResolver(JurisdictionSettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC))
                .resolve(Location.of("DE", LocationSource.HEADER));
    }

    private String lastToken() {
        Matcher m = TOKEN.matcher(outbox.get(outbox.size() - 1).text());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static ConsentEvent consent(String consentId, String subject, Instant at) {
        return new ConsentEvent(consentId, at, "v1", Regime.GDPR, "GDPR", LocationSource.HEADER, "DE", null,
                Map.of("necessary", true, "analytics", false), ConsentMethod.BANNER, "/", null, "Firefox", subject);
    }

    private SubjectIds seed() {
        SubjectIds ids = new SubjectIds(new byte[32]);
        privacy.appendConsent(consent("c-ada", ADA_USER, NOW.minusSeconds(3600)));
        privacy.linkSubject("c-ada", ADA_USER, NOW.minusSeconds(3600));
        privacy.appendConsent(consent("c-bob", "user-bob", NOW.minusSeconds(1800)));
        privacy.linkSubject("c-bob", "user-bob", NOW.minusSeconds(1800));
        LocalDate day = LocalDate.of(2025, 3, 1);
        privacy.collectionStore().add(List.of(
                new UsageCount(ids.ofUserId(ADA_USER).value(), RecordKind.COLLECTED, "contact", "account", "user",
                        "GDPR", day, 3),
                new UsageCount(ids.ofEmail(ADA).value(), RecordKind.SHARED, "online-identifiers", "advertising",
                        "advertising-partner:Ads Inc", "GDPR", day, 1),
                new UsageCount(ids.ofUserId("user-bob").value(), RecordKind.COLLECTED, "contact", "account", "user",
                        "GDPR", day, 5)), List.of());
        return ids;
    }

    private static final PersonalDataProvider APP = new PersonalDataProvider() {
        @Override
        public List<String> userIdsOf(String email) {
            return email.equals(ADA) ? List.of(ADA_USER) : List.of();
        }

        @Override
        public Map<String, Object> export(DataSubject subject) {
            return Map.of("profile", Map.of("name", "Ada", "orders", List.of(1, 2)));
        }

        @Override
        public ErasureResult erase(DataSubject subject) {
            return new ErasureResult(1, List.of("invoices: 10 years (tax law)"));
        }
    };

    @Test
    void aSeededSubjectsExportHoldsEverythingAboutThemAndNothingAboutOthers() throws Exception {
        RightsService rights = service(seed(), APP);
        String id = ((Submission.Accepted) rights.submit(RightType.ACCESS, ADA, germany(), Optional.empty()))
                .request().id();
        Verification.Verified verified = (Verification.Verified) rights.verify(id, lastToken());
        String token = ((Fulfilment.ExportReady) verified.fulfilment()).token();

        ExportDownload.Bundle bundle = (ExportDownload.Bundle) rights.export(id, token);
        JsonNode json = new ObjectMapper().readTree(bundle.json());

        assertThat(verified.request().dueDate()).isEqualTo(LocalDate.of(2025, 4, 3));
        assertThat(json.path("app").path("profile").path("name").asText()).isEqualTo("Ada");
        JsonNode own = json.path("privacykit");
        assertThat(own.path("consents")).hasSize(1);
        assertThat(own.path("consents").get(0).path("consentId").asText()).isEqualTo("c-ada");
        assertThat(own.path("consents").get(0).path("records").get(0).path("choices").path("analytics").asBoolean(true))
                .isFalse();
        assertThat(own.path("collection")).hasSize(1);
        assertThat(own.path("disclosures")).hasSize(1);
        assertThat(own.path("disclosures").get(0).path("recipient").asText()).isEqualTo("advertising-partner:Ads Inc");
        assertThat(bundle.text()).doesNotContain("c-bob", "user-bob");
        assertThat(rights.export(id, token)).isInstanceOf(ExportDownload.Gone.class);
    }

    @Test
    void erasureRemovesTheSubjectsCollectionRecordsAndLeavesOthersAndTheLedgerIntact() {
        SubjectIds ids = seed();
        RightsService rights = service(ids, APP);
        String id = ((Submission.Accepted) rights.submit(RightType.ERASURE, ADA, germany(), Optional.empty()))
                .request().id();

        Verification.Verified verified = (Verification.Verified) rights.verify(id, lastToken());

        assertThat(verified.request().status()).isEqualTo(RequestStatus.COMPLETED);
        Fulfilment.Erased erased = (Fulfilment.Erased) verified.fulfilment();
        assertThat(erased.steps().get("collection-records").removed()).isEqualTo(2);
        assertThat(privacy.collectionStore().usageOf(ids.ofUserId(ADA_USER))).isEmpty();
        assertThat(privacy.collectionStore().usageOf(ids.ofEmail(ADA))).isEmpty();
        assertThat(privacy.collectionStore().usageOf(ids.ofUserId("user-bob"))).hasSize(1);
        assertThat(privacy.verifyLedger()).isInstanceOf(LedgerVerification.Intact.class);
        assertThat(store.history(id)).extracting(HistoryEntry::action)
                .containsExactly("submitted", "verification-sent", "verified", "in-progress", "erased", "erased",
                        "completed");
    }

    @Test
    void tokensGuessedFromManyInstancesAtOnceLockTheRequestAfterFive() throws Exception {
        RightsService rights = service(seed(), APP);
        String id = ((Submission.Accepted) rights.submit(RightType.ACCESS, ADA, germany(), Optional.empty()))
                .request().id();
        String token = lastToken();
        int guesses = 24;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Verification>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < guesses; i++) {
                String guess = "guess-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return rights.verify(id, guess);
                }));
            }
            start.countDown();
            int locked = 0;
            for (Future<Verification> answer : answers) {
                if (answer.get() instanceof Verification.Locked) {
                    locked++;
                }
            }
            assertThat(locked).isGreaterThanOrEqualTo(guesses - 4);
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.find(id).orElseThrow().failedAttempts()).isEqualTo(5);
        assertThat(store.history(id)).filteredOn(h -> h.action().equals("verification-failed")).hasSize(5);
        assertThat(rights.verify(id, token)).isInstanceOf(Verification.Locked.class);
        assertThat(store.export(id)).isEmpty();
    }

    @Test
    void theRightTokenPresentedTwiceAtOnceVerifiesOnce() throws Exception {
        RightsService rights = service(seed(), APP);
        String id = ((Submission.Accepted) rights.submit(RightType.ACCESS, ADA, germany(), Optional.empty()))
                .request().id();
        String token = lastToken();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Verification>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return rights.verify(id, token);
                }));
            }
            start.countDown();
            List<Verification> results = new ArrayList<>();
            for (Future<Verification> answer : answers) {
                results.add(answer.get());
            }
            assertThat(results).filteredOn(r -> r instanceof Verification.Verified).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.history(id)).filteredOn(h -> h.action().equals("export-ready")).hasSize(1);
    }
}
