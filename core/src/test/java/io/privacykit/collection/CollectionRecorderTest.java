package io.privacykit.collection;

import static io.privacykit.collection.CollectionFixtures.california;
import static io.privacykit.collection.CollectionFixtures.declared;
import static io.privacykit.collection.CollectionFixtures.germany;
import static io.privacykit.collection.CollectionFixtures.usSaas;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of violation, in both modes, against the US SaaS reference declarations. */
class CollectionRecorderTest {

    private static final Instant NOW = Instant.parse("2025-06-15T12:00:00Z");
    private static final CollectionFixtures.MutableClock CLOCK = new CollectionFixtures.MutableClock(NOW);
    private static final Recipient ADS = new Recipient(RecipientKind.ADVERTISING_PARTNER, "Example Ads");

    /** Health data besides the reference declarations: explicit consent for the service, research under Art. 9(2)(j). */
    private static final String[] HEALTH = {
            "privacy.collection.health.collected", "true",
            "privacy.collection.health.sources", "user",
            "privacy.collection.health.purposes", "service, research",
            "privacy.collection.health.recipients", "service_provider",
            "privacy.collection.health.special-condition", "explicit-consent, research:research"};

    private static String[] withHealth(String... extra) {
        return Stream.concat(Stream.of(HEALTH), Stream.of(extra)).toArray(String[]::new);
    }

    /** One call of the recording API. */
    private interface Call extends Function<CollectionRecorder, Outcome> {
    }

    private static SubjectId alice(CollectionRecorder r) {
        return r.subjects().ofEmail("Alice@Example.com");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("declared collection", null,
                        (Call) r -> r.collected(alice(r), "identifiers", SourceKind.USER, "service")),
                Arguments.of("declared disclosure", null,
                        (Call) r -> r.disclosed(alice(r), "internet_activity", RecipientKind.SERVICE_PROVIDER, "analytics")),
                Arguments.of("Fides aliases of a declared use", null,
                        (Call) r -> r.collected(alice(r), "user.contact.email", SourceKind.USER, "essential.service")),
                Arguments.of("consent given for a consent-based purpose", null,
                        (Call) r -> r.collected(alice(r), "internet_activity", SourceKind.DEVICE, "analytics",
                                germany(Set.of("performance"), 30))),
                Arguments.of("undeclared category", ViolationKind.UNDECLARED_CATEGORY,
                        (Call) r -> r.collected(alice(r), "geolocation", SourceKind.DEVICE, "service")),
                Arguments.of("Fides alias of an undeclared category", ViolationKind.UNDECLARED_CATEGORY,
                        (Call) r -> r.collected(alice(r), "user.health_and_medical", SourceKind.USER, "service")),
                Arguments.of("undeclared purpose", ViolationKind.UNDECLARED_PURPOSE,
                        (Call) r -> r.collected(alice(r), "internet_activity", SourceKind.DEVICE, "advertising")),
                Arguments.of("undeclared purpose by Fides alias", ViolationKind.UNDECLARED_PURPOSE,
                        (Call) r -> r.collected(alice(r), "internet_activity", SourceKind.DEVICE,
                                "marketing.advertising.third_party.targeted")),
                Arguments.of("undeclared source", ViolationKind.UNDECLARED_SOURCE,
                        (Call) r -> r.collected(alice(r), "internet_activity", SourceKind.THIRD_PARTY, "service")),
                Arguments.of("undeclared recipient kind", ViolationKind.UNDECLARED_RECIPIENT,
                        (Call) r -> r.disclosed(alice(r), "internet_activity", RecipientKind.CONTRACTOR, "service")),
                Arguments.of("a sale where none is declared", ViolationKind.UNDECLARED_SALE,
                        (Call) r -> r.sold(alice(r), "identifiers", new Recipient(RecipientKind.AUTHORITY, ""), "marketing")),
                Arguments.of("a sharing where none is declared", ViolationKind.UNDECLARED_SHARING,
                        (Call) r -> r.shared(alice(r), "identifiers", new Recipient(RecipientKind.AUTHORITY, ""), "marketing")),
                Arguments.of("a sale after a Global Privacy Control opt-out", ViolationKind.OPTED_OUT,
                        (Call) r -> r.sold(alice(r), "identifiers", ADS, "marketing", california(true, Set.of(), 30))),
                Arguments.of("consent-based purpose without consent", ViolationKind.CONSENT_MISSING,
                        (Call) r -> r.collected(alice(r), "internet_activity", SourceKind.DEVICE, "analytics",
                                germany(Set.of("functionality"), null))),
                Arguments.of("explicit consent given to a special category", null,
                        (Call) r -> r.collected(alice(r), "health", SourceKind.USER, "service",
                                germany(Set.of("health"), 30))),
                Arguments.of("a special category under a condition other than consent", null,
                        (Call) r -> r.collected(alice(r), "health", SourceKind.USER, "research", germany(Set.of(), 30))),
                Arguments.of("special category on explicit consent without it", ViolationKind.EXPLICIT_CONSENT_MISSING,
                        (Call) r -> r.collected(alice(r), "health", SourceKind.USER, "service",
                                germany(Set.of("functionality", "performance", "advertising", "service"), 30))),
                Arguments.of("subject under the policy's minimum age", ViolationKind.UNDER_MINIMUM_AGE,
                        (Call) r -> r.collected(alice(r), "identifiers", SourceKind.USER, "service",
                                california(false, Set.of(), 12))),
                Arguments.of("child's own consent under the GDPR age", ViolationKind.UNDER_MINIMUM_AGE,
                        (Call) r -> r.collected(alice(r), "internet_activity", SourceKind.DEVICE, "analytics",
                                germany(Set.of("performance"), 14))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void strictModeThrowsAndStoresNothing(String name, ViolationKind expected, Call call) {
        InMemoryCollectionStore store = new InMemoryCollectionStore();
        try (CollectionRecorder recorder = CollectionRecorder.start(declared(usSaas(withHealth("privacy.collection.mode", "strict"))),
                store, CLOCK)) {
            if (expected == null) {
                assertThat(call.apply(recorder)).isInstanceOf(Outcome.Accepted.class);
                recorder.flush();
                assertThat(store.usage(LocalDate.MIN, LocalDate.MAX)).hasSize(1);
            } else {
                assertThatThrownBy(() -> call.apply(recorder)).isInstanceOfSatisfying(PolicyViolationException.class,
                        e -> assertThat(e.violation().kinds()).contains(expected));
                recorder.flush();
                assertThat(store.usage(LocalDate.MIN, LocalDate.MAX)).isEmpty();
                assertThat(store.divergences()).isEmpty();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportModeStoresTheRecordAndTheViolation(String name, ViolationKind expected, Call call) {
        InMemoryCollectionStore store = new InMemoryCollectionStore();
        try (CollectionRecorder recorder = CollectionRecorder.start(declared(usSaas(withHealth())), store, CLOCK)) {
            Outcome outcome = call.apply(recorder);
            recorder.flush();
            assertThat(store.usage(LocalDate.MIN, LocalDate.MAX)).hasSize(1);
            if (expected == null) {
                assertThat(outcome).isInstanceOf(Outcome.Accepted.class);
                assertThat(store.divergences()).isEmpty();
            } else {
                assertThat(outcome).isInstanceOfSatisfying(Outcome.Violation.class,
                        v -> assertThat(v.kinds()).contains(expected));
                assertThat(store.divergences()).extracting(DivergenceCount::violation).contains(expected);
                assertThat(store.divergences()).allSatisfy(d -> {
                    assertThat(d.count()).isEqualTo(1);
                    assertThat(d.firstSeen()).isEqualTo(NOW);
                    assertThat(d.lastSeen()).isEqualTo(NOW);
                });
            }
        }
    }

    @Test
    void saleOrSharingAfterAnOptOutIsAViolationEvenWhereDeclared() {
        DeclaredPolicy policy = declared(usSaas(
                "privacy.collection.identifiers.recipients", "service_provider, advertising_partner",
                "privacy.collection.identifiers.sold", "true",
                "privacy.collection.identifiers.shared", "true",
                "privacy.collection.identifiers.purposes", "service, advertising",
                "privacy.collection.identifiers.legal-basis", "contract"));
        InMemoryCollectionStore store = new InMemoryCollectionStore();
        try (CollectionRecorder recorder = CollectionRecorder.start(policy, store, CLOCK)) {
            SubjectId bob = recorder.subjects().ofUserId("bob");
            assertThat(recorder.sold(bob, "identifiers", ADS, "advertising", california(false, Set.of(), 30)))
                    .isInstanceOf(Outcome.Accepted.class);
            assertThat(recorder.shared(bob, "identifiers", ADS, "advertising", california(true, Set.of(), 30)))
                    .isInstanceOfSatisfying(Outcome.Violation.class,
                            v -> assertThat(v.kinds()).containsExactly(ViolationKind.OPTED_OUT));
            // Cal. Civ. Code 1798.120(c): a 15-year-old must opt in to a sale.
            assertThat(recorder.sold(bob, "identifiers", ADS, "advertising", california(false, Set.of(), 15)))
                    .isInstanceOfSatisfying(Outcome.Violation.class,
                            v -> assertThat(v.kinds()).containsExactly(ViolationKind.UNDER_MINIMUM_AGE));
            assertThat(recorder.sold(bob, "identifiers", ADS, "advertising", california(false, Set.of("advertising"), 15)))
                    .isInstanceOf(Outcome.Accepted.class);
        }
        assertThat(store.divergences()).extracting(DivergenceCount::violation)
                .containsExactlyInAnyOrder(ViolationKind.OPTED_OUT, ViolationKind.UNDER_MINIMUM_AGE);
    }

    @Test
    void explicitConsentMustNameTheSpecialCategoryWhereverTheVisitorIsAndWhateverIsDoneWithIt() {
        InMemoryCollectionStore store = new InMemoryCollectionStore();
        try (CollectionRecorder recorder = CollectionRecorder.start(declared(usSaas(HEALTH)), store, CLOCK)) {
            SubjectId bob = recorder.subjects().ofUserId("bob");
            RecordingContext californian = california(false, Set.of("performance"), 40);
            // Art. 4(2): a disclosure is processing too, so it needs the condition as much as the collection.
            assertThat(recorder.disclosed(bob, "health", new Recipient(RecipientKind.SERVICE_PROVIDER, "Cloud Co"), "service",
                    californian))
                    .isInstanceOfSatisfying(Outcome.Violation.class,
                            v -> assertThat(v.kinds()).containsExactly(ViolationKind.EXPLICIT_CONSENT_MISSING));
            assertThat(recorder.collected(bob, "health", SourceKind.USER, "service", californian.withConsentTo("health")))
                    .isInstanceOf(Outcome.Accepted.class);
            // Consent to another special category does not cover this one.
            assertThat(recorder.collected(bob, "health", SourceKind.USER, "service", californian.withConsentTo("genetic")))
                    .isInstanceOfSatisfying(Outcome.Violation.class,
                            v -> assertThat(v.findings()).singleElement().satisfies(f -> assertThat(f.detail())
                                    .isEqualTo("processing health for service relies on explicit consent (GDPR Art."
                                            + " 9(2)(a)), which the subject has not given to health")));
        }
        assertThat(store.divergences()).extracting(DivergenceCount::violation, DivergenceCount::kind)
                .containsExactlyInAnyOrder(tuple(ViolationKind.EXPLICIT_CONSENT_MISSING, RecordKind.DISCLOSED),
                        tuple(ViolationKind.EXPLICIT_CONSENT_MISSING, RecordKind.COLLECTED));
    }

    @Test
    void oneRecordMayBreakSeveralPromisesAndEachIsCounted() {
        InMemoryCollectionStore store = new InMemoryCollectionStore();
        try (CollectionRecorder recorder = CollectionRecorder.start(declared(usSaas()), store, CLOCK)) {
            Outcome outcome = recorder.sold(alice(recorder), "internet_activity", ADS, "advertising",
                    california(true, Set.of(), 30));
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Violation.class, v -> assertThat(v.kinds())
                    .containsExactly(ViolationKind.UNDECLARED_PURPOSE, ViolationKind.UNDECLARED_RECIPIENT,
                            ViolationKind.UNDECLARED_SALE, ViolationKind.OPTED_OUT));
        }
        assertThat(store.divergences()).hasSize(4);
    }

    @Test
    void recordsAreAddedUpPerSubjectUseAndDay() {
        InMemoryCollectionStore store = new InMemoryCollectionStore();
        CollectionFixtures.MutableClock clock = new CollectionFixtures.MutableClock(NOW);
        try (CollectionRecorder recorder = CollectionRecorder.start(declared(usSaas()), store, clock)) {
            SubjectId alice = alice(recorder);
            for (int i = 0; i < 5; i++) {
                recorder.collected(alice, "identifiers", SourceKind.USER, "service");
            }
            clock.set(NOW.plusSeconds(86_400));
            recorder.collected(alice, "identifiers", SourceKind.USER, "service");
            recorder.collected(recorder.subjects().ofEmail("  ALICE@example.COM "), "user.contact.email",
                    SourceKind.USER, "service");
            recorder.flush();
            assertThat(store.usageOf(alice)).extracting(UsageCount::day, UsageCount::count).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2025-06-15"), 5L),
                    org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2025-06-16"), 2L));
            assertThat(recorder.committedRecords()).isEqualTo(7);
        }
    }

    @Test
    void subjectIdsAreKeyedAndNeverTheAddress() {
        SubjectIds ids = new SubjectIds(CollectionFixtures.SUBJECT_KEY);
        SubjectIds otherKey = new SubjectIds("another-subject-key-of-32-bytes!".getBytes());
        assertThat(ids.ofEmail("Alice@Example.com")).isEqualTo(ids.ofEmail(" alice@example.com"))
                .isNotEqualTo(otherKey.ofEmail("alice@example.com"))
                .isNotEqualTo(ids.ofUserId("alice@example.com"));
        assertThat(ids.ofEmail("alice@example.com").value()).hasSize(32).doesNotContain("alice");
        assertThatThrownBy(() -> ids.ofEmail("not an address")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedNamesAreProgrammingErrorsAndClosedRecordersRefuse() {
        CollectionRecorder recorder = CollectionRecorder.start(declared(usSaas()), new InMemoryCollectionStore(), CLOCK);
        SubjectId alice = alice(recorder);
        assertThatThrownBy(() -> recorder.collected(alice, "Identifiers!", SourceKind.USER, "service"))
                .isInstanceOf(IllegalArgumentException.class);
        recorder.close();
        recorder.close();
        assertThatThrownBy(() -> recorder.collected(alice, "identifiers", SourceKind.USER, "service"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailingStoreMakesCallersWaitButLosesNothing() throws Exception {
        FlakyStore store = new FlakyStore();
        try (CollectionRecorder recorder = CollectionRecorder.start(
                declared(usSaas("privacy.collection.queue-size", "4")), store, CLOCK)) {
            SubjectId alice = alice(recorder);
            store.failing = true;
            recorder.collected(alice, "identifiers", SourceKind.USER, "service");
            Thread.sleep(CollectionRecorder.LINGER.toMillis() + 200); // the writer is retrying its commit now
            Thread producer = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    recorder.collected(alice, "identifiers", SourceKind.USER, "service");
                }
            });
            producer.start();
            producer.join(300);
            assertThat(producer.isAlive()).as("blocked on the full queue").isTrue();
            store.failing = false;
            producer.join();
            recorder.flush();
            assertThat(store.usage(LocalDate.MIN, LocalDate.MAX)).singleElement()
                    .extracting(UsageTotal::count).isEqualTo(51L);
        }
    }

    /** A store that fails while {@link #failing}. */
    private static final class FlakyStore implements CollectionStore {
        private final InMemoryCollectionStore delegate = new InMemoryCollectionStore();
        volatile boolean failing;

        @Override
        public void add(List<UsageCount> usage, List<DivergenceCount> divergences) {
            if (failing) {
                throw new io.privacykit.store.StoreException("down");
            }
            delegate.add(usage, divergences);
        }

        @Override
        public List<UsageTotal> usage(LocalDate from, LocalDate to) {
            return delegate.usage(from, to);
        }

        @Override
        public List<UsageCount> usageOf(SubjectId subject) {
            return delegate.usageOf(subject);
        }

        @Override
        public List<DivergenceCount> divergences() {
            return delegate.divergences();
        }
    }
}
