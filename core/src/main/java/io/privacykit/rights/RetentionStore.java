package io.privacykit.rights;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Where retention events, legal holds, the purge audit trail, completed cleanups and the job lock
 * are kept, shared by every app instance. {@link InMemoryRetentionStore} is for tests;
 * {@code io.privacykit:privacykit-jdbc} keeps them in the PrivacyKit database.
 */
public interface RetentionStore {

    /** Records an event. */
    void record(RetentionEvent event);

    /** The events whose records were not purged yet, oldest first. */
    List<RetentionEvent> pending();

    /**
     * Marks an event purged and writes its audit line, atomically; the event's subject is forgotten.
     *
     * @return false, writing nothing, when it was purged already
     */
    boolean markPurged(String eventId, PurgeRecord audit);

    /** Writes an audit line that purges nothing (a hold). */
    void audit(PurgeRecord audit);

    /** The whole audit trail, oldest first. */
    List<PurgeRecord> auditTrail();

    /** Places a hold on an address, replacing one already there. */
    void placeHold(LegalHold hold);

    /** Lifts the hold on an address; false when there was none. */
    boolean releaseHold(String email);

    /** The holds in force. */
    List<LegalHold> holds();

    /**
     * Takes the named lock for {@code holder} until {@code until}, if nobody else holds it past
     * {@code now}; the holder itself may extend it.
     */
    boolean tryLock(String name, String holder, Instant now, Instant until);

    /** Gives the lock up, if {@code holder} holds it. */
    void unlock(String name, String holder);

    /** Records a completed cleanup; false when that cycle was completed already. */
    boolean complete(CleanupRun run);

    /** The completed cleanups, oldest first. */
    List<CleanupRun> runs();

    /** The completed cleanup of {@code cycle}, if any. */
    default Optional<CleanupRun> run(LocalDate cycle) {
        return runs().stream().filter(r -> r.cycle().equals(cycle)).findFirst();
    }
}
