package io.privacykit.rights;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The retention cleanup: on fixed dates ({@code privacy.retention.cleanup-every} counted from
 * 1 January) it purges the records whose rule has run out, through the app's
 * {@link PersonalDataProvider#purge} and PrivacyKit's {@link SubjectErasure} steps, except for
 * subjects under a legal hold. Call {@link #runIfDue()} as often as you like from every instance:
 * one instance runs each cycle, once, under the {@code job_lock}; a cleanup cut short resumes at
 * the next call (each event is marked as it is purged, and purging again is harmless).
 */
public final class RetentionJob {

    static final String LOCK = "retention-cleanup";
    private static final Duration LEASE = Duration.ofHours(1);

    private final RetentionStore store;
    private final RetentionSettings settings;
    private final PersonalDataProvider provider;
    private final List<SubjectErasure> erasures;
    private final Clock clock;
    private final String instance;

    private RetentionJob(Builder b) {
        this.store = Objects.requireNonNull(b.store, "store");
        this.settings = b.settings;
        this.provider = b.provider;
        this.erasures = List.copyOf(b.erasures);
        this.clock = b.clock;
        this.instance = b.instance;
    }

    /** A builder; the store is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Records that {@code event} happened to {@code subject} now, for every rule of the event.
     *
     * @return the ids of the events recorded, one per rule
     * @throws IllegalArgumentException when no rule names the event
     */
    public List<String> record(String event, DataSubject subject) {
        List<String> ids = new ArrayList<>();
        Instant now = clock.instant();
        for (RetentionRule rule : settings.rules()) {
            if (rule.event().equals(event)) {
                String id = UUID.randomUUID().toString();
                store.record(new RetentionEvent(id, rule.category(), event, subject, now));
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no privacy.retention.rules entry names the event '" + event + "'");
        }
        return ids;
    }

    /** Stops purges of the subject with this address until {@link #releaseHold} (GDPR Art. 17(3)(e)). */
    public void placeHold(String email, String reason, String operator) {
        store.placeHold(new LegalHold(RightsRequest.normalizeEmail(email), reason, operator, clock.instant()));
    }

    /** Lifts a hold; the subject's records go at the next cleanup that finds them due. */
    public boolean releaseHold(String email) {
        return store.releaseHold(RightsRequest.normalizeEmail(email));
    }

    /** The legal holds in force. */
    public List<LegalHold> holds() {
        return store.holds();
    }

    /** Runs the current cycle's cleanup unless it ran already or another instance is running it. */
    public CleanupResult runIfDue() {
        LocalDate today = LocalDate.now(clock);
        LocalDate cycle = cycleOf(today);
        if (store.run(cycle).isPresent()) {
            return new CleanupResult.NotDue(nextCleanup(today));
        }
        Instant now = clock.instant();
        if (!store.tryLock(LOCK, instance, now, now.plus(LEASE))) {
            return new CleanupResult.Busy();
        }
        try {
            if (store.run(cycle).isPresent()) {
                return new CleanupResult.NotDue(nextCleanup(today));
            }
            Set<String> held = store.holds().stream().map(LegalHold::email).collect(Collectors.toSet());
            Map<String, RetentionRule> rules = settings.rules().stream()
                    .collect(Collectors.toMap(r -> r.category() + ":" + r.event(), r -> r, (a, b) -> a));
            long purged = 0;
            long holds = 0;
            for (RetentionEvent event : store.pending()) {
                Instant renewed = clock.instant();
                if (!store.tryLock(LOCK, instance, renewed, renewed.plus(LEASE))) {
                    return new CleanupResult.Busy(); // the lease ran out and another instance took over
                }
                RetentionRule rule = rules.get(event.category() + ":" + event.event());
                if (rule == null || !isDue(event, rule, cycle)) {
                    continue;
                }
                if (held.contains(RightsRequest.normalizeEmail(event.subject().email()))) {
                    store.audit(new PurgeRecord(cycle, clock.instant(), instance, event.id(), event.category(), "held",
                            "legal hold"));
                    holds++;
                    continue;
                }
                String detail = purge(event);
                if (store.markPurged(event.id(), new PurgeRecord(cycle, clock.instant(), instance, event.id(),
                        event.category(), "purged", detail))) {
                    purged++;
                }
            }
            store.complete(new CleanupRun(cycle, instance, clock.instant(), purged));
            return new CleanupResult.Ran(cycle, purged, holds);
        } finally {
            store.unlock(LOCK, instance);
        }
    }

    /** The schedule for the operator. */
    public RetentionSchedule schedule() {
        List<CleanupRun> runs = store.runs();
        List<BackupPurge> backups = runs.stream().filter(r -> r.purged() > 0)
                .map(r -> new BackupPurge(r.cycle(), r.cycle().plus(settings.backupDelay()), r.purged())).toList();
        return new RetentionSchedule(runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1)),
                nextCleanup(LocalDate.now(clock)), settings.rules(), backups, store.holds());
    }

    /** The backup purges due on or before {@code day}, for the operator. */
    public List<BackupPurge> backupPurgesDueBy(LocalDate day) {
        return schedule().backups().stream().filter(b -> !b.due().isAfter(day)).toList();
    }

    private String purge(RetentionEvent event) {
        List<String> parts = new ArrayList<>();
        ErasureResult app = provider.purge(event.subject(), event.category());
        parts.add("app: " + app.removed() + (app.kept().isEmpty() ? "" : " (kept: " + String.join("; ", app.kept()) + ")"));
        for (SubjectErasure step : erasures) {
            parts.add(step.name() + ": " + step.erase(event.subject()).removed());
        }
        return String.join(", ", parts);
    }

    /** "Removed at the next cleanup": the first cleanup date after the event (or after its period ran out). */
    private boolean isDue(RetentionEvent event, RetentionRule rule, LocalDate cycle) {
        LocalDate from = LocalDate.ofInstant(event.occurredAt(), clock.getZone());
        LocalDate end = rule.after().map(from::plus).orElse(from);
        return end.isBefore(cycle);
    }

    /** The latest cleanup date on or before {@code day}. */
    LocalDate cycleOf(LocalDate day) {
        int months = (int) settings.cleanupEvery().toTotalMonths();
        int index = (day.getMonthValue() - 1) / months;
        return LocalDate.of(day.getYear(), index * months + 1, 1);
    }

    /** The first cleanup date after {@code day}. */
    LocalDate nextCleanup(LocalDate day) {
        return cycleOf(day).plus(Period.ofMonths((int) settings.cleanupEvery().toTotalMonths()));
    }

    /** Builds a {@link RetentionJob}. */
    public static final class Builder {
        private RetentionStore store;
        private RetentionSettings settings = RetentionSettings.defaults();
        private PersonalDataProvider provider = PersonalDataProvider.NONE;
        private final List<SubjectErasure> erasures = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private String instance = UUID.randomUUID().toString();

        private Builder() {
        }

        /** Where events, holds, the audit trail and the lock are kept (required). */
        public Builder store(RetentionStore value) {
            this.store = Objects.requireNonNull(value, "store");
            return this;
        }

        /** The schedule and the rules (default: {@link RetentionSettings#defaults()}, no rules). */
        public Builder settings(RetentionSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /** The app's side, which purges the app's records. */
        public Builder provider(PersonalDataProvider value) {
            this.provider = Objects.requireNonNull(value, "provider");
            return this;
        }

        /** Adds a step over PrivacyKit's own records, run for every purged event. */
        public Builder erasure(SubjectErasure step) {
            this.erasures.add(Objects.requireNonNull(step, "step"));
            return this;
        }

        /** The clock; its zone decides the cleanup dates (default: UTC). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** This instance's name in the lock and the audit trail (default: a random id). */
        public Builder instance(String value) {
            this.instance = Objects.requireNonNull(value, "instance");
            return this;
        }

        /** The job. */
        public RetentionJob build() {
            return new RetentionJob(this);
        }
    }
}
