package io.privacykit.rights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.privacykit.collection.CollectionFixtures.MutableClock;
import java.time.Instant;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** "Deleted accounts leave the active database at the next six-monthly cleanup, the backups three months later." */
class RetentionJobTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-15T03:00:00Z"));
    private final InMemoryRetentionStore store = new InMemoryRetentionStore();
    private final AppData app = new AppData()
            .with("ada@example.org", Map.of("name", "Ada"))
            .with("bob@example.org", Map.of("name", "Bob"))
            .with("eve@example.org", Map.of("name", "Eve"));
    private final List<String> steps = new ArrayList<>();
    private final RetentionSettings settings = new RetentionSettings(Period.ofMonths(6), Period.ofMonths(3), List.of(
            new RetentionRule("account", "account-deleted", Optional.empty())));

    private RetentionJob job(String instance) {
        return RetentionJob.builder().store(store).settings(settings).provider(app).clock(clock).instance(instance)
                .erasure(SubjectErasure.of("collection-records", s -> {
                    steps.add(s.email());
                    return ErasureResult.removed(1);
                })).build();
    }

    private static DataSubject subject(String email) {
        return new DataSubject(email, List.of("user-" + email));
    }

    @Test
    void cleanupsFallOnFixedDatesFromTheFirstOfJanuary() {
        RetentionJob job = job("a");

        assertThat(job.cycleOf(LocalDate.of(2025, 6, 30))).isEqualTo(LocalDate.of(2025, 1, 1));
        assertThat(job.cycleOf(LocalDate.of(2025, 7, 1))).isEqualTo(LocalDate.of(2025, 7, 1));
        assertThat(job.nextCleanup(LocalDate.of(2025, 12, 31))).isEqualTo(LocalDate.of(2026, 1, 1));
    }

    @Test
    void aDeletedAccountGoesAtTheNextCleanupAndItsBackupsThreeMonthsLater() {
        RetentionJob a = job("a");
        RetentionJob b = job("b");
        a.record("account-deleted", subject("ada@example.org"));

        List<CleanupResult> results = new ArrayList<>();
        for (LocalDate day = LocalDate.of(2025, 1, 15); day.isBefore(LocalDate.of(2026, 1, 15)); day = day.plusDays(1)) {
            clock.set(Instant.parse(day + "T03:00:00Z"));
            results.add(a.runIfDue());
            results.add(b.runIfDue());
            if (day.equals(LocalDate.of(2025, 3, 1))) {
                a.record("account-deleted", subject("bob@example.org"));
            }
        }

        assertThat(results).filteredOn(r -> r instanceof CleanupResult.Ran).containsExactly(
                new CleanupResult.Ran(LocalDate.of(2025, 1, 1), 0, 0),
                new CleanupResult.Ran(LocalDate.of(2025, 7, 1), 2, 0),
                new CleanupResult.Ran(LocalDate.of(2026, 1, 1), 0, 0));
        assertThat(app.calls).containsExactly("erase ada@example.org", "erase bob@example.org");
        assertThat(steps).containsExactly("ada@example.org", "bob@example.org");
        assertThat(store.auditTrail()).extracting(PurgeRecord::outcome).containsExactly("purged", "purged");
        assertThat(a.schedule().backups()).containsExactly(
                new BackupPurge(LocalDate.of(2025, 7, 1), LocalDate.of(2025, 10, 1), 2));
        assertThat(a.backupPurgesDueBy(LocalDate.of(2025, 9, 30))).isEmpty();
        assertThat(a.schedule().next()).isEqualTo(LocalDate.of(2026, 7, 1));
    }

    @Test
    void aLegalHoldStopsThePurgeUntilItIsLifted() {
        RetentionJob job = job("a");
        job.record("account-deleted", subject("eve@example.org"));
        job.placeHold("EVE@example.org", "litigation 2025-17", "grace");

        clock.set(Instant.parse("2025-07-01T03:00:00Z"));
        assertThat(job.runIfDue()).isEqualTo(new CleanupResult.Ran(LocalDate.of(2025, 7, 1), 0, 1));
        assertThat(app.accounts).containsKey("eve@example.org");

        job.releaseHold("eve@example.org");
        clock.set(Instant.parse("2026-01-01T03:00:00Z"));
        assertThat(job.runIfDue()).isEqualTo(new CleanupResult.Ran(LocalDate.of(2026, 1, 1), 1, 0));
        assertThat(app.accounts).doesNotContainKey("eve@example.org");
        assertThat(store.auditTrail()).extracting(PurgeRecord::outcome).containsExactly("held", "purged");
    }

    @Test
    void anInstanceHoldingTheLockKeepsOthersOutUntilItsLeaseEnds() {
        clock.set(Instant.parse("2025-06-20T03:00:00Z"));
        job("a").record("account-deleted", subject("ada@example.org"));
        clock.set(Instant.parse("2025-07-02T03:00:00Z"));
        store.tryLock(RetentionJob.LOCK, "crashed", clock.instant(), clock.instant().plus(Duration.ofHours(1)));

        assertThat(job("b").runIfDue()).isInstanceOf(CleanupResult.Busy.class);
        clock.advance(Duration.ofHours(2));
        assertThat(job("b").runIfDue()).isEqualTo(new CleanupResult.Ran(LocalDate.of(2025, 7, 1), 1, 0));
    }

    @Test
    void anEventNoRuleNamesIsRefused() {
        assertThatThrownBy(() -> job("a").record("order-shipped", subject("ada@example.org")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("order-shipped");
    }
}
