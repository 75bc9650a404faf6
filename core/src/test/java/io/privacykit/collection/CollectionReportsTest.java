package io.privacykit.collection;

import static io.privacykit.collection.CollectionFixtures.declared;
import static io.privacykit.collection.CollectionFixtures.usSaas;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The reporting windows at their edges, with the clock injected; the stores' own tests check the sums. */
class CollectionReportsTest {

    private static final Recipient LIST_BUYER = new Recipient(RecipientKind.THIRD_PARTY, "List Buyer LLC");

    static Stream<Arguments> twelveMonths() {
        // now, record time, inside the preceding 12 months?
        return Stream.of(
                Arguments.of("2025-06-15T12:00:00Z", "2025-06-15T11:59:59Z", true),
                Arguments.of("2025-06-15T12:00:00Z", "2024-06-15T00:00:00Z", true),
                Arguments.of("2025-06-15T12:00:00Z", "2024-06-14T23:59:59Z", false),
                Arguments.of("2025-03-01T00:00:00Z", "2024-03-01T00:00:00Z", true),
                Arguments.of("2025-03-01T00:00:00Z", "2024-02-29T23:59:59Z", false),
                Arguments.of("2024-02-29T00:00:00Z", "2023-02-28T00:00:00Z", true),
                Arguments.of("2024-02-29T00:00:00Z", "2023-02-27T23:59:59Z", false));
    }

    @ParameterizedTest(name = "now {0}, recorded {1}: {2}")
    @MethodSource("twelveMonths")
    void thePreceding12MonthsIncludeTheSameDateAYearAgo(String now, String recorded, boolean inside) {
        InMemoryCollectionStore store = new InMemoryCollectionStore();
        CollectionFixtures.MutableClock clock = new CollectionFixtures.MutableClock(Instant.parse(recorded));
        DeclaredPolicy policy = declared(usSaas());
        try (CollectionRecorder recorder = CollectionRecorder.start(policy, store, clock)) {
            SubjectId subject = recorder.subjects().ofUserId("u1");
            recorder.collected(subject, "internet_activity", SourceKind.DEVICE, "service");
            recorder.disclosed(subject, "internet_activity", RecipientKind.SERVICE_PROVIDER, "service");
        }
        clock.set(Instant.parse(now));
        CollectionReports reports = new CollectionReports(policy, store, clock);
        assertThat(reports.categoriesCollected().row("internet_activity").collected()).isEqualTo(inside);
        assertThat(reports.disclosures().categories()).isEqualTo(inside ? List.of("internet_activity") : List.of());
    }

    static Stream<Arguments> calendarYears() {
        return Stream.of(
                Arguments.of("2025-01-01T00:00:00Z", "2024-12-31T23:59:59Z", true),
                Arguments.of("2025-12-31T23:59:59Z", "2024-01-01T00:00:00Z", true),
                Arguments.of("2025-01-01T00:00:00Z", "2023-12-31T23:59:59Z", false),
                Arguments.of("2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z", false),
                Arguments.of("2024-12-31T23:59:59Z", "2024-06-01T00:00:00Z", false));
    }

    @ParameterizedTest(name = "now {0}, disclosed {1}: {2}")
    @MethodSource("calendarYears")
    void shineTheLightCoversThePrecedingCalendarYear(String now, String disclosed, boolean inside) {
        DeclaredPolicy policy = declared(usSaas(
                "privacy.collection.identifiers.purposes", "service, third_party_marketing",
                "privacy.collection.identifiers.recipients", "service_provider, third_party",
                "privacy.collection.identifiers.legal-basis", "contract"));
        InMemoryCollectionStore store = new InMemoryCollectionStore();
        CollectionFixtures.MutableClock clock = new CollectionFixtures.MutableClock(Instant.parse(disclosed));
        try (CollectionRecorder recorder = CollectionRecorder.start(policy, store, clock)) {
            SubjectId subject = recorder.subjects().ofUserId("u1");
            recorder.disclosed(subject, "identifiers", LIST_BUYER, Purposes.THIRD_PARTY_MARKETING);
            // Not for the recipient's own marketing, and not to a third party: never in the report.
            recorder.disclosed(subject, "identifiers", RecipientKind.SERVICE_PROVIDER, "service");
        }
        clock.set(Instant.parse(now));
        CollectionReports.ShineTheLightReport report = new CollectionReports(policy, store, clock).shineTheLight();
        assertThat(report.year()).isEqualTo(Instant.parse(now).atZone(java.time.ZoneOffset.UTC).getYear() - 1);
        assertThat(report.from()).isEqualTo(LocalDate.of(report.year(), 1, 1));
        assertThat(report.entries()).isEqualTo(inside
                ? List.of(new CollectionReports.ShineTheLightReport.Entry(LIST_BUYER, List.of("identifiers")))
                : List.of());
    }

    @Test
    void theUsReferencePolicysCcpaTableComesOutOfTheRecords() {
        DeclaredPolicy policy = declared(usSaas());
        InMemoryCollectionStore store = new InMemoryCollectionStore();
        CollectionFixtures.MutableClock clock = new CollectionFixtures.MutableClock(Instant.parse("2025-06-15T12:00:00Z"));
        try (CollectionRecorder recorder = CollectionRecorder.start(policy, store, clock)) {
            SubjectId subject = recorder.subjects().ofEmail("carol@example.com");
            recorder.collected(subject, "user.contact.email", SourceKind.USER, "service");
            recorder.collected(subject, "user.device.ip_address", SourceKind.DEVICE, "essential.service.security");
            recorder.collected(subject, "user.behavior.browsing_history", SourceKind.DEVICE, "analytics");
            recorder.disclosed(subject, "identifiers", RecipientKind.SERVICE_PROVIDER, "service");
        }
        CollectionReports reports = new CollectionReports(policy, store, clock);
        CollectionReports.CategoriesReport table = reports.categoriesCollected();
        assertThat(table.rows().stream().filter(CollectionReports.CategoryRow::ccpa)).allSatisfy(row -> {
            boolean yes = row.category().equals("identifiers") || row.category().equals("internet_activity");
            assertThat(row.collected()).as(row.category()).isEqualTo(yes);
            assertThat(row.declared()).as(row.category()).isEqualTo(yes);
        }).hasSize(12);
        assertThat(table.toJson().get("categories").get(0).get("collected").asText()).isEqualTo("Yes");
        assertThat(table.toJson().get("categories").get(1).get("declared").asText()).isEqualTo("No");
        assertThat(reports.salesAndSharing().conforms()).isTrue();
        assertThat(reports.salesAndSharing().soldRecorded()).isEmpty();
        assertThat(reports.conformance().conforms()).isTrue();
        assertThat(reports.disclosures().recipientKinds())
                .containsExactly(java.util.Map.entry("identifiers", java.util.Set.of(RecipientKind.SERVICE_PROVIDER)));
    }
}
