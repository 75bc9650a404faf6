package io.privacykit.store.jdbc;

import io.privacykit.collection.SubjectId;
import io.privacykit.communication.Channel;
import io.privacykit.communication.CommunicationStore;
import io.privacykit.communication.PreferenceChange;
import io.privacykit.communication.PreferenceStatus;
import io.privacykit.jurisdiction.Regime;
import io.privacykit.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@link CommunicationStore} over JDBC, in the database of a {@link JdbcPrivacyStore} (tables
 * {@code communication_preference} and {@code communication_regime}, migration V6).
 */
public final class JdbcCommunicationStore implements CommunicationStore {

    private static final int ATTEMPTS = 5;
    private static final String COLUMNS = "subject_id, channel, status, regime, source, changed_at";

    private final DataSource dataSource;
    private final String description;

    JdbcCommunicationStore(DataSource dataSource, String description) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.description = description;
    }

    @Override
    public void append(PreferenceChange change) {
        Objects.requireNonNull(change, "change");
        write("Cannot record a communication preference", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO communication_preference (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, change.subject().value());
                insert.setString(2, change.channel().name());
                insert.setString(3, change.status().name());
                insert.setString(4, change.regime().name());
                insert.setString(5, change.source());
                insert.setObject(6, OffsetDateTime.ofInstant(change.at(), ZoneOffset.UTC));
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<PreferenceChange> latest(SubjectId subject, Channel channel) {
        return read("Cannot read a communication preference", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM communication_preference WHERE subject_id = ? AND channel = ?"
                    + " ORDER BY change_id DESC FETCH FIRST 1 ROWS ONLY")) {
                select.setString(1, subject.value());
                select.setString(2, channel.name());
                List<PreferenceChange> found = changes(select);
                return found.isEmpty() ? Optional.<PreferenceChange>empty() : Optional.of(found.get(0));
            }
        });
    }

    @Override
    public List<PreferenceChange> history(SubjectId subject) {
        return read("Cannot read communication preferences", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM communication_preference WHERE subject_id = ? ORDER BY change_id")) {
                select.setString(1, subject.value());
                return changes(select);
            }
        });
    }

    @Override
    public void assignRegime(SubjectId subject, Regime regime) {
        write("Cannot record a person's regime", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE communication_regime SET regime = ? WHERE subject_id = ?")) {
                update.setString(1, regime.name());
                update.setString(2, subject.value());
                if (update.executeUpdate() == 0) {
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO communication_regime (subject_id, regime) VALUES (?, ?)")) {
                        insert.setString(1, subject.value());
                        insert.setString(2, regime.name());
                        insert.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    @Override
    public Optional<Regime> regimeOf(SubjectId subject) {
        return read("Cannot read a person's regime", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT regime FROM communication_regime WHERE subject_id = ?")) {
                select.setString(1, subject.value());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(Regime.valueOf(rows.getString(1))) : Optional.<Regime>empty();
                }
            }
        });
    }

    @Override
    public int erase(SubjectId subject) {
        return write("Cannot erase a person's communication preferences", connection -> {
            // Keep the latest change per channel when it is an opt-out (GDPR Art. 17(3)(b), 21(3)).
            List<Long> kept = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT p.change_id, p.status FROM communication_preference p WHERE p.subject_id = ?"
                            + " AND p.change_id = (SELECT MAX(q.change_id) FROM communication_preference q"
                            + " WHERE q.subject_id = p.subject_id AND q.channel = p.channel)")) {
                select.setString(1, subject.value());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        if (PreferenceStatus.OPTED_OUT.name().equals(rows.getString(2))) {
                            kept.add(rows.getLong(1));
                        }
                    }
                }
            }
            int removed;
            String keep = kept.isEmpty() ? "" : " AND change_id NOT IN ("
                    + String.join(", ", kept.stream().map(String::valueOf).toList()) + ")";
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM communication_preference WHERE subject_id = ?" + keep)) {
                delete.setString(1, subject.value());
                removed = delete.executeUpdate();
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM communication_regime WHERE subject_id = ?")) {
                delete.setString(1, subject.value());
                removed += delete.executeUpdate();
            }
            return removed;
        });
    }

    private static List<PreferenceChange> changes(PreparedStatement select) throws SQLException {
        List<PreferenceChange> changes = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                changes.add(new PreferenceChange(new SubjectId(rows.getString(1)), Channel.valueOf(rows.getString(2)),
                        PreferenceStatus.valueOf(rows.getString(3)), Regime.valueOf(rows.getString(4)),
                        rows.getString(5), rows.getObject(6, OffsetDateTime.class).toInstant()));
            }
        }
        return changes;
    }

    private <T> T write(String what, ConnectionWork<T> work) {
        return withConnection(what, work, true);
    }

    private <T> T read(String what, ConnectionWork<T> work) {
        return withConnection(what, work, false);
    }

    private interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T withConnection(String what, ConnectionWork<T> work, boolean transaction) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                return transaction ? JdbcPrivacyStore.inTransaction(connection, () -> work.run(connection))
                        : work.run(connection);
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && JdbcPrivacyStore.isTransient(e)) {
                    continue;
                }
                throw new StoreException(what + " at " + description + ": " + e.getMessage() + " (SQLState "
                        + e.getSQLState() + ")", e);
            }
        }
    }
}
