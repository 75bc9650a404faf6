package io.privacykit.store.jdbc;

import io.privacykit.collection.CollectionStore;
import io.privacykit.collection.DivergenceCount;
import io.privacykit.collection.RecordKind;
import io.privacykit.collection.SubjectId;
import io.privacykit.collection.UsageCount;
import io.privacykit.collection.UsageTotal;
import io.privacykit.collection.ViolationKind;
import io.privacykit.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The {@link CollectionStore} over JDBC, in the database of a {@link JdbcPrivacyStore} (tables
 * {@code pi_usage} and {@code pi_divergence}, migration V2). Counts are upserted in multi-row
 * statements, in key order so that concurrent writers in several processes never deadlock:
 * {@code MERGE} on H2, {@code INSERT ... ON CONFLICT} on PostgreSQL (whose MERGE needs version 15).
 */
public final class JdbcCollectionStore implements CollectionStore {

    private static final int ROWS_PER_STATEMENT = 1_000;
    private static final int ATTEMPTS = 5;
    private static final String USAGE_COLUMNS = "usage_day, record_kind, category, purpose, counterpart, regime,"
            + " subject_id, occurrences";
    private static final String USAGE_KEY = "usage_day, record_kind, category, purpose, counterpart, regime, subject_id";
    private static final String DIVERGENCE_COLUMNS = "violation, record_kind, category, purpose, counterpart,"
            + " occurrences, first_seen, last_seen";
    private static final String DIVERGENCE_KEY = "violation, record_kind, category, purpose, counterpart";
    private static final Comparator<UsageCount> USAGE_ORDER = Comparator.comparing(UsageCount::day)
            .thenComparing(u -> u.kind().name()).thenComparing(UsageCount::category).thenComparing(UsageCount::purpose)
            .thenComparing(UsageCount::counterpart).thenComparing(UsageCount::regime).thenComparing(UsageCount::subject);
    private static final Comparator<DivergenceCount> DIVERGENCE_ORDER = Comparator
            .comparing((DivergenceCount d) -> d.violation().name()).thenComparing(d -> d.kind().name())
            .thenComparing(DivergenceCount::category).thenComparing(DivergenceCount::purpose)
            .thenComparing(DivergenceCount::counterpart);

    private static final String[] USAGE_TYPES = {"DATE", "VARCHAR(16)", "VARCHAR(64)", "VARCHAR(64)", "VARCHAR(128)",
        "VARCHAR(16)", "VARCHAR(32)", "BIGINT"};
    private static final String[] DIVERGENCE_TYPES = {"VARCHAR(32)", "VARCHAR(16)", "VARCHAR(64)", "VARCHAR(64)",
        "VARCHAR(128)", "BIGINT", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITH TIME ZONE"};

    private final DataSource dataSource;
    private final String description;
    private volatile Boolean postgres;

    JdbcCollectionStore(DataSource dataSource, String description) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.description = description;
    }

    @Override
    public void add(List<UsageCount> usage, List<DivergenceCount> divergences) {
        if (usage.isEmpty() && divergences.isEmpty()) {
            return;
        }
        List<UsageCount> sortedUsage = new ArrayList<>(usage);
        sortedUsage.sort(USAGE_ORDER);
        List<DivergenceCount> sortedDivergences = new ArrayList<>(divergences);
        sortedDivergences.sort(DIVERGENCE_ORDER);
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                boolean pg = isPostgres(connection);
                JdbcPrivacyStore.inTransaction(connection, () -> {
                    for (int from = 0; from < sortedUsage.size(); from += ROWS_PER_STATEMENT) {
                        upsertUsage(connection, pg, sortedUsage.subList(from,
                                Math.min(sortedUsage.size(), from + ROWS_PER_STATEMENT)));
                    }
                    for (int from = 0; from < sortedDivergences.size(); from += ROWS_PER_STATEMENT) {
                        upsertDivergences(connection, pg, sortedDivergences.subList(from,
                                Math.min(sortedDivergences.size(), from + ROWS_PER_STATEMENT)));
                    }
                    return null;
                });
                return;
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && isTransient(e)) {
                    continue;
                }
                throw failure("Cannot add collection records", e);
            }
        }
    }

    private boolean isPostgres(Connection connection) throws SQLException {
        Boolean known = postgres;
        if (known == null) {
            String product = connection.getMetaData().getDatabaseProductName();
            if (!product.equals("H2") && !product.equals("PostgreSQL")) {
                throw new SQLException("collection records need H2 or PostgreSQL, not " + product);
            }
            known = product.equals("PostgreSQL");
            postgres = known;
        }
        return known;
    }

    private static void upsertUsage(Connection connection, boolean pg, List<UsageCount> rows) throws SQLException {
        String sql = pg
                ? "INSERT INTO pi_usage (" + USAGE_COLUMNS + ") VALUES " + placeholders(rows.size(), USAGE_TYPES, false)
                        + " ON CONFLICT (" + USAGE_KEY + ") DO UPDATE SET occurrences = pi_usage.occurrences"
                        + " + EXCLUDED.occurrences"
                : "MERGE INTO pi_usage t USING (VALUES " + placeholders(rows.size(), USAGE_TYPES, true) + ") s(" + USAGE_COLUMNS
                        + ") ON t.usage_day = s.usage_day AND t.record_kind = s.record_kind AND t.category = s.category"
                        + " AND t.purpose = s.purpose AND t.counterpart = s.counterpart AND t.regime = s.regime"
                        + " AND t.subject_id = s.subject_id"
                        + " WHEN MATCHED THEN UPDATE SET occurrences = t.occurrences + s.occurrences"
                        + " WHEN NOT MATCHED THEN INSERT (" + USAGE_COLUMNS + ") VALUES (s.usage_day, s.record_kind,"
                        + " s.category, s.purpose, s.counterpart, s.regime, s.subject_id, s.occurrences)";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int i = 0;
            for (UsageCount u : rows) {
                ps.setObject(++i, u.day());
                ps.setString(++i, u.kind().name());
                ps.setString(++i, u.category());
                ps.setString(++i, u.purpose());
                ps.setString(++i, u.counterpart());
                ps.setString(++i, u.regime());
                ps.setString(++i, u.subject());
                ps.setLong(++i, u.count());
            }
            ps.executeUpdate();
        }
    }

    private static void upsertDivergences(Connection connection, boolean pg, List<DivergenceCount> rows)
            throws SQLException {
        String sql = pg
                ? "INSERT INTO pi_divergence (" + DIVERGENCE_COLUMNS + ") VALUES " + placeholders(rows.size(), DIVERGENCE_TYPES, false)
                        + " ON CONFLICT (" + DIVERGENCE_KEY + ") DO UPDATE SET occurrences = pi_divergence.occurrences"
                        + " + EXCLUDED.occurrences, first_seen = LEAST(pi_divergence.first_seen, EXCLUDED.first_seen),"
                        + " last_seen = GREATEST(pi_divergence.last_seen, EXCLUDED.last_seen)"
                : "MERGE INTO pi_divergence t USING (VALUES " + placeholders(rows.size(), DIVERGENCE_TYPES, true) + ") s("
                        + DIVERGENCE_COLUMNS + ") ON t.violation = s.violation AND t.record_kind = s.record_kind"
                        + " AND t.category = s.category AND t.purpose = s.purpose AND t.counterpart = s.counterpart"
                        + " WHEN MATCHED THEN UPDATE SET occurrences = t.occurrences + s.occurrences,"
                        + " first_seen = LEAST(t.first_seen, s.first_seen), last_seen = GREATEST(t.last_seen, s.last_seen)"
                        + " WHEN NOT MATCHED THEN INSERT (" + DIVERGENCE_COLUMNS + ") VALUES (s.violation,"
                        + " s.record_kind, s.category, s.purpose, s.counterpart, s.occurrences, s.first_seen, s.last_seen)";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int i = 0;
            for (DivergenceCount d : rows) {
                ps.setString(++i, d.violation().name());
                ps.setString(++i, d.kind().name());
                ps.setString(++i, d.category());
                ps.setString(++i, d.purpose());
                ps.setString(++i, d.counterpart());
                ps.setLong(++i, d.count());
                ps.setObject(++i, OffsetDateTime.ofInstant(d.firstSeen(), ZoneOffset.UTC));
                ps.setObject(++i, OffsetDateTime.ofInstant(d.lastSeen(), ZoneOffset.UTC));
            }
            ps.executeUpdate();
        }
    }

    /**
     * {@code (?, ...), (?, ...)}: {@code rows} tuples of {@code columns} parameters. H2 types a
     * VALUES table from its first row, so there each parameter of the first row is cast.
     */
    private static String placeholders(int rows, String[] h2Types, boolean h2) {
        int columns = h2Types.length;
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            out.append(r == 0 ? "(" : ", (");
            for (int c = 0; c < columns; c++) {
                out.append(c == 0 ? "" : ", ").append(h2 && r == 0 ? "CAST(? AS " + h2Types[c] + ")" : "?");
            }
            out.append(')');
        }
        return out.toString();
    }

    @Override
    public List<UsageTotal> usage(LocalDate from, LocalDate to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        List<UsageTotal> totals = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement("SELECT record_kind, category, purpose, counterpart,"
                     + " SUM(occurrences), MIN(usage_day), MAX(usage_day) FROM pi_usage"
                     + " WHERE usage_day >= ? AND usage_day <= ?"
                     + " GROUP BY record_kind, category, purpose, counterpart")) {
            ps.setObject(1, clamp(from));
            ps.setObject(2, clamp(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    totals.add(new UsageTotal(RecordKind.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getLong(5), rs.getObject(6, LocalDate.class),
                            rs.getObject(7, LocalDate.class)));
                }
            }
        } catch (SQLException e) {
            throw failure("Cannot read collection records", e);
        }
        totals.sort(Comparator.comparing(UsageTotal::kind).thenComparing(UsageTotal::category)
                .thenComparing(UsageTotal::purpose).thenComparing(UsageTotal::counterpart));
        return Collections.unmodifiableList(totals);
    }

    /** SQL dates span years 1 to 9999 on both databases: report windows outside are cut to that. */
    private static LocalDate clamp(LocalDate day) {
        if (day.getYear() < 1) {
            return LocalDate.of(1, 1, 1);
        }
        return day.getYear() > 9999 ? LocalDate.of(9999, 12, 31) : day;
    }

    @Override
    public List<UsageCount> usageOf(SubjectId subject) {
        Objects.requireNonNull(subject, "subject");
        List<UsageCount> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement("SELECT " + USAGE_COLUMNS
                     + " FROM pi_usage WHERE subject_id = ?")) {
            ps.setString(1, subject.value());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new UsageCount(rs.getString("subject_id"), RecordKind.valueOf(rs.getString("record_kind")),
                            rs.getString("category"), rs.getString("purpose"), rs.getString("counterpart"),
                            rs.getString("regime"), rs.getObject("usage_day", LocalDate.class), rs.getLong("occurrences")));
                }
            }
        } catch (SQLException e) {
            throw failure("Cannot read a subject's collection records", e);
        }
        rows.sort(Comparator.comparing(UsageCount::day).thenComparing(UsageCount::kind).thenComparing(UsageCount::category)
                .thenComparing(UsageCount::purpose).thenComparing(UsageCount::counterpart));
        return Collections.unmodifiableList(rows);
    }

    @Override
    public List<DivergenceCount> divergences() {
        List<DivergenceCount> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement("SELECT " + DIVERGENCE_COLUMNS + " FROM pi_divergence");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new DivergenceCount(ViolationKind.valueOf(rs.getString("violation")),
                        RecordKind.valueOf(rs.getString("record_kind")), rs.getString("category"),
                        rs.getString("purpose"), rs.getString("counterpart"), rs.getLong("occurrences"),
                        rs.getObject("first_seen", OffsetDateTime.class).toInstant(),
                        rs.getObject("last_seen", OffsetDateTime.class).toInstant()));
            }
        } catch (SQLException e) {
            throw failure("Cannot read collection divergences", e);
        }
        rows.sort(Comparator.comparingLong(DivergenceCount::count).reversed()
                .thenComparing(DivergenceCount::violation).thenComparing(DivergenceCount::category)
                .thenComparing(DivergenceCount::purpose).thenComparing(DivergenceCount::counterpart));
        return Collections.unmodifiableList(rows);
    }

    private StoreException failure(String what, SQLException e) {
        return new StoreException(what + " at " + description + ": " + e.getMessage() + " (SQLState "
                + e.getSQLState() + ")", e);
    }

    /** Transient as for the ledger, and also a unique violation: two writers inserted the same new key at once. */
    private static boolean isTransient(SQLException e) {
        return JdbcPrivacyStore.isTransient(e) || "23505".equals(e.getSQLState());
    }

    @Override
    public String toString() {
        return "JdbcCollectionStore[" + description + "]";
    }

    /** The rights store in this store's database, sharing its connections. */
    JdbcRightsStore rightsStore() {
        return new JdbcRightsStore(dataSource, description);
    }

    /** The retention store in this store's database, sharing its connections. */
    JdbcRetentionStore retentionStore() {
        return new JdbcRetentionStore(dataSource, description);
    }
}
