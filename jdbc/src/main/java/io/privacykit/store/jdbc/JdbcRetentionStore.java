package io.privacykit.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacykit.rights.CleanupRun;
import io.privacykit.rights.DataSubject;
import io.privacykit.rights.LegalHold;
import io.privacykit.rights.PurgeRecord;
import io.privacykit.rights.RetentionEvent;
import io.privacykit.rights.RetentionStore;
import io.privacykit.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The {@link RetentionStore} over JDBC, in the PrivacyKit database (migration V5 and the
 * {@code job_lock} table of V1). The lock is a row whose holder and lease end are changed by a
 * conditional {@code UPDATE}, so only one instance holds it at a time; a completed cycle is a
 * primary key, so it is recorded once.
 */
public final class JdbcRetentionStore implements RetentionStore {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final String description;
    private final ObjectMapper json = new ObjectMapper();

    JdbcRetentionStore(DataSource dataSource, String description) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.description = description;
    }

    @Override
    public void record(RetentionEvent event) {
        run("Cannot record a retention event", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO retention_event (id, category, event,"
                    + " email, user_ids, occurred_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, event.id());
                ps.setString(2, event.category());
                ps.setString(3, event.event());
                ps.setString(4, event.subject().email());
                ps.setString(5, write(event.subject().userIds()));
                ps.setObject(6, timestamp(event.occurredAt()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<RetentionEvent> pending() {
        return run("Cannot read retention events", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT id, category, event, email, user_ids,"
                    + " occurred_at FROM retention_event WHERE purged_at IS NULL ORDER BY occurred_at, id");
                 ResultSet rs = ps.executeQuery()) {
                List<RetentionEvent> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new RetentionEvent(rs.getString(1), rs.getString(2), rs.getString(3),
                            new DataSubject(rs.getString(4), read(rs.getString(5))), instant(rs, 6)));
                }
                return out;
            }
        });
    }

    @Override
    public boolean markPurged(String eventId, PurgeRecord audit) {
        return run("Cannot mark a retention event purged", connection ->
                JdbcPrivacyStore.inTransaction(connection, () -> {
                    try (PreparedStatement ps = connection.prepareStatement("UPDATE retention_event SET purged_at = ?,"
                            + " email = NULL, user_ids = NULL WHERE id = ? AND purged_at IS NULL")) {
                        ps.setObject(1, timestamp(audit.at()));
                        ps.setString(2, eventId);
                        if (ps.executeUpdate() != 1) {
                            return false;
                        }
                    }
                    insertAudit(connection, audit);
                    return true;
                }));
    }

    @Override
    public void audit(PurgeRecord audit) {
        run("Cannot write the retention audit trail", connection -> {
            insertAudit(connection, audit);
            return null;
        });
    }

    @Override
    public List<PurgeRecord> auditTrail() {
        return run("Cannot read the retention audit trail", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT cycle, occurred_at, instance, event_id,"
                    + " category, outcome, detail FROM retention_audit ORDER BY entry_id");
                 ResultSet rs = ps.executeQuery()) {
                List<PurgeRecord> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new PurgeRecord(rs.getObject(1, LocalDate.class), instant(rs, 2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)));
                }
                return out;
            }
        });
    }

    @Override
    public void placeHold(LegalHold hold) {
        run("Cannot place a legal hold", connection -> JdbcPrivacyStore.inTransaction(connection, () -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM legal_hold WHERE email = ?")) {
                delete.setString(1, hold.email());
                delete.executeUpdate();
            }
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO legal_hold (email, reason, operator,"
                    + " placed_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, hold.email());
                ps.setString(2, hold.reason());
                ps.setString(3, hold.operator());
                ps.setObject(4, timestamp(hold.placedAt()));
                ps.executeUpdate();
            }
            return null;
        }));
    }

    @Override
    public boolean releaseHold(String email) {
        return run("Cannot lift a legal hold", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM legal_hold WHERE email = ?")) {
                ps.setString(1, email);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<LegalHold> holds() {
        return run("Cannot read legal holds", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT email, reason, operator, placed_at"
                    + " FROM legal_hold ORDER BY placed_at, email");
                 ResultSet rs = ps.executeQuery()) {
                List<LegalHold> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new LegalHold(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4)));
                }
                return out;
            }
        });
    }

    @Override
    public boolean tryLock(String name, String holder, Instant now, Instant until) {
        return run("Cannot take the lock " + name, connection -> {
            // The row exists from the first attempt on; only two first attempts at once can collide here.
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO job_lock (name, holder, locked_until)"
                    + " SELECT CAST(? AS VARCHAR(64)), CAST(NULL AS VARCHAR(128)), CAST(NULL AS TIMESTAMP WITH TIME ZONE)"
                    + " WHERE NOT EXISTS (SELECT 1 FROM job_lock WHERE name = ?)")) {
                ps.setString(1, name);
                ps.setString(2, name);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
            }
            try (PreparedStatement ps = connection.prepareStatement("UPDATE job_lock SET holder = ?, locked_until = ?"
                    + " WHERE name = ? AND (holder = ? OR holder IS NULL OR locked_until IS NULL OR locked_until <= ?)")) {
                ps.setString(1, holder);
                ps.setObject(2, timestamp(until));
                ps.setString(3, name);
                ps.setString(4, holder);
                ps.setObject(5, timestamp(now));
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void unlock(String name, String holder) {
        run("Cannot give up the lock " + name, connection -> {
            try (PreparedStatement ps = connection.prepareStatement("UPDATE job_lock SET holder = NULL,"
                    + " locked_until = NULL WHERE name = ? AND holder = ?")) {
                ps.setString(1, name);
                ps.setString(2, holder);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean complete(CleanupRun cleanup) {
        return run("Cannot record a cleanup", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO retention_run (cycle, instance,"
                    + " finished_at, purged) VALUES (?, ?, ?, ?)")) {
                ps.setObject(1, cleanup.cycle());
                ps.setString(2, cleanup.instance());
                ps.setObject(3, timestamp(cleanup.finishedAt()));
                ps.setLong(4, cleanup.purged());
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public List<CleanupRun> runs() {
        return run("Cannot read the cleanups", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT cycle, instance, finished_at, purged"
                    + " FROM retention_run ORDER BY cycle");
                 ResultSet rs = ps.executeQuery()) {
                List<CleanupRun> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new CleanupRun(rs.getObject(1, LocalDate.class), rs.getString(2), instant(rs, 3),
                            rs.getLong(4)));
                }
                return out;
            }
        });
    }

    private static void insertAudit(Connection connection, PurgeRecord audit) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO retention_audit (cycle, occurred_at,"
                + " instance, event_id, category, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, audit.cycle());
            ps.setObject(2, timestamp(audit.at()));
            ps.setString(3, audit.instance());
            ps.setString(4, audit.eventId());
            ps.setString(5, audit.category());
            ps.setString(6, audit.outcome());
            ps.setString(7, audit.detail().length() > 4000 ? audit.detail().substring(0, 4000) : audit.detail());
            ps.executeUpdate();
        }
    }

    @FunctionalInterface
    private interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T run(String what, ConnectionWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException(what + " at " + description + ": " + e.getMessage() + " (SQLState "
                    + e.getSQLState() + ")", e);
        }
    }

    private String write(List<String> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> read(String text) {
        if (text == null) {
            return List.of();
        }
        try {
            return json.readValue(text, STRINGS);
        } catch (JsonProcessingException e) {
            throw new StoreException("A retention event's user ids are not a JSON list of strings", e);
        }
    }

    private static Instant instant(ResultSet rs, int index) throws SQLException {
        return rs.getObject(index, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime timestamp(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    @Override
    public String toString() {
        return "JdbcRetentionStore[" + description + "]";
    }
}
