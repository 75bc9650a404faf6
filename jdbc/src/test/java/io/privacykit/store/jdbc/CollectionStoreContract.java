package io.privacykit.store.jdbc;

import static io.privacykit.collection.CollectionFixtures.declared;
import static io.privacykit.collection.CollectionFixtures.usSaas;
import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.collection.CollectionFixtures;
import io.privacykit.collection.CollectionRecorder;
import io.privacykit.collection.CollectionReports;
import io.privacykit.collection.DeclaredPolicy;
import io.privacykit.collection.DivergenceCount;
import io.privacykit.collection.Recipient;
import io.privacykit.collection.RecipientKind;
import io.privacykit.collection.RecordKind;
import io.privacykit.collection.SourceKind;
import io.privacykit.collection.SubjectId;
import io.privacykit.collection.UsageCount;
import io.privacykit.collection.UsageTotal;
import io.privacykit.collection.ViolationKind;
import io.privacykit.store.StoreSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the collection store must do, on H2 and on a real PostgreSQL: the reports over a seeded
 * record set equal the hand-computed ones, and nothing acknowledged is lost under concurrency.
 */
abstract class CollectionStoreContract {

    private static final Instant NOW = Instant.parse("2025-06-15T12:00:00Z");
    private static final Recipient CLOUD = new Recipient(RecipientKind.SERVICE_PROVIDER, "Cloud Co");
    private static final Recipient ADS = new Recipient(RecipientKind.ADVERTISING_PARTNER, "Ads Inc");
    private static final Recipient LIST_BUYER = new Recipient(RecipientKind.THIRD_PARTY, "List Buyer");

    protected JdbcPrivacyStore store;
    protected JdbcCollectionStore collection;

    /** Settings of a new, empty database. */
    protected abstract StoreSettings freshDatabase() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = JdbcPrivacyStore.open(freshDatabase());
        collection = store.collectionStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** The seeded records: two subjects over a year and a half, some beyond the declared policy. */
    private SubjectId[] seed(DeclaredPolicy policy, CollectionFixtures.MutableClock clock) {
        try (CollectionRecorder recorder = CollectionRecorder.start(policy, collection, clock)) {
            SubjectId a = recorder.subjects().ofUserId("a");
            SubjectId b = recorder.subjects().ofUserId("b");
            at(clock, "2024-06-14T08:00:00Z");
            recorder.collected(a, "geolocation", SourceKind.DEVICE, "service");
            at(clock, "2024-11-20T10:00:00Z");
            recorder.disclosed(b, "identifiers", LIST_BUYER, "third_party_marketing");
            at(clock, "2025-01-05T10:00:00Z");
            for (int i = 0; i < 4; i++) {
                recorder.collected(a, "internet_activity", SourceKind.DEVICE, "analytics");
            }
            at(clock, "2025-02-01T10:00:00Z");
            recorder.disclosed(b, "identifiers", CLOUD, "service");
            recorder.disclosed(b, "identifiers", CLOUD, "service");
            at(clock, "2025-03-01T10:00:00Z");
            recorder.disclosed(a, "internet_activity", RecipientKind.CONTRACTOR, "service");
            recorder.flush(); // the second lands in another transaction: counts and first/last seen add up
            at(clock, "2025-03-02T09:00:00Z");
            recorder.disclosed(a, "internet_activity", RecipientKind.CONTRACTOR, "service");
            at(clock, "2025-04-01T10:00:00Z");
            recorder.sold(a, "identifiers", ADS, "advertising");
            at(clock, "2025-06-10T10:00:00Z");
            for (int i = 0; i < 3; i++) {
                recorder.collected(a, "identifiers", SourceKind.USER, "service");
            }
            recorder.collected(b, "identifiers", SourceKind.USER, "service");
            recorder.collected(b, "identifiers", SourceKind.USER, "essential.service");
            at(clock, "2025-06-15T11:00:00Z");
            recorder.collected(a, "user.contact.email", SourceKind.USER, "service");
            clock.set(NOW);
            return new SubjectId[] {a, b};
        }
    }

    private static void at(CollectionFixtures.MutableClock clock, String instant) {
        clock.set(Instant.parse(instant));
    }

    @Test
    void reportsEqualTheHandComputedOnes() {
        DeclaredPolicy policy = declared(usSaas());
        CollectionFixtures.MutableClock clock = new CollectionFixtures.MutableClock(NOW);
        SubjectId[] subjects = seed(policy, clock);
        CollectionReports reports = new CollectionReports(policy, collection, clock);

        CollectionReports.CategoriesReport categories = reports.categoriesCollected();
        assertThat(categories.from()).isEqualTo(LocalDate.parse("2024-06-15"));
        assertThat(categories.to()).isEqualTo(LocalDate.parse("2025-06-15"));
        assertThat(categories.rows()).hasSize(12).containsExactlyElementsOf(List.of(
                row("identifiers", true, true, List.of("user"), List.of("service")),
                row("customer_records", false, false, List.of(), List.of()),
                row("protected_class", false, false, List.of(), List.of()),
                row("commercial", false, false, List.of(), List.of()),
                row("biometric", false, false, List.of(), List.of()),
                row("internet_activity", true, true, List.of("device"), List.of("analytics")),
                row("geolocation", false, false, List.of(), List.of()), // collected, but before the window
                row("sensory", false, false, List.of(), List.of()),
                row("professional", false, false, List.of(), List.of()),
                row("education", false, false, List.of(), List.of()),
                row("inferences", false, false, List.of(), List.of()),
                row("sensitive", false, false, List.of(), List.of())));

        CollectionReports.DisclosureReport disclosures = reports.disclosures();
        assertThat(disclosures.rows()).containsExactly(
                new CollectionReports.UsageRow(RecordKind.DISCLOSED, "identifiers", CLOUD, "service", 2,
                        LocalDate.parse("2025-02-01"), LocalDate.parse("2025-02-01")),
                new CollectionReports.UsageRow(RecordKind.DISCLOSED, "identifiers", LIST_BUYER, "third_party_marketing", 1,
                        LocalDate.parse("2024-11-20"), LocalDate.parse("2024-11-20")),
                new CollectionReports.UsageRow(RecordKind.DISCLOSED, "internet_activity",
                        Recipient.of(RecipientKind.CONTRACTOR), "service", 2,
                        LocalDate.parse("2025-03-01"), LocalDate.parse("2025-03-02")));
        assertThat(disclosures.categories()).containsExactly("identifiers", "internet_activity");

        CollectionReports.SaleReport sales = reports.salesAndSharing();
        assertThat(sales.soldDeclared()).isEmpty();
        assertThat(sales.soldRecorded()).containsExactly("identifiers");
        assertThat(sales.sharedRecorded()).isEmpty();
        assertThat(sales.conforms()).isFalse();

        CollectionReports.ShineTheLightReport shineTheLight = reports.shineTheLight();
        assertThat(shineTheLight.year()).isEqualTo(2024);
        assertThat(shineTheLight.entries()).containsExactly(
                new CollectionReports.ShineTheLightReport.Entry(LIST_BUYER, List.of("identifiers")));

        assertThat(reports.conformance().divergences()).containsExactly(
                divergence(ViolationKind.UNDECLARED_RECIPIENT, RecordKind.DISCLOSED, "internet_activity", "service",
                        "contractor", 2, "2025-03-01T10:00:00Z", "2025-03-02T09:00:00Z"),
                divergence(ViolationKind.UNDECLARED_CATEGORY, RecordKind.COLLECTED, "geolocation", "service", "device", 1,
                        "2024-06-14T08:00:00Z", "2024-06-14T08:00:00Z"),
                divergence(ViolationKind.UNDECLARED_PURPOSE, RecordKind.SOLD, "identifiers", "advertising",
                        "advertising_partner:Ads Inc", 1, "2025-04-01T10:00:00Z", "2025-04-01T10:00:00Z"),
                divergence(ViolationKind.UNDECLARED_PURPOSE, RecordKind.DISCLOSED, "identifiers", "third_party_marketing",
                        "third_party:List Buyer", 1, "2024-11-20T10:00:00Z", "2024-11-20T10:00:00Z"),
                divergence(ViolationKind.UNDECLARED_RECIPIENT, RecordKind.SOLD, "identifiers", "advertising",
                        "advertising_partner:Ads Inc", 1, "2025-04-01T10:00:00Z", "2025-04-01T10:00:00Z"),
                divergence(ViolationKind.UNDECLARED_RECIPIENT, RecordKind.DISCLOSED, "identifiers",
                        "third_party_marketing", "third_party:List Buyer", 1, "2024-11-20T10:00:00Z",
                        "2024-11-20T10:00:00Z"),
                divergence(ViolationKind.UNDECLARED_SALE, RecordKind.SOLD, "identifiers", "advertising",
                        "advertising_partner:Ads Inc", 1, "2025-04-01T10:00:00Z", "2025-04-01T10:00:00Z"));

        assertThat(collection.usageOf(subjects[1])).containsExactly(
                new UsageCount(subjects[1].value(), RecordKind.DISCLOSED, "identifiers", "third_party_marketing",
                        "third_party:List Buyer", "-", LocalDate.parse("2024-11-20"), 1),
                new UsageCount(subjects[1].value(), RecordKind.DISCLOSED, "identifiers", "service",
                        "service_provider:Cloud Co", "-", LocalDate.parse("2025-02-01"), 2),
                new UsageCount(subjects[1].value(), RecordKind.COLLECTED, "identifiers", "service", "user", "-",
                        LocalDate.parse("2025-06-10"), 2));
        assertThat(collection.usage(LocalDate.parse("2025-06-10"), LocalDate.parse("2025-06-15"))).containsExactly(
                new UsageTotal(RecordKind.COLLECTED, "identifiers", "service", "user", 6,
                        LocalDate.parse("2025-06-10"), LocalDate.parse("2025-06-15")));
        assertThat(reports.categoriesCollected().toJson().toString())
                .startsWith("{\"from\":\"2024-06-15\",\"to\":\"2025-06-15\",\"categories\":[{\"category\":\"identifiers\","
                        + "\"label\":\"Identifiers\",\"ccpa\":true,\"declared\":\"Yes\",\"collected\":\"Yes\"");
    }

    @Test
    void theUsReferencePolicysTableIsIdentifiersAndInternetActivityOnce() {
        // Found like the store: the recorder asks ServiceLoader for the collection store beside it.
        CollectionFixtures.MutableClock clock = new CollectionFixtures.MutableClock(NOW);
        var policy = CollectionFixtures.policy(usSaas());
        try (CollectionRecorder recorder = CollectionRecorder.start(policy, store, clock)) {
            SubjectId subject = recorder.subjects().ofEmail("dana@example.com");
            recorder.collected(subject, "user.contact.email", SourceKind.USER, "service",
                    CollectionFixtures.california(false, Set.of(), 40));
            recorder.collected(subject, "user.device.cookie_id", SourceKind.DEVICE, "security",
                    CollectionFixtures.california(false, Set.of(), 40));
            recorder.collected(subject, "user.behavior.browsing_history", SourceKind.DEVICE, "analytics",
                    CollectionFixtures.california(false, Set.of("performance"), 40));
            recorder.disclosed(subject, "identifiers", CLOUD, "service");
        }
        CollectionReports reports = new CollectionReports(policy.collection(), collection, clock);
        assertThat(reports.categoriesCollected().rows()).allSatisfy(row -> {
            boolean yes = row.category().equals("identifiers") || row.category().equals("internet_activity");
            assertThat(row.collected()).as(row.category()).isEqualTo(yes);
            assertThat(row.matches()).as(row.category()).isTrue();
        });
        assertThat(reports.salesAndSharing().conforms()).isTrue();
        assertThat(reports.conformance().conforms()).isTrue();
        assertThat(collection.usage(LocalDate.MIN, LocalDate.MAX)).extracting(UsageTotal::counterpart)
                .contains("user", "device", "service_provider:Cloud Co");
    }

    @Test
    void everyAcknowledgedRecordIsCountedWhileReportsRunAndAfterClose() throws Exception {
        DeclaredPolicy policy = declared(usSaas("privacy.collection.queue-size", "1024"));
        CollectionFixtures.MutableClock clock = new CollectionFixtures.MutableClock(NOW);
        int threads = 8;
        int perThread = 5_000;
        CollectionRecorder recorder = CollectionRecorder.start(policy, collection, clock);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicBoolean recording = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> acknowledged = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                acknowledged.add(pool.submit(() -> {
                    start.await();
                    long n = 0;
                    for (int i = 0; i < perThread; i++) {
                        SubjectId subject = recorder.subjects().ofUserId("user-" + (i % 97));
                        if (i % 10 == 0) {
                            recorder.disclosed(subject, "internet_activity", RecipientKind.CONTRACTOR, "service");
                        } else {
                            recorder.collected(subject, thread % 2 == 0 ? "identifiers" : "internet_activity",
                                    SourceKind.DEVICE, "service");
                        }
                        n++;
                    }
                    return n;
                }));
            }
            start.countDown();
            CollectionReports reports = new CollectionReports(policy, collection, clock);
            int reportsRun = 0;
            while (acknowledged.stream().anyMatch(f -> !f.isDone()) || reportsRun == 0) {
                assertThat(reports.categoriesCollected().rows()).hasSize(12);
                reports.conformance();
                reportsRun++;
            }
            recording.set(false);
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        long total = 0;
        for (Future<Long> f : acknowledged) {
            total += f.get();
        }
        recorder.close();
        assertThat(total).isEqualTo((long) threads * perThread);
        assertThat(collection.usage(LocalDate.MIN, LocalDate.MAX).stream().mapToLong(UsageTotal::count).sum())
                .isEqualTo(total);
        assertThat(recorder.committedRecords()).isEqualTo(total);
        assertThat(collection.divergences()).singleElement().satisfies(d -> {
            assertThat(d.violation()).isEqualTo(ViolationKind.UNDECLARED_RECIPIENT);
            assertThat(d.count()).isEqualTo((long) threads * perThread / 10);
        });
    }

    @Test
    void manyKeysInOneAddSpanSeveralStatementsAndAddUpOnTheSecond() {
        List<UsageCount> counts = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            counts.add(new UsageCount(String.format("%032x", i), RecordKind.COLLECTED, "identifiers", "service", "user",
                    "CCPA", LocalDate.parse("2025-06-01").plusDays(i % 3), 1 + i % 5));
        }
        Instant seen = Instant.parse("2025-06-01T00:00:00Z");
        List<DivergenceCount> divergences = List.of(new DivergenceCount(ViolationKind.OPTED_OUT, RecordKind.SOLD,
                "identifiers", "advertising", "advertising_partner:Ads Inc", 3, seen, seen.plusSeconds(60)));
        collection.add(counts, divergences);
        collection.add(counts, List.of(new DivergenceCount(ViolationKind.OPTED_OUT, RecordKind.SOLD, "identifiers",
                "advertising", "advertising_partner:Ads Inc", 2, seen.minusSeconds(5), seen.plusSeconds(30))));
        long expected = 2 * counts.stream().mapToLong(UsageCount::count).sum();
        assertThat(collection.usage(LocalDate.parse("2025-06-01"), LocalDate.parse("2025-06-03")))
                .singleElement().satisfies(total -> {
                    assertThat(total.count()).isEqualTo(expected);
                    assertThat(total.firstDay()).isEqualTo(LocalDate.parse("2025-06-01"));
                    assertThat(total.lastDay()).isEqualTo(LocalDate.parse("2025-06-03"));
                });
        assertThat(collection.usageOf(new SubjectId(String.format("%032x", 7)))).singleElement()
                .extracting(UsageCount::count).isEqualTo(2L * (1 + 7 % 5));
        assertThat(collection.divergences()).containsExactly(new DivergenceCount(ViolationKind.OPTED_OUT,
                RecordKind.SOLD, "identifiers", "advertising", "advertising_partner:Ads Inc", 5, seen.minusSeconds(5),
                seen.plusSeconds(60)));
    }

    private static CollectionReports.CategoryRow row(String category, boolean declared, boolean collected,
                                                     List<String> sources, List<String> purposes) {
        return new CollectionReports.CategoryRow(category, io.privacykit.collection.PiCategories.label(category), true,
                declared, collected, sources, purposes);
    }

    private static DivergenceCount divergence(ViolationKind violation, RecordKind kind, String category, String purpose,
                                              String counterpart, long count, String first, String last) {
        return new DivergenceCount(violation, kind, category, purpose, counterpart, count, Instant.parse(first),
                Instant.parse(last));
    }
}
