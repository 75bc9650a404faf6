package io.privacykit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.collection.CollectionFixtures;
import io.privacykit.collection.RecordKind;
import io.privacykit.collection.SubjectIds;
import io.privacykit.collection.UsageCount;
import io.privacykit.rights.CleanupResult;
import io.privacykit.rights.CleanupRun;
import io.privacykit.rights.DataSubject;
import io.privacykit.rights.ErasureResult;
import io.privacykit.rights.PersonalDataProvider;
import io.privacykit.rights.PurgeRecord;
import io.privacykit.rights.RetentionJob;
import io.privacykit.rights.RetentionRule;
import io.privacykit.rights.RetentionSettings;
import io.privacykit.rights.RetentionStore;
import io.privacykit.rights.RetentionStoreProvider;
import io.privacykit.store.StoreSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retention cleanup over the real database, on H2 and PostgreSQL: a simulated year in which
 * two app instances, each with its own connection pool, race for every day's cleanup, and each
 * cycle purges once.
 */
abstract class RetentionStoreContract {

    private static final SubjectIds IDS = new SubjectIds(new byte[32]);

    private JdbcPrivacyStore first;
    private JdbcPrivacyStore second;

    /** Settings of a new, empty database. */
    protected abstract StoreSettings freshDatabase() throws Exception;

    @BeforeEach
    void openStores() throws Exception {
        StoreSettings settings = freshDatabase();
        first = JdbcPrivacyStore.open(settings);
        second = JdbcPrivacyStore.open(settings);
    }

    @AfterEach
    void closeStores() {
        second.close();
        first.close();
    }

    private static RetentionStore retentionStoreOf(JdbcPrivacyStore store) {
        return ServiceLoader.load(RetentionStoreProvider.class).stream().map(p -> p.get().beside(store))
                .flatMap(Optional::stream).findFirst().orElseThrow();
    }

    @Test
    void aYearWithTwoInstancesRacingPurgesEachCycleOnce() throws Exception {
        // A clock every instance reads, moved by the test one simulated day at a time.
        CollectionFixtures.MutableClock clock = new CollectionFixtures.MutableClock(Instant.parse("2025-01-15T02:00:00Z"));
        Map<String, AtomicInteger> erased = new ConcurrentHashMap<>();
        PersonalDataProvider app = new PersonalDataProvider() {
            @Override
            public ErasureResult erase(DataSubject subject) {
                erased.computeIfAbsent(subject.email(), e -> new AtomicInteger()).incrementAndGet();
                return ErasureResult.removed(1);
            }
        };
        RetentionSettings settings = new RetentionSettings(Period.ofMonths(6), Period.ofMonths(3),
                List.of(new RetentionRule("account", "account-deleted", Optional.empty())));
        List<RetentionJob> instances = new ArrayList<>();
        for (JdbcPrivacyStore store : List.of(first, second)) {
            instances.add(RetentionJob.builder().store(retentionStoreOf(store)).settings(settings).provider(app)
                    .clock(clock).instance(store == first ? "instance-a" : "instance-b")
                    .erasure(JdbcRightsStoreProvider.rightsStoreOf(store).collectionErasure(IDS)).build());
        }
        // Deleted accounts: two before the July cleanup, one before January's, one held over July.
        Map<LocalDate, String> deletions = Map.of(
                LocalDate.of(2025, 2, 10), "ada@example.org",
                LocalDate.of(2025, 6, 30), "bob@example.org",
                LocalDate.of(2025, 7, 1), "cy@example.org",
                LocalDate.of(2025, 5, 5), "eve@example.org");
        for (String email : deletions.values()) {
            first.collectionStore().add(List.of(new UsageCount(IDS.ofEmail(email).value(), RecordKind.COLLECTED,
                    "contact", "account", "user", "GDPR", LocalDate.of(2025, 1, 2), 1)), List.of());
        }
        instances.get(0).placeHold("eve@example.org", "litigation", "grace");

        List<CleanupResult> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier together = new CyclicBarrier(2);
            for (LocalDate day = LocalDate.of(2025, 1, 15); day.isBefore(LocalDate.of(2026, 1, 15));
                 day = day.plusDays(1)) {
                clock.set(day.atTime(2, 0).toInstant(ZoneOffset.UTC));
                String deleted = deletions.get(day);
                if (deleted != null) {
                    instances.get(1).record("account-deleted", new DataSubject(deleted, List.of()));
                }
                if (day.equals(LocalDate.of(2025, 9, 1))) {
                    instances.get(1).releaseHold("eve@example.org");
                }
                List<Future<CleanupResult>> racing = new ArrayList<>();
                for (RetentionJob instance : instances) {
                    racing.add(pool.submit(() -> {
                        together.await();
                        return instance.runIfDue();
                    }));
                }
                for (Future<CleanupResult> result : racing) {
                    results.add(result.get());
                }
            }
        } finally {
            pool.shutdownNow();
        }

        RetentionStore store = retentionStoreOf(first);
        assertThat(store.runs()).extracting(CleanupRun::cycle, CleanupRun::purged).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LocalDate.of(2025, 1, 1), 0L),
                org.assertj.core.groups.Tuple.tuple(LocalDate.of(2025, 7, 1), 2L),
                org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 1, 1), 2L));
        assertThat(results).filteredOn(r -> r instanceof CleanupResult.Ran).hasSize(3);
        assertThat(erased).containsOnlyKeys("ada@example.org", "bob@example.org", "cy@example.org", "eve@example.org");
        assertThat(erased.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(store.auditTrail()).extracting(PurgeRecord::cycle, PurgeRecord::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LocalDate.of(2025, 7, 1), "purged"), // ada, 10 February
                org.assertj.core.groups.Tuple.tuple(LocalDate.of(2025, 7, 1), "held"), // eve, 5 May
                org.assertj.core.groups.Tuple.tuple(LocalDate.of(2025, 7, 1), "purged"), // bob, 30 June
                org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 1, 1), "purged"),
                org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 1, 1), "purged"));
        assertThat(store.auditTrail()).allSatisfy(line -> assertThat(line.detail()).doesNotContain("@"));
        assertThat(store.pending()).isEmpty();
        for (String email : deletions.values()) {
            assertThat(first.collectionStore().usageOf(IDS.ofEmail(email))).as(email).isEmpty();
        }
        assertThat(instances.get(0).schedule().backups()).extracting(b -> b.due()).containsExactly(
                LocalDate.of(2025, 10, 1), LocalDate.of(2026, 4, 1));
    }

    @Test
    void theLockIsHeldByOneInstanceUntilItsLeaseEnds() {
        RetentionStore a = retentionStoreOf(first);
        RetentionStore b = retentionStoreOf(second);
        Instant now = Instant.parse("2025-07-01T00:00:00Z");

        assertThat(a.tryLock("job", "a", now, now.plusSeconds(60))).isTrue();
        assertThat(b.tryLock("job", "b", now.plusSeconds(30), now.plusSeconds(90))).isFalse();
        assertThat(a.tryLock("job", "a", now.plusSeconds(30), now.plusSeconds(90))).isTrue();
        assertThat(b.tryLock("job", "b", now.plusSeconds(90), now.plusSeconds(150))).isTrue();
        b.unlock("job", "a");
        assertThat(a.tryLock("job", "a", now.plusSeconds(100), now.plusSeconds(160))).isFalse();
        b.unlock("job", "b");
        assertThat(a.tryLock("job", "a", now.plusSeconds(100), now.plusSeconds(160))).isTrue();
    }
}
