package io.privacykit.collection;

import io.privacykit.internal.Providers;
import io.privacykit.policy.Policy;
import io.privacykit.store.PrivacyStore;
import io.privacykit.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the app reports the personal information it collects, discloses, sells and shares. Each
 * record is checked against the {@link DeclaredPolicy} on the calling thread; in {@code strict}
 * mode a violation throws {@link PolicyViolationException} and nothing is stored, in {@code report}
 * mode the record and its violation are stored alike.
 *
 * <p>Recording is cheap: the check and a hand-over to a bounded queue. One writer thread adds
 * the records up per subject, use and day and writes the counts in batches. When the queue is
 * full the caller blocks until the writer catches up: a record that returned has been accepted
 * and is never dropped. {@link #flush()} waits until everything recorded before it is committed;
 * {@link #close()} commits everything recorded and stops the writer. Thread-safe.
 */
public final class CollectionRecorder implements AutoCloseable {

    /** The most records the writer takes from the queue at once. */
    static final int MAX_BATCH = 8_192;
    /**
     * How long the writer adds records up before committing them, at least (a flush or close
     * commits at once). Under load it waits up to four times its last commit's duration, at most
     * {@link #MAX_LINGER}, so that the database is busy a fifth of the time at most.
     */
    static final Duration LINGER = Duration.ofMillis(100);
    /** The longest the writer adds records up before committing them. */
    static final Duration MAX_LINGER = Duration.ofSeconds(1);
    /** The most distinct keys the writer adds up before committing. */
    static final int MAX_KEYS = 20_000;
    /** How long {@link #close()} keeps retrying a failing store before giving up. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(CollectionRecorder.class);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*");
    private static final int NAME_LIMIT = 64;
    private static final int NAMES_REMEMBERED = 1_024;

    private final DeclaredPolicy policy;
    private final CollectionStore store;
    private final Clock clock;
    private final SubjectIds subjects;
    private final PolicyChecker checker;
    private final BlockingQueue<Object> queue;
    private final Map<String, Name> categories = new ConcurrentHashMap<>();
    private final Map<String, Name> purposes = new ConcurrentHashMap<>();
    private final Thread writer;
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong committed = new AtomicLong();
    private volatile boolean closed;
    private volatile RuntimeException writerFailure;
    private long lastCommitNanos;

    private CollectionRecorder(DeclaredPolicy policy, CollectionStore store, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.subjects = new SubjectIds(policy.settings().subjectKey());
        this.checker = new PolicyChecker(policy);
        this.queue = new ArrayBlockingQueue<>(policy.settings().queueSize());
        this.writer = new Thread(this::writeLoop, "privacykit-collection-writer");
        this.writer.setDaemon(true);
    }

    /** Starts a recorder that writes to {@code store}, with its writer thread. Close it when done. */
    public static CollectionRecorder start(DeclaredPolicy policy, CollectionStore store, Clock clock) {
        CollectionRecorder recorder = new CollectionRecorder(policy, store, clock);
        recorder.writer.start();
        return recorder;
    }

    /**
     * Starts a recorder for {@code policy} whose counts live beside {@code store}, in its database
     * (the collection store is found with {@link java.util.ServiceLoader}).
     *
     * @throws IllegalStateException when no jar on the classpath provides a collection store for {@code store}
     */
    public static CollectionRecorder start(Policy policy, PrivacyStore store, Clock clock) {
        Optional<CollectionStore> collectionStore = Providers.first(CollectionStoreProvider.class)
                .flatMap(provider -> provider.beside(store));
        return start(policy.collection(), collectionStore.orElseThrow(() -> new IllegalStateException(
                "No collection store for " + store + ": add the dependency io.privacykit:privacykit-jdbc")), clock);
    }

    /** The declared policy records are checked against. */
    public DeclaredPolicy policy() {
        return policy;
    }

    /** Makes the pseudonymous ids of subjects, under the policy's subject key. */
    public SubjectIds subjects() {
        return subjects;
    }

    /** Records that {@code category} was collected from {@code source} for {@code purpose}. */
    public Outcome collected(SubjectId subject, String category, SourceKind source, String purpose) {
        return record(RecordKind.COLLECTED, subject, category, Objects.requireNonNull(source, "source"), null, purpose, null);
    }

    /** {@link #collected(SubjectId, String, SourceKind, String)}, also checked against the request's context. */
    public Outcome collected(SubjectId subject, String category, SourceKind source, String purpose,
                             RecordingContext context) {
        return record(RecordKind.COLLECTED, subject, category, Objects.requireNonNull(source, "source"), null, purpose,
                Objects.requireNonNull(context, "context"));
    }

    /** Records that {@code category} was disclosed to {@code recipient} for a business purpose. */
    public Outcome disclosed(SubjectId subject, String category, Recipient recipient, String purpose) {
        return record(RecordKind.DISCLOSED, subject, category, null, recipient, purpose, null);
    }

    /** {@link #disclosed(SubjectId, String, Recipient, String)} to a recipient known only by kind. */
    public Outcome disclosed(SubjectId subject, String category, RecipientKind recipient, String purpose) {
        return disclosed(subject, category, Recipient.of(recipient), purpose);
    }

    /** {@link #disclosed(SubjectId, String, Recipient, String)}, also checked against the request's context. */
    public Outcome disclosed(SubjectId subject, String category, Recipient recipient, String purpose,
                             RecordingContext context) {
        return record(RecordKind.DISCLOSED, subject, category, null, recipient, purpose,
                Objects.requireNonNull(context, "context"));
    }

    /** Records that {@code category} was sold to {@code recipient} (Cal. Civ. Code 1798.140(ad)). */
    public Outcome sold(SubjectId subject, String category, Recipient recipient, String purpose) {
        return record(RecordKind.SOLD, subject, category, null, recipient, purpose, null);
    }

    /** {@link #sold(SubjectId, String, Recipient, String)}, also checked against the request's context. */
    public Outcome sold(SubjectId subject, String category, Recipient recipient, String purpose,
                        RecordingContext context) {
        return record(RecordKind.SOLD, subject, category, null, recipient, purpose,
                Objects.requireNonNull(context, "context"));
    }

    /** Records that {@code category} was shared with {@code recipient} for cross-context behavioural advertising (1798.140(ah)). */
    public Outcome shared(SubjectId subject, String category, Recipient recipient, String purpose) {
        return record(RecordKind.SHARED, subject, category, null, recipient, purpose, null);
    }

    /** {@link #shared(SubjectId, String, Recipient, String)}, also checked against the request's context. */
    public Outcome shared(SubjectId subject, String category, Recipient recipient, String purpose,
                          RecordingContext context) {
        return record(RecordKind.SHARED, subject, category, null, recipient, purpose,
                Objects.requireNonNull(context, "context"));
    }

    private Outcome record(RecordKind kind, SubjectId subject, String categoryName, SourceKind source,
                           Recipient recipient, String purposeName, RecordingContext context) {
        Objects.requireNonNull(subject, "subject");
        if (kind != RecordKind.COLLECTED) {
            Objects.requireNonNull(recipient, "recipient");
        }
        Name category = categories.get(categoryName);
        if (category == null) {
            checkName(categoryName, "category");
            String id = policy.categoryIdOf(categoryName).orElse(categoryName);
            category = remember(categories, categoryName,
                    new Name(id, id.equals(categoryName) ? Optional.empty() : Optional.of(categoryName)));
        }
        Name purpose = purposes.get(purposeName);
        if (purpose == null) {
            checkName(purposeName, "purpose");
            purpose = remember(purposes, purposeName,
                    new Name(policy.purposeIdOf(purposeName).orElse(purposeName), Optional.empty()));
        }
        PiRecord record = new PiRecord(kind, subject, category.id(), category.fides(), purpose.id(), Optional.ofNullable(source),
                Optional.ofNullable(recipient),
                context == null ? Optional.empty() : Optional.of(context.jurisdiction().regime()), clock.instant());
        Outcome outcome = checker.check(record, context);
        if (outcome instanceof Outcome.Violation violation && policy.settings().mode() == CollectionMode.STRICT) {
            throw new PolicyViolationException(violation);
        }
        enqueue(outcome);
        return outcome;
    }

    /** Remembers a resolved name, up to {@link #NAMES_REMEMBERED} of each: names are code constants, few. */
    private static Name remember(Map<String, Name> names, String name, Name resolved) {
        if (names.size() < NAMES_REMEMBERED) {
            names.put(name, resolved);
        }
        return resolved;
    }

    /** A category or purpose name as resolved: the id, and the Fides name given for it. */
    private record Name(String id, Optional<String> fides) {
    }

    private static void checkName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.length() > NAME_LIMIT || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a " + what + " is an id or a Fides key of at most " + NAME_LIMIT
                    + " characters (lower-case letters, digits, '_' and '.'): " + name);
        }
    }

    /** Hands over to the writer; blocks while the queue is full. Uninterruptible: an accepted record is never dropped. */
    private void enqueue(Object item) {
        inFlight.incrementAndGet();
        try {
            if (closed) {
                throw new IllegalStateException("the collection recorder is closed");
            }
            boolean interrupted = false;
            while (true) {
                try {
                    queue.put(item);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * Waits until every record made before this call (on any thread that happens-before it) is
     * committed to the store. While the store fails the writer keeps retrying, and this waits.
     *
     * @throws IllegalStateException when the recorder is closed
     */
    public void flush() {
        if (!flush(Duration.ofDays(365))) {
            throw new StoreException("the collection records were not committed in time");
        }
    }

    /** {@link #flush()} for at most {@code timeout}; whether everything was committed in time. */
    public boolean flush(Duration timeout) {
        Marker marker = new Marker(false);
        enqueue(marker);
        try {
            return marker.done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** How many records have been committed to the store so far. */
    public long committedRecords() {
        return committed.get();
    }

    /**
     * Commits every record accepted so far and stops the writer. Later records throw
     * {@link IllegalStateException}. Closing twice does nothing.
     *
     * @throws StoreException when the store kept failing for {@link #CLOSE_TIMEOUT}: records were lost
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // A recorder that saw closed == false is still putting its record; the close marker goes after it.
        while (inFlight.get() != 0) {
            Thread.onSpinWait();
        }
        Marker marker = new Marker(true);
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(marker);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        try {
            if (!marker.done.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                writer.interrupt();
                throw new StoreException("the collection store kept failing; records accepted since the last commit"
                        + " were not stored", writerFailure);
            }
            // The writer counted down on its way out; a container checking for leaks right after
            // undeployment must not find it still leaving.
            writer.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /*
     * Takes records as they come and adds them up for LINGER to MAX_LINGER (or until MAX_KEYS distinct
     * keys, or a flush or close request), then commits the counts in one transaction: the database
     * work grows with the distinct (subject, use, day) keys per interval, not with the records.
     */
    private void writeLoop() {
        Aggregate aggregate = new Aggregate();
        List<Object> batch = new ArrayList<>(MAX_BATCH);
        List<Marker> markers = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
                long linger = Math.min(MAX_LINGER.toNanos(), Math.max(LINGER.toNanos(), 4 * lastCommitNanos));
                long deadline = System.nanoTime() + linger;
                while (true) {
                    for (Object item : batch) {
                        if (item instanceof Outcome outcome) {
                            addUp(aggregate, outcome);
                        } else {
                            Marker marker = (Marker) item;
                            markers.add(marker);
                            stop |= marker.close;
                        }
                    }
                    batch.clear();
                    long left = deadline - System.nanoTime();
                    if (!markers.isEmpty() || aggregate.keys() >= MAX_KEYS || left <= 0) {
                        break;
                    }
                    if (queue.drainTo(batch, MAX_BATCH) == 0) {
                        Object next = queue.poll(left, TimeUnit.NANOSECONDS);
                        if (next == null) {
                            break;
                        }
                        batch.add(next);
                    }
                }
            } catch (InterruptedException e) {
                if (closed && aggregate.isEmpty()) {
                    return;
                }
            }
            long commitStart = System.nanoTime();
            if (!commit(aggregate)) {
                return; // interrupted by close() after CLOSE_TIMEOUT
            }
            lastCommitNanos = System.nanoTime() - commitStart;
            markers.forEach(m -> m.done.countDown());
            markers.clear();
        }
    }

    /** Adds a record up; a record that cannot be (a bug) is logged and skipped, so that the writer never dies. */
    private static void addUp(Aggregate aggregate, Outcome outcome) {
        try {
            aggregate.add(outcome);
        } catch (RuntimeException e) {
            LOG.error("PrivacyKit could not count a collection record: {}", outcome.record(), e);
        }
    }

    /** Writes the aggregate, retrying with back-off while the store fails; false when interrupted. */
    private boolean commit(Aggregate aggregate) {
        if (aggregate.isEmpty()) {
            return true;
        }
        long backoff = 50;
        for (int attempt = 1; ; attempt++) {
            try {
                store.add(aggregate.usage(), aggregate.divergences());
                committed.addAndGet(aggregate.records());
                aggregate.clear();
                if (attempt > 1) {
                    LOG.info("PrivacyKit collection store recovered after {} attempts", attempt);
                }
                writerFailure = null;
                return true;
            } catch (RuntimeException e) {
                writerFailure = e;
                if (attempt == 1) {
                    LOG.warn("PrivacyKit cannot write collection records ({}); retrying, callers block when the"
                            + " queue is full", e.getMessage());
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return false;
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    /** A flush or close request travelling through the queue behind the records before it. */
    private static final class Marker {
        final boolean close;
        final CountDownLatch done = new CountDownLatch(1);

        Marker(boolean close) {
            this.close = close;
        }
    }
}
