package io.privacykit.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.privacykit.internal.DaemonThreads;
import io.privacykit.consent.ConsentEvent;
import io.privacykit.consent.ConsentMethod;
import io.privacykit.consent.LedgerAudit;
import io.privacykit.consent.LedgerChain;
import io.privacykit.consent.LedgerEntry;
import io.privacykit.consent.LedgerHead;
import io.privacykit.consent.LedgerKeys;
import io.privacykit.consent.LedgerSettings;
import io.privacykit.consent.LedgerVerification;
import io.privacykit.consent.SubjectLink;
import io.privacykit.geo.LocationSource;
import io.privacykit.jurisdiction.Regime;
import io.privacykit.store.PrivacyStore;
import io.privacykit.store.StoreException;
import io.privacykit.store.StoreSettings;
import io.privacykit.store.SubjectErasure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PrivacyStore} over JDBC: an H2 file for a single instance, or PostgreSQL shared by
 * several. Opening it brings the schema up to date with Flyway. Appends to the ledger serialize on
 * a row lock of the one-row {@code ledger_head} table, so concurrent writers in any number of
 * processes build one chain without gaps.
 */
public final class JdbcPrivacyStore implements PrivacyStore {

    /** The name of the connection pool, as it appears in logs and metrics. */
    public static final String POOL_NAME = "privacykit-store";
    /** How long a caller waits for a pooled connection before the store reports a failure. */
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(JdbcPrivacyStore.class);
    private static final String H2_FILE = "jdbc:h2:file:";
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
            PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
            PosixFilePermissions.fromString("rwx------");
    private static final int H2_DATABASE_IS_CLOSED = 90098;
    private static final int H2_DATABASE_CALLED_AT_SHUTDOWN = 90121;
    private static final int H2_IO_EXCEPTION = 90028;
    private static final int VERIFY_PAGE = 1_000;
    private static final int APPEND_ATTEMPTS = 5;
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String ENTRY_COLUMNS = "sequence, consent_id, occurred_at, policy_version, regime, law,"
            + " location_source, country, region, choices, method, page, ip_hash, user_agent, subject_id,"
            + " previous_hash, hash, record_format, subject_salt, subject_commitment, key_id, mac";
    private static final String LINK_COLUMNS = "link_sequence, kind, consent_id, subject_id, salt, subject_commitment,"
            + " linked_at, previous_hash, hash, key_id, mac";
    private static final TypeReference<LinkedHashMap<String, Boolean>> CHOICES = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final String description;
    private final ObjectMapper json = new ObjectMapper();
    private final LedgerSettings ledger;
    private final java.util.concurrent.locks.ReentrantLock appendLock = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.Queue<PendingAppend> appendQueue = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** The outcome of the check made on opening, or null when none was made. */
    private volatile LedgerVerification startup;
    /** The driver opening this store registered with DriverManager, deregistered on close; or null. */
    private volatile Driver registeredDriver;
    /** The head the last batch of appends left, sealed; null before the first or after an untrusted head. Under appendLock. */
    private LedgerHead lastHead;
    /** Compacts an embedded H2 file while open; null for other databases. */
    private volatile H2Housekeeping housekeeping;

    private JdbcPrivacyStore(DataSource dataSource, HikariDataSource ownedPool, String description,
                             LedgerSettings ledger) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.description = description;
        this.ledger = ledger;
    }

    /**
     * Opens a pool on the configured database and migrates its schema.
     *
     * @throws StoreException naming the URL (without password) and the cause, when the database
     *                        cannot be reached or migrated
     */
    public static JdbcPrivacyStore open(StoreSettings settings) {
        Objects.requireNonNull(settings, "settings");
        String url = redact(settings.url());
        Driver registered = registerDriver(settings.url());
        HikariDataSource pool = null;
        try {
            pool = pool(settings, POOL_NAME, settings.maxPoolSize());
            JdbcPrivacyStore store = migrated(pool, pool, url, settings.ledger(), () -> {
                // Flyway holds two connections at once, so a pool of one would wait for itself.
                HikariDataSource migration = pool(settings, POOL_NAME + "-migration", 2);
                try {
                    return Migrations.migrate(migration);
                } finally {
                    closePool(migration);
                }
            });
            restrictH2Files(settings.url());
            store.registeredDriver = registered;
            store.verifyOnStart();
            return store;
        } catch (RuntimeException e) {
            if (pool != null) {
                closePool(pool);
            }
            deregister(registered);
            throw e;
        }
    }

    /**
     * Makes sure the driver of a JDBC URL PrivacyKit knows is registered with DriverManager, where
     * Hikari looks for it first, and returns it when this registered it. In a servlet container
     * that is a driver inside the webapp: Tomcat sets DriverManager up before any webapp starts, so
     * DriverManager never loads drivers from {@code WEB-INF/lib} itself. Such a driver goes when the
     * store closes, or the container would find it still registered on undeployment, warn of a
     * memory leak and deregister it by force.
     */
    private static Driver registerDriver(String url) {
        String className = driverClassOf(url).orElse(null);
        if (className == null) {
            return null;
        }
        List<Driver> before = registeredDrivers(className);
        if (!before.isEmpty()) {
            return null;
        }
        try {
            Class<?> type = driverClass(className);
            List<Driver> registered = registeredDrivers(className); // loading it made it register itself
            if (!registered.isEmpty()) {
                return registered.get(0);
            }
            Driver driver = (Driver) type.getDeclaredConstructor().newInstance();
            DriverManager.registerDriver(driver);
            return driver;
        } catch (ReflectiveOperationException | LinkageError | SQLException | RuntimeException e) {
            // Hikari reports a missing or broken driver, with the advice of pool().
            LOG.debug("Cannot register the JDBC driver {}", className, e);
            return null;
        }
    }

    private static Class<?> driverClass(String className) throws ClassNotFoundException {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            try {
                return Class.forName(className, true, context);
            } catch (ClassNotFoundException e) {
                // then PrivacyKit's own class loader
            }
        }
        return Class.forName(className, true, JdbcPrivacyStore.class.getClassLoader());
    }

    private static List<Driver> registeredDrivers(String className) {
        return DriverManager.drivers().filter(d -> d.getClass().getName().equals(className)).toList();
    }

    private static void deregister(Driver driver) {
        if (driver == null) {
            return;
        }
        try {
            DriverManager.deregisterDriver(driver);
        } catch (SQLException | SecurityException e) {
            LOG.debug("Cannot deregister the JDBC driver {}", driver.getClass().getName(), e);
        }
    }

    private static HikariDataSource pool(StoreSettings settings, String name, int size) {
        prepareH2Directory(settings.url());
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setThreadFactory(new DaemonThreads(name));
        config.setJdbcUrl(settings.url());
        // Load the driver by name rather than through DriverManager, which on Tomcat cannot see
        // drivers inside the webapp's WEB-INF/lib.
        driverClassOf(settings.url()).ifPresent(config::setDriverClassName);
        if (!settings.user().isEmpty()) {
            config.setUsername(settings.user());
        }
        if (!settings.password().isEmpty()) {
            config.setPassword(settings.password());
        }
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        if (settings.url().startsWith("jdbc:h2:")) {
            // H2 gives up on a row lock after 1 s by default; appends wait their turn instead.
            // WRITE_DELAY 0 again on every connection: a database H2 closed and reopened (after a
            // failed write) would otherwise delay its commits again (see makeCommitsDurable).
            config.setConnectionInitSql("SET LOCK_TIMEOUT " + CONNECTION_TIMEOUT.toMillis() + "; " + H2_STORAGE);
        }
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("Cannot open the PrivacyKit store at " + redact(settings.url()) + ": "
                    + rootMessage(e) + driverAdvice(settings.url(), e), e);
        }
    }

    /**
     * Closes a pool opened by {@link #pool} and waits for its threads to leave: Hikari's close
     * returns while its connection closer may still be ending, which Tomcat, looking right after
     * undeployment, reports as a leaked thread.
     */
    private static void closePool(HikariDataSource pool) {
        pool.close();
        if (pool.getThreadFactory() instanceof DaemonThreads threads) {
            threads.awaitExit(CONNECTION_TIMEOUT);
        }
    }

    /**
     * The file an embedded H2 URL names, without H2's {@code .mv.db} suffix; empty for other
     * databases and for H2's {@code ~} (home) paths, which H2 resolves itself.
     *
     * @throws StoreException when the URL's path is no file path
     */
    private static Optional<Path> h2File(String url) {
        if (!url.startsWith(H2_FILE)) {
            return Optional.empty();
        }
        String path = url.substring(H2_FILE.length());
        int options = path.indexOf(';');
        String file = options < 0 ? path : path.substring(0, options);
        if (file.startsWith("~")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(file).toAbsolutePath());
        } catch (InvalidPathException e) {
            throw new StoreException("Cannot open the PrivacyKit store at " + redact(url) + ": not a file path ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * Creates the directory of an embedded H2 file before H2 does, owner-only, so that an unusable
     * data directory gets one clear error instead of H2's own trace on standard error.
     */
    private static void prepareH2Directory(String url) {
        Path directory = h2File(url).map(Path::getParent).orElse(null);
        if (directory == null) {
            return;
        }
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
                ownerOnly(directory, OWNER_ONLY_DIRECTORY);
            }
        } catch (IOException e) {
            throw new StoreException("Cannot open the PrivacyKit store at " + redact(url) + ": cannot create the directory "
                    + directory + " (" + e + ")", e);
        }
    }

    /**
     * Makes the embedded database's files readable by the app's user only: the ledger holds
     * hashes of visitors' networks and subject ids. Where the file system has no POSIX
     * permissions, nothing changes.
     */
    private static void restrictH2Files(String url) {
        Path file = h2File(url).orElse(null);
        if (file == null || file.getParent() == null) {
            return;
        }
        Path directory = file.getParent();
        String prefix = file.getFileName().toString() + ".";
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(f -> f.getFileName().toString().startsWith(prefix))
                    .forEach(f -> ownerOnly(f, OWNER_ONLY_FILE));
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot restrict the permissions of the H2 files in {}", directory, e);
        }
    }

    private static void ownerOnly(Path path, Set<PosixFilePermission> permissions) {
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (UnsupportedOperationException | IOException e) {
            LOG.debug("Cannot restrict the permissions of {}", path, e);
        }
    }

    /** The driver class for a JDBC URL PrivacyKit knows; empty for others, which DriverManager resolves. */
    static Optional<String> driverClassOf(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return Optional.of("org.h2.Driver");
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return Optional.of("org.postgresql.Driver");
        }
        return Optional.empty();
    }

    private static String driverAdvice(String url, Throwable e) {
        String message = String.valueOf(rootMessage(e));
        if (url.startsWith("jdbc:postgresql:") && (message.contains("org.postgresql.Driver")
                || message.contains("Failed to load driver class"))) {
            return " (add the dependency org.postgresql:postgresql)";
        }
        return "";
    }

    /**
     * Uses a data source the app manages (and closes) itself, after migrating its schema. The
     * schema history is kept in {@code privacykit_schema_history}, apart from the app's own.
     *
     * @throws StoreException when the database cannot be reached or migrated
     */
    public static JdbcPrivacyStore open(DataSource dataSource) {
        return open(dataSource, LedgerSettings.UNKEYED);
    }

    /**
     * Uses a data source the app manages (and closes) itself, after migrating its schema, with
     * the ledger sealed and checked as {@code ledger} says.
     *
     * @throws StoreException when the database cannot be reached or migrated
     */
    public static JdbcPrivacyStore open(DataSource dataSource, LedgerSettings ledger) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(ledger, "ledger");
        JdbcPrivacyStore store = migrated(dataSource, null, "the given data source", ledger,
                () -> Migrations.migrate(dataSource));
        store.verifyOnStart();
        return store;
    }

    private static JdbcPrivacyStore migrated(DataSource dataSource, HikariDataSource pool, String description,
                                             LedgerSettings ledger, Supplier<String> migration) {
        try {
            String version = migration.get();
            makeCommitsDurable(dataSource, description);
            LOG.info("PrivacyKit store at {} ready, schema version {}", description, version);
        } catch (RuntimeException e) {
            throw new StoreException("Cannot migrate the PrivacyKit store at " + description + ": "
                    + rootMessage(e), e);
        }
        JdbcPrivacyStore store = new JdbcPrivacyStore(dataSource, pool, description, ledger);
        if (!ledger.keys().isKeyed()) {
            LOG.warn("The PrivacyKit consent ledger at {} has no key (privacy.ledger.keys): anyone with database"
                    + " access can rewrite it unnoticed", description);
        }
        store.adoptUnsealed();
        store.housekeeping = housekeepingFor(dataSource, description);
        return store;
    }

    private static H2Housekeeping housekeepingFor(DataSource dataSource, String description) {
        try {
            return H2Housekeeping.startFor(dataSource, description).orElse(null);
        } catch (LinkageError e) {
            LOG.debug("No H2 housekeeping for {}: H2 is not on PrivacyKit's class path", description, e);
            return null;
        }
    }

    /**
     * H2 writes committed transactions to its file up to half a second later by default, so a
     * crash loses changes already acknowledged to visitors. The store must not (GDPR Art. 7(1)):
     * write each commit through. A persistent database setting; needs H2's admin right. H2 then
     * writes a chunk per commit and no longer compacts its file itself, so {@link H2Housekeeping}
     * does, with a shorter retention time made safe by its syncs (see docs/reliability.md).
     */
    private static final String H2_STORAGE = "SET WRITE_DELAY 0; SET RETENTION_TIME " + H2Housekeeping.RETENTION_MILLIS;

    private static void makeCommitsDurable(DataSource dataSource, String description) {
        try (Connection connection = dataSource.getConnection()) {
            if (!"H2".equals(connection.getMetaData().getDatabaseProductName())) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute(H2_STORAGE);
            }
        } catch (SQLException e) {
            LOG.warn("Cannot make H2 write each commit through at {} ({}): consent changes acknowledged"
                    + " just before a crash may be lost", description, e.getMessage());
        }
    }

    @Override
    public LedgerEntry appendConsent(ConsentEvent event) {
        Objects.requireNonNull(event, "event");
        PendingAppend pending = new PendingAppend(event, writeChoices(event.choices()));
        appendQueue.add(pending);
        // Group commit: whoever holds the lock appends everything waiting, in one transaction and
        // one durable write; the others find their record done when they get the lock. Nothing is
        // acknowledged before its transaction committed, and a failed batch fails every append in it.
        appendLock.lock();
        try {
            if (!pending.done) {
                List<PendingAppend> batch = new ArrayList<>();
                for (PendingAppend next; batch.size() < MAX_BATCH && (next = appendQueue.poll()) != null; ) {
                    batch.add(next);
                }
                try {
                    List<LedgerEntry> entries = writing("Cannot append to the consent ledger",
                            connection -> appendAll(connection, batch));
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).complete(entries.get(i), null);
                    }
                } catch (RuntimeException e) {
                    batch.forEach(p -> p.complete(null, e));
                }
            }
        } finally {
            appendLock.unlock();
        }
        if (pending.failure != null) {
            throw pending.failure instanceof StoreException store ? new StoreException(store.getMessage(), store)
                    : new StoreException("Cannot append to the consent ledger: " + pending.failure.getMessage(),
                            pending.failure);
        }
        return pending.entry;
    }

    /** At most this many appends share one transaction. */
    private static final int MAX_BATCH = 256;

    /** An append waiting for its group commit; read under {@link #appendLock}. */
    private static final class PendingAppend {
        final ConsentEvent event;
        final String choices;
        boolean done;
        LedgerEntry entry;
        RuntimeException failure;

        PendingAppend(ConsentEvent event, String choices) {
            this.event = event;
            this.choices = choices;
        }

        void complete(LedgerEntry entry, RuntimeException failure) {
            this.entry = entry;
            this.failure = failure;
            this.done = true;
        }
    }

    /**
     * Appends a batch in the transaction of {@code connection}: the head is locked, checked and
     * moved once, and the records go in as one JDBC batch.
     *
     * <p>The head this store wrote last is kept: a batch first moves the head on from it with an
     * update guarded by all of its chained fields, which locks the row like a {@code SELECT ...
     * FOR UPDATE} and saves reading and checking it. When the guard does not match (another
     * instance, a subject link or an erasure moved the head, the last commit failed, or someone
     * changed the row, its seal included), nothing was written and the batch reads, locks and
     * checks the head as usual.
     */
    private List<LedgerEntry> appendAll(Connection connection, List<PendingAppend> batch) throws SQLException {
        LedgerHead known = lastHead;
        if (known != null) {
            Chained chained = chain(known, batch);
            if (moveHeadFrom(connection, known, chained.head())) {
                insertAll(connection, batch, chained.entries());
                lastHead = chained.head();
                return chained.entries();
            }
        }
        // The row lock on the head serializes appends across threads and instances (READ
        // COMMITTED: a waiting writer then reads the head its predecessor committed).
        LedgerHead head = lockedHead(connection);
        boolean trusted = trustworthy(connection, head);
        Chained chained = chain(head, batch);
        insertAll(connection, batch, chained.entries());
        moveHead(connection, trusted, chained.head().sequence(), chained.head().hash(), head.linkSequence(),
                head.linkHash());
        // An untrusted head is never cached: every batch then checks it again and keeps reporting it.
        lastHead = trusted ? chained.head() : null;
        return chained.entries();
    }

    /** Records chained onto a head, and the sealed head after them. */
    private record Chained(List<LedgerEntry> entries, LedgerHead head) {
    }

    private Chained chain(LedgerHead from, List<PendingAppend> batch) {
        List<LedgerEntry> entries = new ArrayList<>(batch.size());
        long sequence = from.sequence();
        String hash = from.hash();
        for (PendingAppend pending : batch) {
            LedgerEntry entry = LedgerChain.link(sequence, hash, pending.event, ledger.keys());
            entries.add(entry);
            sequence = entry.sequence();
            hash = entry.hash();
        }
        return new Chained(entries, LedgerChain.head(sequence, hash, from.linkSequence(), from.linkHash(),
                ledger.keys()));
    }

    private static void insertAll(Connection connection, List<PendingAppend> batch, List<LedgerEntry> entries)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO consent_ledger (" + ENTRY_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < batch.size(); i++) {
                bindEntry(insert, entries.get(i), batch.get(i).event, batch.get(i).choices);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Moves the head from {@code known} to {@code next} if it is still {@code known}; whether it was. */
    private static boolean moveHeadFrom(Connection connection, LedgerHead known, LedgerHead next) throws SQLException {
        try (PreparedStatement move = connection.prepareStatement("UPDATE ledger_head SET last_sequence = ?,"
                + " last_hash = ?, link_sequence = ?, link_hash = ?, key_id = ?, mac = ? WHERE id = 1"
                + " AND last_sequence = ? AND last_hash = ? AND link_sequence = ? AND link_hash = ?"
                + " AND key_id IS NOT DISTINCT FROM ? AND mac IS NOT DISTINCT FROM ?")) {
            move.setLong(1, next.sequence());
            move.setString(2, next.hash());
            move.setLong(3, next.linkSequence());
            move.setString(4, next.linkHash());
            move.setString(5, next.keyId());
            move.setString(6, next.mac());
            move.setLong(7, known.sequence());
            move.setString(8, known.hash());
            move.setLong(9, known.linkSequence());
            move.setString(10, known.linkHash());
            move.setString(11, known.keyId());
            move.setString(12, known.mac());
            return move.executeUpdate() == 1;
        }
    }

    /**
     * Runs {@code work} in one transaction, again after a transient failure, and again on a fresh
     * connection when the first found its database gone (nothing was committed on it then).
     */
    private <T> T writing(String what, ConnectionWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                return inTransaction(connection, () -> work.run(connection));
            } catch (SQLException e) {
                if (attempt < APPEND_ATTEMPTS && isTransient(e)) {
                    LOG.debug("Retrying a ledger write after a transient failure", e);
                    continue;
                }
                if (attempt < APPEND_ATTEMPTS && isDatabaseLost(e) && evictConnections()) {
                    // Nothing was committed on a connection to a database that is gone: write
                    // again on a fresh connection, which reopens an embedded H2 database.
                    LOG.warn("The PrivacyKit store at {} lost its database ({}); reconnecting", description, e.getMessage());
                    continue;
                }
                throw failure(what, e);
            }
        }
    }

    private static void bindEntry(PreparedStatement insert, LedgerEntry entry, ConsentEvent event, String choices)
            throws SQLException {
        LedgerEntry.Seal seal = entry.seal();
        int i = 0;
        insert.setLong(++i, entry.sequence());
        insert.setString(++i, event.consentId());
        insert.setObject(++i, OffsetDateTime.ofInstant(event.at(), ZoneOffset.UTC));
        insert.setString(++i, event.policyVersion());
        insert.setString(++i, event.regime().name());
        insert.setString(++i, event.law());
        insert.setString(++i, event.locationSource().name());
        insert.setString(++i, event.country());
        insert.setString(++i, event.region());
        insert.setString(++i, choices);
        insert.setString(++i, event.method().name());
        insert.setString(++i, event.page());
        insert.setString(++i, event.ipHash());
        insert.setString(++i, event.userAgent());
        insert.setString(++i, event.subjectId());
        insert.setString(++i, entry.previousHash());
        insert.setString(++i, entry.hash());
        insert.setInt(++i, seal.format());
        insert.setString(++i, seal.subjectSalt());
        insert.setString(++i, seal.subjectCommitment());
        insert.setString(++i, seal.keyId());
        insert.setString(++i, seal.mac());
    }

    /** The head, locked for this transaction. */
    private static LedgerHead lockedHead(Connection connection) throws SQLException {
        return readHead(connection, " FOR UPDATE").orElseThrow(() -> new SQLException("the ledger_head row is missing"));
    }

    /**
     * Moves the head and seals it, unless the head found was not authentic: re-sealing it would
     * launder a cut tail, so the head is then left unsealed and every check keeps reporting it.
     */
    private void moveHead(Connection connection, boolean trusted, long sequence, String hash, long linkSequence,
                          String linkHash) throws SQLException {
        LedgerKeys keys = trusted ? ledger.keys() : LedgerKeys.NONE;
        LedgerHead head = LedgerChain.head(sequence, hash, linkSequence, linkHash, keys);
        try (PreparedStatement move = connection.prepareStatement("UPDATE ledger_head SET last_sequence = ?,"
                + " last_hash = ?, link_sequence = ?, link_hash = ?, key_id = ?, mac = ? WHERE id = 1")) {
            move.setLong(1, head.sequence());
            move.setString(2, head.hash());
            move.setLong(3, head.linkSequence());
            move.setString(4, head.linkHash());
            move.setString(5, head.keyId());
            move.setString(6, head.mac());
            move.executeUpdate();
        }
    }

    /**
     * Whether a head may be extended and sealed anew: its MAC checks out, or nothing was ever
     * sealed. Asked before the transaction writes anything.
     */
    private boolean trustworthy(Connection connection, LedgerHead head) throws SQLException {
        if (!ledger.keys().isKeyed()) {
            return true;
        }
        LedgerAudit audit = new LedgerAudit(ledger.keys(), head, Set.of());
        audit.startRecordsAfter(head.sequence(), head.hash());
        audit.startLinksAfter(head.linkSequence(), head.linkHash());
        boolean authentic = head.mac() != null ? audit.finish().isIntact() : !anySealed(connection);
        if (!authentic) {
            LOG.error("The PrivacyKit ledger head at {} is not authentic (moved or altered without the ledger key);"
                    + " appending without sealing it, so that every check reports it", description);
        }
        return authentic;
    }

    private static boolean anySealed(Connection connection) throws SQLException {
        for (String table : List.of("consent_ledger", "subject_link")) {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT 1 FROM " + table + " WHERE mac IS NOT NULL LIMIT 1");
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public List<LedgerEntry> consentHistory(String consentId) {
        Objects.requireNonNull(consentId, "consentId");
        return query("Cannot read the consent history", "SELECT " + ENTRY_COLUMNS
                + " FROM consent_ledger WHERE consent_id = ? ORDER BY sequence", ps -> ps.setString(1, consentId));
    }

    @Override
    public List<LedgerEntry> ledger(long afterSequence, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return query("Cannot read the consent ledger", "SELECT " + ENTRY_COLUMNS
                + " FROM consent_ledger WHERE sequence > ? ORDER BY sequence LIMIT ?", ps -> {
                    ps.setLong(1, afterSequence);
                    ps.setInt(2, limit);
                });
    }

    @Override
    public long lastLedgerSequence() {
        return reading("Cannot read the consent ledger's head", () -> {
            try (Connection connection = dataSource.getConnection()) {
                return readHead(connection, "").map(LedgerHead::sequence)
                        .orElseThrow(() -> new SQLException("the ledger_head row is missing"));
            }
        });
    }

    private List<LedgerEntry> query(String what, String sql, Parameters parameters) {
        try {
            return reading(what, () -> {
                try (Connection connection = dataSource.getConnection();
                     PreparedStatement ps = connection.prepareStatement(sql)) {
                    parameters.set(ps);
                    List<LedgerEntry> entries = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            entries.add(readEntry(rs));
                        }
                    }
                    return entries;
                }
            });
        } catch (UnreadableRecord e) {
            throw new StoreException(what + ": " + e.getMessage(), e.getCause());
        }
    }

    @Override
    public LedgerVerification verifyLedger() {
        return verifyLedger(VERIFY_PAGE);
    }

    @Override
    public LedgerVerification verifyLedgerTail(long records) {
        if (records < 1) {
            throw new IllegalArgumentException("records must be positive: " + records);
        }
        return verifyLedger(VERIFY_PAGE, records);
    }

    /** Verifies reading {@code pageSize} records at a time (small pages let tests cross pages). */
    LedgerVerification verifyLedger(int pageSize) {
        return verifyLedger(pageSize, 0);
    }

    private LedgerVerification verifyLedger(int pageSize, long tail) {
        try (Connection connection = dataSource.getConnection()) {
            return verify(connection, pageSize, tail);
        } catch (SQLException e) {
            throw failure("Cannot verify the consent ledger", e);
        }
    }

    @Override
    public Optional<LedgerVerification> startupVerification() {
        return Optional.ofNullable(startup);
    }

    /*
     * Needs no snapshot across statements (H2 gives none that spans tables): an append commits its
     * record or link and the head together, so every item read before the head is covered by it (or
     * by the head read again, when H2 showed a committing append's records first), and every item up
     * to the head read is there to be read after it. Items appended meanwhile are not
     * checked. tail 0 checks everything.
     */
    /** How often, and how far apart, a check reads a head again that lags the records it saw (about 50 ms in all). */
    private static final int HEAD_RETRIES = 50;
    private static final Duration HEAD_RETRY_PAUSE = Duration.ofMillis(1);

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private LedgerVerification verify(Connection connection, int pageSize, long tail) throws SQLException {
        long lastRecord = maximum(connection, "SELECT MAX(sequence) FROM consent_ledger");
        long lastLink = maximum(connection, "SELECT MAX(link_sequence) FROM subject_link");
        Optional<LedgerHead> stored = readHead(connection, "");
        if (stored.isEmpty()) {
            return new LedgerVerification.Broken(1, "the ledger head is missing");
        }
        LedgerHead head = stored.get();
        // H2's snapshots are per table: an append committing between the reads can show its records
        // before its head, for as long as its commit takes. Read the head again until it covers what
        // was seen; only a head that still lags after that is a cut tail.
        for (int retry = 0; retry < HEAD_RETRIES && (lastRecord > head.sequence() || lastLink > head.linkSequence());
             retry++) {
            if (retry > 0) {
                pause(HEAD_RETRY_PAUSE);
            }
            head = readHead(connection, "").orElse(head);
        }
        try {
            Set<String> erased = new HashSet<>();
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + LINK_COLUMNS
                    + " FROM subject_link WHERE kind = 'ERASURE' ORDER BY link_sequence");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    SubjectLink erasure = readLink(rs);
                    Optional<LedgerVerification.Broken> broken = LedgerAudit.erasure(erasure, ledger.keys());
                    if (broken.isPresent()) {
                        return broken.get();
                    }
                    erased.add(erasure.commitment());
                }
            }
            LedgerAudit audit = new LedgerAudit(ledger.keys(), head, erased);
            long recordsAfter = tail == 0 ? 0 : Math.max(0, head.sequence() - tail);
            long linksAfter = tail == 0 ? 0 : Math.max(0, head.linkSequence() - tail);
            if (recordsAfter > 0) {
                Optional<String> hash = oneString(connection, "SELECT hash FROM consent_ledger WHERE sequence = ?",
                        recordsAfter);
                if (hash.isEmpty()) {
                    return new LedgerVerification.Broken(recordsAfter, "record " + recordsAfter + " is missing");
                }
                audit.startRecordsAfter(recordsAfter, hash.get());
            }
            if (linksAfter > 0) {
                Optional<String> hash = oneString(connection,
                        "SELECT hash FROM subject_link WHERE link_sequence = ?", linksAfter);
                if (hash.isEmpty()) {
                    return new LedgerVerification.Broken(LedgerVerification.Part.SUBJECT_LINKS, linksAfter,
                            "subject link " + linksAfter + " is missing");
                }
                audit.startLinksAfter(linksAfter, hash.get());
            }
            Iterator<LedgerEntry> records = new Pages<>(connection, pageSize, recordsAfter, head.sequence(),
                    "SELECT " + ENTRY_COLUMNS + " FROM consent_ledger WHERE sequence > ? AND sequence <= ?"
                            + " ORDER BY sequence LIMIT ?", this::readEntry, LedgerEntry::sequence);
            while (records.hasNext()) {
                Optional<LedgerVerification.Broken> broken = audit.record(records.next());
                if (broken.isPresent()) {
                    return broken.get();
                }
            }
            Iterator<SubjectLink> links = new Pages<>(connection, pageSize, linksAfter, head.linkSequence(),
                    "SELECT " + LINK_COLUMNS + " FROM subject_link WHERE link_sequence > ? AND link_sequence <= ?"
                            + " ORDER BY link_sequence LIMIT ?", this::readLink, SubjectLink::sequence);
            while (links.hasNext()) {
                Optional<LedgerVerification.Broken> broken = audit.link(links.next());
                if (broken.isPresent()) {
                    return broken.get();
                }
            }
            LedgerVerification chain = audit.finish();
            if (!chain.isIntact()) {
                return chain;
            }
            if (lastRecord > head.sequence()) {
                return new LedgerVerification.Broken(head.sequence() + 1, "records up to " + lastRecord
                        + " lie beyond the ledger head " + head.sequence());
            }
            if (lastLink > head.linkSequence()) {
                return new LedgerVerification.Broken(LedgerVerification.Part.SUBJECT_LINKS, head.linkSequence() + 1,
                        "subject links up to " + lastLink + " lie beyond the ledger head's last link "
                                + head.linkSequence());
            }
            long unchained = maximum(connection, "SELECT COUNT(*) FROM subject_link WHERE link_sequence IS NULL");
            if (unchained > 0) {
                return new LedgerVerification.Broken(LedgerVerification.Part.SUBJECT_LINKS, head.linkSequence() + 1,
                        unchained + " subject link row(s) are outside the link chain: written outside PrivacyKit");
            }
            return chain;
        } catch (UnreadableRecord e) {
            return new LedgerVerification.Broken(e.part, e.sequence, (e.part == LedgerVerification.Part.RECORDS
                    ? "record " : "subject link ") + e.sequence + " is unreadable: " + e.getMessage());
        } catch (PageFailure e) {
            throw e.getCause();
        }
    }

    private static long maximum(Connection connection, String sql) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Optional<String> oneString(Connection connection, String sql, long parameter) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static Optional<LedgerHead> readHead(Connection connection, String lock) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT last_sequence, last_hash, link_sequence,"
                + " link_hash, key_id, mac FROM ledger_head WHERE id = 1" + lock);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            String keyId = rs.getString(5);
            String mac = rs.getString(6);
            if ((keyId == null) != (mac == null)) { // half a seal: one that never verifies
                keyId = keyId == null ? "?" : keyId;
                mac = mac == null ? "" : mac;
            }
            return Optional.of(new LedgerHead(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                    keyId, mac));
        }
    }

    /** Rows of one chain up to a sequence number, read a page at a time on one connection, in order. */
    private static final class Pages<T> implements Iterator<T> {
        private final Connection connection;
        private final int pageSize;
        private final long last;
        private final String sql;
        private final RowReader<T> reader;
        private final java.util.function.ToLongFunction<T> sequenceOf;
        private List<T> page = List.of();
        private int index;
        private long after;
        private boolean exhausted;

        Pages(Connection connection, int pageSize, long after, long last, String sql, RowReader<T> reader,
              java.util.function.ToLongFunction<T> sequenceOf) {
            this.connection = connection;
            this.pageSize = pageSize;
            this.after = after;
            this.last = last;
            this.sql = sql;
            this.reader = reader;
            this.sequenceOf = sequenceOf;
        }

        @Override
        public boolean hasNext() {
            if (index < page.size()) {
                return true;
            }
            if (exhausted) {
                return false;
            }
            page = nextPage();
            index = 0;
            exhausted = page.size() < pageSize;
            return !page.isEmpty();
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T item = page.get(index++);
            after = sequenceOf.applyAsLong(item);
            return item;
        }

        private List<T> nextPage() {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setLong(1, after);
                ps.setLong(2, last);
                ps.setInt(3, pageSize);
                List<T> items = new ArrayList<>(pageSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(reader.read(rs));
                    }
                }
                return items;
            } catch (SQLException e) {
                throw new PageFailure(e);
            }
        }
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    @Override
    public void linkSubject(String consentId, String subjectId, Instant at) {
        Objects.requireNonNull(consentId, "consentId");
        Objects.requireNonNull(subjectId, "subjectId");
        Objects.requireNonNull(at, "at");
        writing("Cannot link consent to subject", connection -> {
            LedgerHead head = lockedHead(connection);
            boolean trusted = trustworthy(connection, head);
            try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM subject_link"
                    + " WHERE consent_id = ? AND subject_id = ? AND kind = 'LINK'")) {
                ps.setString(1, consentId);
                ps.setString(2, subjectId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return null; // already linked: nothing to do
                    }
                }
            }
            String salt = LedgerChain.salt();
            SubjectLink link = LedgerChain.link(head.linkSequence(), head.linkHash(), SubjectLink.Kind.LINK, consentId,
                    subjectId, salt, LedgerChain.commitment(salt, subjectId), at, ledger.keys());
            insertLink(connection, link);
            moveHead(connection, trusted, head.sequence(), head.hash(), link.sequence(), link.hash());
            return null;
        });
    }

    private static void insertLink(Connection connection, SubjectLink link) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO subject_link (" + LINK_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 0;
            insert.setLong(++i, link.sequence());
            insert.setString(++i, link.kind().name());
            insert.setString(++i, link.consentId());
            insert.setString(++i, link.subjectId());
            insert.setString(++i, link.salt());
            insert.setString(++i, link.commitment());
            insert.setObject(++i, OffsetDateTime.ofInstant(link.at(), ZoneOffset.UTC));
            insert.setString(++i, link.previousHash());
            insert.setString(++i, link.hash());
            insert.setString(++i, link.keyId());
            insert.setString(++i, link.mac());
            insert.executeUpdate();
        }
    }

    @Override
    public SubjectErasure eraseSubject(String subjectId) {
        Objects.requireNonNull(subjectId, "subjectId");
        Instant now = Instant.now();
        return writing("Cannot erase a subject", connection -> {
            LedgerHead head = lockedHead(connection);
            boolean trusted = trustworthy(connection, head);
            // Every commitment to the subject: its links, then its records of the second format.
            List<String[]> erased = new ArrayList<>();
            erased.addAll(pairs(connection, "SELECT consent_id, subject_commitment FROM subject_link"
                    + " WHERE subject_id = ? AND kind = 'LINK' AND link_sequence IS NOT NULL ORDER BY link_sequence",
                    subjectId));
            int links = erased.size();
            erased.addAll(pairs(connection, "SELECT consent_id, subject_commitment FROM consent_ledger"
                    + " WHERE subject_id = ? AND record_format = 2 ORDER BY sequence", subjectId));
            int records = erased.size() - links;
            update(connection, "UPDATE subject_link SET subject_id = NULL, salt = NULL"
                    + " WHERE subject_id = ? AND kind = 'LINK' AND link_sequence IS NOT NULL", subjectId);
            update(connection, "UPDATE consent_ledger SET subject_id = NULL, subject_salt = NULL"
                    + " WHERE subject_id = ? AND record_format = 2", subjectId);
            long kept = count(connection, "SELECT COUNT(*) FROM consent_ledger WHERE subject_id = ?"
                    + " AND record_format = 1", subjectId);
            long sequence = head.linkSequence();
            String hash = head.linkHash();
            for (String[] pair : erased) {
                SubjectLink erasure = LedgerChain.link(sequence, hash, SubjectLink.Kind.ERASURE, pair[0], null, null,
                        pair[1], now, ledger.keys());
                insertLink(connection, erasure);
                sequence = erasure.sequence();
                hash = erasure.hash();
            }
            if (!erased.isEmpty()) {
                moveHead(connection, trusted, head.sequence(), head.hash(), sequence, hash);
            }
            return new SubjectErasure(links, records, (int) kept);
        });
    }

    private static List<String[]> pairs(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, parameter);
            List<String[]> pairs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pairs.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            return pairs;
        }
    }

    private static void update(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, parameter);
            ps.executeUpdate();
        }
    }

    private static long count(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Brings a ledger that was never sealed under the chains: links from before version 3 are
     * chained, oldest first, and the head is sealed when there is a key. Never done once anything
     * is sealed, where it would bless rows written outside PrivacyKit.
     */
    private void adoptUnsealed() {
        writing("Cannot chain the subject links", connection -> {
            LedgerHead head = lockedHead(connection);
            if (head.mac() != null || anySealed(connection)) {
                return null;
            }
            List<Object[]> legacy = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("SELECT consent_id, subject_id, linked_at"
                    + " FROM subject_link WHERE link_sequence IS NULL AND subject_id IS NOT NULL"
                    + " ORDER BY linked_at, consent_id, subject_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    legacy.add(new Object[] {rs.getString(1), rs.getString(2),
                            rs.getObject(3, OffsetDateTime.class).toInstant()});
                }
            }
            long sequence = head.linkSequence();
            String hash = head.linkHash();
            for (Object[] row : legacy) {
                String salt = LedgerChain.salt();
                SubjectLink link = LedgerChain.link(sequence, hash, SubjectLink.Kind.LINK, (String) row[0],
                        (String) row[1], salt, LedgerChain.commitment(salt, (String) row[1]), (Instant) row[2],
                        ledger.keys());
                try (PreparedStatement ps = connection.prepareStatement("UPDATE subject_link SET link_sequence = ?,"
                        + " salt = ?, subject_commitment = ?, linked_at = ?, previous_hash = ?, hash = ?, key_id = ?,"
                        + " mac = ? WHERE consent_id = ? AND subject_id = ? AND link_sequence IS NULL")) {
                    int i = 0;
                    ps.setLong(++i, link.sequence());
                    ps.setString(++i, link.salt());
                    ps.setString(++i, link.commitment());
                    ps.setObject(++i, OffsetDateTime.ofInstant(link.at(), ZoneOffset.UTC));
                    ps.setString(++i, link.previousHash());
                    ps.setString(++i, link.hash());
                    ps.setString(++i, link.keyId());
                    ps.setString(++i, link.mac());
                    ps.setString(++i, link.consentId());
                    ps.setString(++i, link.subjectId());
                    ps.executeUpdate();
                }
                sequence = link.sequence();
                hash = link.hash();
            }
            if (!legacy.isEmpty() || ledger.keys().isKeyed()) {
                moveHead(connection, true, head.sequence(), head.hash(), sequence, hash);
                if (!legacy.isEmpty()) {
                    LOG.info("PrivacyKit chained {} subject link(s) from before version 3 at {}", legacy.size(), description);
                }
            }
            return null;
        });
    }

    /** The check of {@code privacy.ledger.verify-on-start}: logged, kept, never fatal. */
    private void verifyOnStart() {
        LedgerVerification verification;
        try {
            verification = switch (ledger.verifyOnStart()) {
                case NONE -> null;
                case TAIL -> verifyLedgerTail(ledger.verifyTail());
                case FULL -> verifyLedger();
            };
        } catch (StoreException e) {
            LOG.warn("Cannot verify the PrivacyKit consent ledger at {} on start: {}", description, e.getMessage());
            return;
        }
        startup = verification;
        if (verification instanceof LedgerVerification.Broken broken) {
            LOG.error("The PrivacyKit consent ledger at {} is BROKEN at {} {}: {}. Its health check reports DOWN;"
                    + " run verify-ledger for the whole ledger and restore from a backup.", description,
                    broken.part() == LedgerVerification.Part.RECORDS ? "record" : "subject link", broken.sequence(),
                    broken.reason());
        } else if (verification instanceof LedgerVerification.Intact intact) {
            LOG.info("PrivacyKit consent ledger at {} verified ({}): head record {}, hash {}{}", description,
                    ledger.verifyOnStart().name().toLowerCase(java.util.Locale.ROOT), intact.entries() == 0 ? 0
                            : intact.entries(), intact.headHash(), intact.unkeyedUpTo() > 0
                            ? "; records up to " + intact.unkeyedUpTo() + " are unkeyed (written before ledger keys)"
                            : "");
        }
    }

    @Override
    public List<String> consentIdsOfSubject(String subjectId) {
        Objects.requireNonNull(subjectId, "subjectId");
        return strings("SELECT consent_id FROM subject_link WHERE subject_id = ? AND kind = 'LINK'"
                + " ORDER BY linked_at, consent_id", subjectId);
    }

    @Override
    public Optional<String> subjectOfConsent(String consentId) {
        Objects.requireNonNull(consentId, "consentId");
        return strings("SELECT subject_id FROM subject_link WHERE consent_id = ? AND subject_id IS NOT NULL"
                + " AND kind = 'LINK' ORDER BY linked_at DESC, subject_id DESC LIMIT 1", consentId)
                .stream().findFirst();
    }

    private List<String> strings(String sql, String parameter) {
        return reading("Cannot read subject links", () -> {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setString(1, parameter);
                List<String> values = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        values.add(rs.getString(1));
                    }
                }
                return values;
            }
        });
    }

    /** Runs a read, once more on fresh connections when the first found its database gone. */
    private <T> T reading(String what, Work<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.run();
            } catch (SQLException e) {
                if (attempt == 1 && isDatabaseLost(e) && evictConnections()) {
                    continue;
                }
                throw failure(what, e);
            }
        }
    }

    /**
     * The store of collection records ({@link io.privacykit.collection.CollectionRecorder}) in this
     * store's database, sharing its connections; closing this store closes them.
     */
    public JdbcCollectionStore collectionStore() {
        return new JdbcCollectionStore(dataSource, description);
    }

    /**
     * The store of marketing preferences ({@link io.privacykit.communication.CommunicationPreferences})
     * in this store's database, sharing its connections; closing this store closes them.
     */
    public JdbcCommunicationStore communicationStore() {
        return new JdbcCommunicationStore(dataSource, description);
    }

    @Override
    public boolean isHealthy() {
        if (startup instanceof LedgerVerification.Broken) {
            return false;
        }
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid((int) CONNECTION_TIMEOUT.toSeconds());
        } catch (SQLException | RuntimeException e) {
            LOG.debug("PrivacyKit store at {} is unhealthy", description, e);
            return false;
        }
    }

    @Override
    public void close() {
        H2Housekeeping compaction = housekeeping;
        housekeeping = null;
        if (compaction != null) {
            compaction.close();
        }
        if (ownedPool != null) {
            closePool(ownedPool);
        }
        Driver driver = registeredDriver;
        registeredDriver = null;
        deregister(driver);
    }

    @Override
    public String toString() {
        return "JdbcPrivacyStore[" + description + "]";
    }

    private LedgerEntry readEntry(ResultSet rs) throws SQLException {
        long sequence = rs.getLong("sequence");
        try {
            ConsentEvent event = new ConsentEvent(
                    rs.getString("consent_id"),
                    rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                    rs.getString("policy_version"),
                    Regime.valueOf(rs.getString("regime")),
                    rs.getString("law"),
                    LocationSource.valueOf(rs.getString("location_source")),
                    rs.getString("country"),
                    rs.getString("region"),
                    readChoices(rs.getString("choices")),
                    ConsentMethod.valueOf(rs.getString("method")),
                    rs.getString("page"),
                    rs.getString("ip_hash"),
                    rs.getString("user_agent"),
                    rs.getString("subject_id"));
            LedgerEntry.Seal seal = new LedgerEntry.Seal(rs.getInt("record_format"), rs.getString("subject_commitment"),
                    rs.getString("subject_salt"), rs.getString("key_id"), rs.getString("mac"));
            return new LedgerEntry(sequence, event, rs.getString("previous_hash"), rs.getString("hash"), seal);
        } catch (RuntimeException | JsonProcessingException e) {
            throw new UnreadableRecord(LedgerVerification.Part.RECORDS, sequence, e);
        }
    }

    private SubjectLink readLink(ResultSet rs) throws SQLException {
        long sequence = rs.getLong("link_sequence");
        try {
            return new SubjectLink(sequence, SubjectLink.Kind.valueOf(rs.getString("kind")), rs.getString("consent_id"),
                    rs.getString("subject_id"), rs.getString("salt"), rs.getString("subject_commitment"),
                    rs.getObject("linked_at", OffsetDateTime.class).toInstant(), rs.getString("previous_hash"),
                    rs.getString("hash"), rs.getString("key_id"), rs.getString("mac"));
        } catch (RuntimeException e) {
            throw new UnreadableRecord(LedgerVerification.Part.SUBJECT_LINKS, sequence, e);
        }
    }

    private String writeChoices(Map<String, Boolean> choices) {
        try {
            return json.writeValueAsString(choices);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings to booleans is always JSON", e);
        }
    }

    private Map<String, Boolean> readChoices(String text) throws JsonProcessingException {
        return json.readValue(Objects.requireNonNull(text, "choices"), CHOICES);
    }

    private StoreException failure(String what, SQLException e) {
        if (isDatabaseLost(e)) {
            evictConnections(); // the next call starts on fresh connections instead of dead ones
        }
        return new StoreException(what + " at " + description + ": " + e.getMessage()
                + " (SQLState " + e.getSQLState() + ")", e);
    }

    /**
     * Whether the connection's database is gone: H2 closes a database after a fatal write error
     * (a full disk) and its pooled sessions then fail forever; PostgreSQL reports a lost or
     * terminated connection with SQLState class 08 or 57P01-57P03. Connections to it are dead.
     */
    static boolean isDatabaseLost(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                int code = sql.getErrorCode();
                if ((state != null && (state.startsWith("08") || state.startsWith("57P")))
                        || code == H2_DATABASE_IS_CLOSED || code == H2_DATABASE_CALLED_AT_SHUTDOWN
                        || code == H2_IO_EXCEPTION) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Retires every pooled connection; false when the pool is the app's, which it manages itself. */
    private boolean evictConnections() {
        if (ownedPool == null || ownedPool.isClosed()) {
            return false;
        }
        var mxBean = ownedPool.getHikariPoolMXBean();
        if (mxBean != null) {
            mxBean.softEvictConnections();
        }
        return true;
    }

    /** A failure worth one more try: a deadlock, serialization failure or lock timeout. */
    static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientException
                || (state != null && (state.startsWith("40") || state.equals("HYT00")));
    }

    /** Runs {@code work} in one transaction on {@code connection}: committed, or rolled back on any failure. */
    static <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** The URL with any password in it replaced by {@code ***}. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***")
                .replaceAll("(//[^/@:]*:)[^/@]*@", "$1***@");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e ? message : e.getMessage() + " (cause: " + message + ")";
    }

    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    @FunctionalInterface
    private interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    @FunctionalInterface
    private interface Parameters {
        void set(PreparedStatement ps) throws SQLException;
    }

    /** A ledger or link row that is no valid record (edited outside PrivacyKit). */
    private static final class UnreadableRecord extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient LedgerVerification.Part part;
        final long sequence;

        UnreadableRecord(LedgerVerification.Part part, long sequence, Exception cause) {
            super(cause.getMessage(), cause);
            this.part = part;
            this.sequence = sequence;
        }
    }

    /** A page that could not be read while verifying. */
    private static final class PageFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PageFailure(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
