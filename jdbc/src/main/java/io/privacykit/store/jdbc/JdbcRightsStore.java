package io.privacykit.store.jdbc;

import io.privacykit.collection.SubjectIds;
import io.privacykit.jurisdiction.Regime;
import io.privacykit.rights.AuthorizedAgent;
import io.privacykit.rights.DueDates;
import io.privacykit.rights.ErasureResult;
import io.privacykit.rights.ExtensionRule;
import io.privacykit.rights.HistoryEntry;
import io.privacykit.rights.RequestStatus;
import io.privacykit.rights.RightType;
import io.privacykit.rights.RightsRequest;
import io.privacykit.rights.RightsStore;
import io.privacykit.rights.StoredExport;
import io.privacykit.rights.SubjectErasure;
import io.privacykit.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The {@link RightsStore} over JDBC, in the PrivacyKit database (tables {@code rights_request},
 * {@code rights_history} and {@code rights_export}, migration V4). A change is an
 * {@code UPDATE ... WHERE version = ?} and its history rows in one transaction; the single download
 * of an export locks its row, so two instances never both hand it out.
 */
public final class JdbcRightsStore implements RightsStore {

    private static final String COLUMNS = "id, request_type, email, email_key, regime, country, region, agent_name,"
            + " agent_email, agent_authorization, status, received_at, acknowledge_by, due_date, extension_rule,"
            + " extendable_to, clock_stops, deadline_rule, calendar_name, flags, token_hash, token_expires_at,"
            + " failed_attempts, paused_on, reason, version";
    private static final int COLUMN_COUNT = 26;

    private final DataSource dataSource;
    private final String description;

    JdbcRightsStore(DataSource dataSource, String description) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.description = description;
    }

    /**
     * A rights store in an app's data source, whose PrivacyKit schema is brought up to date first
     * (the same migrations as {@link JdbcPrivacyStore#open(DataSource)}).
     *
     * @throws StoreException when the database cannot be reached or migrated
     */
    public static JdbcRightsStore open(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try {
            Migrations.migrate(dataSource);
        } catch (RuntimeException e) {
            throw new StoreException("Cannot migrate the PrivacyKit store at the given data source: " + e.getMessage(), e);
        }
        return new JdbcRightsStore(dataSource, "the given data source");
    }

    @Override
    public void create(RightsRequest request, List<HistoryEntry> history) {
        write("Cannot store a rights request", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO rights_request (" + COLUMNS
                    + ") VALUES (" + "?, ".repeat(COLUMN_COUNT - 1) + "?)")) {
                bind(ps, request);
                ps.executeUpdate();
            }
            insertHistory(connection, history);
            return null;
        });
    }

    @Override
    public Optional<RightsRequest> find(String id) {
        List<RightsRequest> found = query("SELECT " + COLUMNS + " FROM rights_request WHERE id = ?", id);
        return found.stream().findFirst();
    }

    @Override
    public boolean update(long expectedVersion, RightsRequest next, List<HistoryEntry> history) {
        return write("Cannot change a rights request", connection -> {
            String assignments = Arrays.stream(COLUMNS.split(", ")).skip(1).map(c -> c + " = ?")
                    .reduce((a, b) -> a + ", " + b).orElseThrow();
            try (PreparedStatement ps = connection.prepareStatement("UPDATE rights_request SET " + assignments
                    + " WHERE id = ? AND version = ?")) {
                bindValues(ps, next, 0);
                ps.setString(COLUMN_COUNT, next.id());
                ps.setLong(COLUMN_COUNT + 1, expectedVersion);
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            insertHistory(connection, history);
            return true;
        });
    }

    @Override
    public void append(List<HistoryEntry> history) {
        write("Cannot append to a rights request's history", connection -> {
            insertHistory(connection, history);
            return null;
        });
    }

    @Override
    public List<HistoryEntry> history(String requestId) {
        return read("Cannot read a rights request's history", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT request_id, occurred_at, actor, action,"
                    + " status, detail FROM rights_history WHERE request_id = ? ORDER BY entry_id")) {
                ps.setString(1, requestId);
                List<HistoryEntry> entries = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String status = rs.getString(5);
                        entries.add(new HistoryEntry(rs.getString(1), instant(rs, 2), rs.getString(3), rs.getString(4),
                                Optional.ofNullable(status).map(RequestStatus::valueOf), rs.getString(6)));
                    }
                }
                return entries;
            }
        });
    }

    @Override
    public List<RightsRequest> ofEmail(String normalizedEmail) {
        return query("SELECT " + COLUMNS + " FROM rights_request WHERE email_key = ? ORDER BY received_at, id",
                normalizedEmail);
    }

    @Override
    public List<RightsRequest> open() {
        return query("SELECT " + COLUMNS + " FROM rights_request WHERE status NOT IN ('COMPLETED', 'DENIED')"
                + " ORDER BY due_date, received_at, id", null);
    }

    @Override
    public void putExport(StoredExport export, byte[] bundle) {
        write("Cannot store an export", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM rights_export WHERE request_id = ?")) {
                delete.setString(1, export.requestId());
                delete.executeUpdate();
            }
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO rights_export (request_id,"
                    + " token_hash, expires_at, downloaded_at, bundle) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, export.requestId());
                ps.setString(2, export.tokenHash());
                ps.setObject(3, timestamp(export.expiresAt()));
                ps.setObject(4, export.downloadedAt().map(JdbcRightsStore::timestamp).orElse(null));
                ps.setString(5, new String(bundle, StandardCharsets.UTF_8));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<StoredExport> export(String requestId) {
        return read("Cannot read an export", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT request_id, token_hash, expires_at,"
                    + " downloaded_at FROM rights_export WHERE request_id = ?")) {
                ps.setString(1, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new StoredExport(rs.getString(1), rs.getString(2), instant(rs, 3),
                            Optional.ofNullable(rs.getObject(4, OffsetDateTime.class)).map(OffsetDateTime::toInstant)));
                }
            }
        });
    }

    @Override
    public Optional<byte[]> takeExport(String requestId, Instant at) {
        return write("Cannot hand out an export", connection -> {
            String bundle;
            try (PreparedStatement ps = connection.prepareStatement("SELECT bundle FROM rights_export"
                    + " WHERE request_id = ? AND downloaded_at IS NULL FOR UPDATE")) {
                ps.setString(1, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    bundle = rs.getString(1);
                }
            }
            try (PreparedStatement ps = connection.prepareStatement("UPDATE rights_export SET downloaded_at = ?,"
                    + " bundle = NULL WHERE request_id = ? AND downloaded_at IS NULL")) {
                ps.setObject(1, timestamp(at));
                ps.setString(2, requestId);
                if (ps.executeUpdate() != 1 || bundle == null) {
                    return Optional.empty();
                }
            }
            return Optional.of(bundle.getBytes(StandardCharsets.UTF_8));
        });
    }

    /**
     * The erasure step for the subject's collection records ({@code pi_usage}, migration V2): every
     * row kept under the subject id of their address or of one of the app's user ids.
     */
    public SubjectErasure collectionErasure(SubjectIds subjectIds) {
        Objects.requireNonNull(subjectIds, "subjectIds");
        return SubjectErasure.of("collection-records", subject -> {
            Set<String> ids = new LinkedHashSet<>();
            ids.add(subjectIds.ofEmail(subject.email()).value());
            for (String userId : subject.userIds()) {
                ids.add(subjectIds.ofUserId(userId).value());
            }
            return ErasureResult.removed(deleteUsage(ids));
        });
    }

    private long deleteUsage(Set<String> subjectIds) {
        return write("Cannot erase collection records", connection -> {
            long removed = 0;
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM pi_usage WHERE subject_id = ?")) {
                for (String id : subjectIds) {
                    ps.setString(1, id);
                    removed += ps.executeUpdate();
                }
            }
            return removed;
        });
    }

    // ---- Rows ----

    private static void bind(PreparedStatement ps, RightsRequest r) throws SQLException {
        ps.setString(1, r.id());
        bindValues(ps, r, 1);
    }

    /** Binds every column but the id, from parameter {@code offset + 1} on. */
    private static void bindValues(PreparedStatement ps, RightsRequest r, int offset) throws SQLException {
        int i = offset;
        ps.setString(++i, r.type().name());
        ps.setString(++i, r.email());
        ps.setString(++i, RightsRequest.normalizeEmail(r.email()));
        ps.setString(++i, r.regime().name());
        ps.setString(++i, r.country().orElse(null));
        ps.setString(++i, r.region().orElse(null));
        ps.setString(++i, r.agent().map(AuthorizedAgent::name).orElse(null));
        ps.setString(++i, r.agent().map(AuthorizedAgent::email).orElse(null));
        ps.setString(++i, r.agent().map(AuthorizedAgent::authorization).orElse(null));
        ps.setString(++i, r.status().name());
        ps.setObject(++i, timestamp(r.receivedAt()));
        setDate(ps, ++i, r.deadlines().acknowledgeBy());
        setDate(ps, ++i, Optional.of(r.deadlines().due()));
        ps.setString(++i, r.deadlines().extension().name());
        setDate(ps, ++i, r.deadlines().extendableTo());
        ps.setBoolean(++i, r.deadlines().clockStopsWhileVerifying());
        ps.setString(++i, r.deadlines().rule());
        ps.setString(++i, r.deadlines().calendar());
        ps.setString(++i, String.join(",", r.flags()));
        ps.setString(++i, r.tokenHash().orElse(null));
        ps.setObject(++i, r.tokenExpiresAt().map(JdbcRightsStore::timestamp).orElse(null));
        ps.setInt(++i, r.failedAttempts());
        setDate(ps, ++i, r.pausedOn());
        ps.setString(++i, r.reason().orElse(null));
        ps.setLong(++i, r.version());
    }

    private static RightsRequest readRequest(ResultSet rs) throws SQLException {
        String agentName = rs.getString(8);
        Optional<AuthorizedAgent> agent = agentName == null ? Optional.empty()
                : Optional.of(new AuthorizedAgent(agentName, rs.getString(9), rs.getString(10)));
        DueDates dates = new DueDates(date(rs, 13), date(rs, 14).orElseThrow(), ExtensionRule.valueOf(rs.getString(15)),
                date(rs, 16), rs.getBoolean(17), rs.getString(18), rs.getString(19));
        String flags = rs.getString(20);
        return new RightsRequest(rs.getString(1), RightType.valueOf(rs.getString(2)), rs.getString(3),
                Regime.valueOf(rs.getString(5)), Optional.ofNullable(rs.getString(6)), Optional.ofNullable(rs.getString(7)),
                agent, RequestStatus.valueOf(rs.getString(11)), instant(rs, 12), dates,
                flags.isEmpty() ? List.of() : List.of(flags.split(",")), Optional.ofNullable(rs.getString(21)),
                Optional.ofNullable(rs.getObject(22, OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                rs.getInt(23), date(rs, 24), Optional.ofNullable(rs.getString(25)), rs.getLong(26));
    }

    private static void insertHistory(Connection connection, List<HistoryEntry> history) throws SQLException {
        if (history.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO rights_history (request_id, occurred_at,"
                + " actor, action, status, detail) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (HistoryEntry h : history) {
                ps.setString(1, h.requestId());
                ps.setObject(2, timestamp(h.at()));
                ps.setString(3, h.actor());
                ps.setString(4, h.action());
                ps.setString(5, h.status().map(RequestStatus::name).orElse(null));
                ps.setString(6, h.detail());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private List<RightsRequest> query(String sql, String parameter) {
        return read("Cannot read rights requests", connection -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                if (parameter != null) {
                    ps.setString(1, parameter);
                }
                List<RightsRequest> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(readRequest(rs));
                    }
                }
                return out;
            }
        });
    }

    private <T> T read(String what, ConnectionWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private <T> T write(String what, ConnectionWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return JdbcPrivacyStore.inTransaction(connection, () -> work.run(connection));
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    @FunctionalInterface
    private interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private StoreException failure(String what, SQLException e) {
        return new StoreException(what + " at " + description + ": " + e.getMessage() + " (SQLState "
                + e.getSQLState() + ")", e);
    }

    private static void setDate(PreparedStatement ps, int index, Optional<LocalDate> date) throws SQLException {
        if (date.isPresent()) {
            ps.setObject(index, date.get());
        } else {
            ps.setNull(index, Types.DATE);
        }
    }

    private static Optional<LocalDate> date(ResultSet rs, int index) throws SQLException {
        return Optional.ofNullable(rs.getObject(index, LocalDate.class));
    }

    private static Instant instant(ResultSet rs, int index) throws SQLException {
        return rs.getObject(index, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime timestamp(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    @Override
    public String toString() {
        return "JdbcRightsStore[" + description + "]";
    }
}
