package io.privacykit.store.jdbc;

import io.privacykit.internal.DaemonThreads;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts an embedded H2 file while it is open, which H2 itself stops doing when it writes every
 * commit through.
 *
 * <p>With {@code WRITE_DELAY 0} (each commit written before it is acknowledged) H2 writes one
 * storage chunk per commit and has no background thread, so nothing rewrites the chunks that keep
 * a few live pages among many dead ones: the file grows by the size of a chunk per commit. Every
 * {@link #PERIOD} this syncs the file, rewrites the live pages of the emptiest chunks into a new
 * one (bounded by {@link #WRITE_LIMIT} bytes a run) and moves chunks into the holes near the start
 * of the file so that its end can be cut off: the online compaction H2's own background writer
 * does when commits are delayed. Space of a chunk nothing refers to any more is reused after H2's
 * retention time, as H2 decides; records are never rewritten by PrivacyKit, only H2's pages.
 */
final class H2Housekeeping implements AutoCloseable {

    /** How often the file is synced and looked at. */
    static final Duration PERIOD = Duration.ofSeconds(1);
    /**
     * How long H2 keeps a chunk nothing refers to before reusing its space (H2's default is 45 s,
     * for disks that flush on their own): five runs, each of which syncs the file.
     */
    static final int RETENTION_MILLIS = 5_000; // a constant, so that using it does not load H2's classes
    /** Below this share of live bytes in the file's chunks, the emptiest chunks are rewritten. */
    static final int TARGET_FILL_RATE = 80;
    /** At most this many live bytes are rewritten a run, so one run stays short. */
    static final int WRITE_LIMIT = 4 * 1024 * 1024;
    /** At most this many bytes of chunks are moved a run towards the start of the file, so its end can be cut. */
    static final long MOVE_LIMIT = 16 * 1024 * 1024;
    /** Steps of rewriting and moving in one run while nothing else is written. */
    static final int IDLE_STEPS = 8;

    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);

    private final DataSource dataSource;
    private final String description;
    private final DaemonThreads threads = new DaemonThreads("privacykit-h2-housekeeping");
    private final ScheduledExecutorService timer;
    private final AtomicBoolean warned = new AtomicBoolean();
    /** H2's version when the last run ended: unchanged at the next run means nothing was written. */
    private long versionAfterLastRun = -1;

    private H2Housekeeping(DataSource dataSource, String description) {
        this.dataSource = dataSource;
        this.description = description;
        this.timer = Executors.newSingleThreadScheduledExecutor(threads);
    }

    /**
     * Starts compacting the embedded H2 database behind {@code dataSource}; empty when it is
     * another database, an in-memory one or H2 on a server, or H2's classes are not PrivacyKit's.
     */
    static Optional<H2Housekeeping> startFor(DataSource dataSource, String description) {
        try (Connection connection = dataSource.getConnection()) {
            if (!"H2".equals(connection.getMetaData().getDatabaseProductName()) || store(connection).isEmpty()) {
                return Optional.empty();
            }
        } catch (SQLException | LinkageError | RuntimeException e) {
            LOG.debug("No H2 housekeeping for {}", description, e);
            return Optional.empty();
        }
        H2Housekeeping housekeeping = new H2Housekeeping(dataSource, description);
        housekeeping.timer.scheduleWithFixedDelay(housekeeping::run, PERIOD.toMillis(), PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
        return Optional.of(housekeeping);
    }

    /**
     * One run: forces what H2 wrote to the disk, rewrites the live pages of the emptiest chunks
     * when the chunks are less than {@link #TARGET_FILL_RATE} percent live, and moves chunks
     * towards the start of the file when less than that share of the file is in use, so that its
     * end can be cut off. Returns whether anything was rewritten or moved.
     */
    boolean compactOnce() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            MVStore store = store(connection).orElse(null);
            if (store == null || store.isClosed() || store.getFileStore() == null || store.getFileStore().isReadOnly()) {
                return false;
            }
            // H2 may overwrite a chunk RETENTION_MILLIS after nothing refers to it, assuming the disk
            // has the newer chunks by then: a sync every run makes that hold even on power loss.
            store.sync();
            // While nothing else is written, several steps a run: the file comes back in seconds.
            // While the app writes, one: a step holds H2's store lock, which its commits wait for.
            boolean idle = store.getCurrentVersion() == versionAfterLastRun;
            boolean progressed = false;
            for (int step = 0; step < (idle ? IDLE_STEPS : 1) && compactStep(store); step++) {
                progressed = true;
            }
            versionAfterLastRun = store.getCurrentVersion();
            return progressed;
        }
    }

    private static boolean compactStep(MVStore store) {
        boolean rewritten = store.compact(TARGET_FILL_RATE, WRITE_LIMIT);
        if (rewritten) {
            store.commit();
        }
        if (store.getFillRate() < TARGET_FILL_RATE && store.getFileStore() instanceof RandomAccessStore file) {
            long before = file.size();
            file.compactMoveChunks(101, MOVE_LIMIT, store);
            return rewritten || file.size() < before;
        }
        return rewritten;
    }

    private void run() {
        try {
            compactOnce();
        } catch (SQLException | RuntimeException e) {
            // The store is down or closing: the next run tries again; the app sees the outage itself.
            if (warned.compareAndSet(false, true)) {
                LOG.warn("Cannot compact the H2 file of the PrivacyKit store at {} ({}); will retry", description,
                        e.getMessage());
            } else {
                LOG.debug("Cannot compact the H2 file at {}", description, e);
            }
        }
    }

    /**
     * The storage of an embedded H2 database; H2 has no SQL statement that compacts an open file,
     * so this reaches it through H2's session (stable from H2 2.0 to 2.4).
     */
    private static Optional<MVStore> store(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)) {
            return Optional.empty();
        }
        if (!(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
            return Optional.empty(); // a TCP connection to an H2 server: the server compacts its own file
        }
        if (!session.getDatabase().isPersistent() || session.getDatabase().getStore() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(session.getDatabase().getStore().getMvStore());
    }

    @Override
    public void close() {
        // Not shutdownNow: an interrupt inside H2's file I/O would close its file channel.
        timer.shutdown();
        threads.awaitExit(Duration.ofSeconds(5));
    }
}
