package io.privacykit.store.jdbc;

import io.privacykit.consent.ConsentEvent;
import io.privacykit.consent.LedgerChain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** What an intruder with database access but no ledger key can compute: the public hash of a record. */
final class Attacker {

    private Attacker() {
    }

    /** The hash record {@code sequence} would have with these contents, in its stored format. */
    static String rehash(long sequence, String previousHash, ConsentEvent event, Connection connection)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT record_format, subject_commitment FROM consent_ledger WHERE sequence = ?")) {
            ps.setLong(1, sequence);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1 ? LedgerChain.hash(sequence, previousHash, event)
                        : LedgerChain.hashV2(sequence, previousHash, event, rs.getString(2));
            }
        }
    }
}
