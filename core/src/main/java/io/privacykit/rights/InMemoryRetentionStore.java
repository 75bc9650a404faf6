package io.privacykit.rights;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A {@link RetentionStore} in memory, for tests: lost on exit. */
public final class InMemoryRetentionStore implements RetentionStore {

    private final Map<String, RetentionEvent> events = new LinkedHashMap<>();
    private final Set<String> purged = new HashSet<>();
    private final List<PurgeRecord> audit = new ArrayList<>();
    private final Map<String, LegalHold> holds = new LinkedHashMap<>();
    private final Map<String, Object[]> locks = new TreeMap<>();
    private final List<CleanupRun> runs = new ArrayList<>();

    /** An empty store. */
    public InMemoryRetentionStore() {
    }

    @Override
    public synchronized void record(RetentionEvent event) {
        events.put(event.id(), event);
    }

    @Override
    public synchronized List<RetentionEvent> pending() {
        return events.values().stream().filter(e -> !purged.contains(e.id()))
                .sorted(Comparator.comparing(RetentionEvent::occurredAt)).toList();
    }

    @Override
    public synchronized boolean markPurged(String eventId, PurgeRecord line) {
        if (!events.containsKey(eventId) || !purged.add(eventId)) {
            return false;
        }
        audit.add(line);
        return true;
    }

    @Override
    public synchronized void audit(PurgeRecord line) {
        audit.add(line);
    }

    @Override
    public synchronized List<PurgeRecord> auditTrail() {
        return List.copyOf(audit);
    }

    @Override
    public synchronized void placeHold(LegalHold hold) {
        holds.put(hold.email(), hold);
    }

    @Override
    public synchronized boolean releaseHold(String email) {
        return holds.remove(email) != null;
    }

    @Override
    public synchronized List<LegalHold> holds() {
        return List.copyOf(holds.values());
    }

    @Override
    public synchronized boolean tryLock(String name, String holder, Instant now, Instant until) {
        Object[] lock = locks.get(name);
        if (lock != null && !lock[0].equals(holder) && ((Instant) lock[1]).isAfter(now)) {
            return false;
        }
        locks.put(name, new Object[] {holder, until});
        return true;
    }

    @Override
    public synchronized void unlock(String name, String holder) {
        Object[] lock = locks.get(name);
        if (lock != null && lock[0].equals(holder)) {
            locks.remove(name);
        }
    }

    @Override
    public synchronized boolean complete(CleanupRun run) {
        if (runs.stream().anyMatch(r -> r.cycle().equals(run.cycle()))) {
            return false;
        }
        runs.add(run);
        return true;
    }

    @Override
    public synchronized List<CleanupRun> runs() {
        return runs.stream().sorted(Comparator.comparing(CleanupRun::cycle)).toList();
    }
}
