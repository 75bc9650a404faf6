package io.privacykit.consent;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The hash chain of the proof-of-consent ledger: how a record's hash is made and how a sequence of
 * records is verified.
 *
 * <p>A record's hash is the lower-case hex SHA-256 of this serialization (format
 * {@value #FORMAT}), where a <em>string</em> is one byte 0 for null, or one byte 1, a 4-byte
 * big-endian length and that many UTF-8 bytes; integers are big-endian:
 * <ol>
 *   <li>string {@value #FORMAT}</li>
 *   <li>8-byte sequence; string previous hash</li>
 *   <li>strings consent id; 8-byte epoch second and 4-byte nanosecond of the time; strings policy
 *       version, regime code, law, location source code (upper case), country, region</li>
 *   <li>4-byte number of choices, then per category in ascending order of its name (UTF-16 code
 *       units): string name, one byte 1 (granted) or 0</li>
 *   <li>strings method (upper case), page, IP hash, user agent, subject id</li>
 * </ol>
 * Every field is length-prefixed, so no two different records serialize alike; choices are sorted,
 * so the hash does not depend on the order they were given in. The first record's previous hash is
 * {@link #GENESIS_HASH}.
 */
public final class LedgerChain {

    /** The previous hash of the first record: 64 zeros. */
    public static final String GENESIS_HASH = "0".repeat(64);

    /** The name of the serialization hashed, part of what is hashed. */
    public static final String FORMAT = "privacykit-ledger-v1";

    private static final HexFormat HEX = HexFormat.of();

    private LedgerChain() {
    }

    /**
     * The record that follows a chain whose last record has {@code previousSequence} and
     * {@code previousHash} (0 and {@link #GENESIS_HASH} for an empty ledger).
     */
    public static LedgerEntry link(long previousSequence, String previousHash, ConsentEvent event) {
        long sequence = previousSequence + 1;
        return new LedgerEntry(sequence, event, previousHash, hash(sequence, previousHash, event));
    }

    /** The hash of a record with these contents. */
    public static String hash(long sequence, String previousHash, ConsentEvent event) {
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(event, "event");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            string(out, FORMAT);
            out.writeLong(sequence);
            string(out, previousHash);
            string(out, event.consentId());
            out.writeLong(event.at().getEpochSecond());
            out.writeInt(event.at().getNano());
            string(out, event.policyVersion());
            string(out, event.regime().name());
            string(out, event.law());
            string(out, event.locationSource().name());
            string(out, event.country());
            string(out, event.region());
            Map<String, Boolean> sorted = new TreeMap<>(event.choices());
            out.writeInt(sorted.size());
            for (Map.Entry<String, Boolean> choice : sorted.entrySet()) {
                string(out, choice.getKey());
                out.writeByte(choice.getValue() ? 1 : 0);
            }
            string(out, event.method().name());
            string(out, event.page());
            string(out, event.ipHash());
            string(out, event.userAgent());
            string(out, event.subjectId());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return HEX.formatHex(sha256().digest(bytes.toByteArray()));
    }

    /**
     * Checks records given in ledger order, starting from the first: each must have the next
     * sequence number, name the hash of the record before, and hash to its stored hash. Without a
     * stored head this cannot notice records cut off the end; see the other overload.
     */
    public static LedgerVerification verify(Iterable<LedgerEntry> entries) {
        Walk walk = new Walk();
        for (LedgerEntry entry : entries) {
            LedgerVerification.Broken broken = walk.step(entry);
            if (broken != null) {
                return broken;
            }
        }
        return new LedgerVerification.Intact(walk.sequence, walk.hash);
    }

    /**
     * Checks records as {@link #verify(Iterable)} does and that they end exactly at the separately
     * stored head, so a deleted tail, or records beyond the head, are found too.
     */
    public static LedgerVerification verify(Iterable<LedgerEntry> entries, long headSequence, String headHash) {
        Objects.requireNonNull(headHash, "headHash");
        Walk walk = new Walk();
        for (LedgerEntry entry : entries) {
            if (entry.sequence() > headSequence) {
                return new LedgerVerification.Broken(entry.sequence(),
                        "record " + entry.sequence() + " lies beyond the ledger head " + headSequence);
            }
            LedgerVerification.Broken broken = walk.step(entry);
            if (broken != null) {
                return broken;
            }
        }
        if (walk.sequence < headSequence) {
            return new LedgerVerification.Broken(walk.sequence + 1, "records " + (walk.sequence + 1)
                    + " to " + headSequence + " are missing: the ledger ends before its head");
        }
        if (!walk.hash.equals(headHash)) {
            return new LedgerVerification.Broken(headSequence,
                    "the last record's hash does not match the stored ledger head");
        }
        return new LedgerVerification.Intact(walk.sequence, walk.hash);
    }

    /** The state of a walk along the chain: the last record accepted. */
    private static final class Walk {
        long sequence;
        String hash = GENESIS_HASH;

        LedgerVerification.Broken step(LedgerEntry entry) {
            long expected = sequence + 1;
            if (entry.sequence() > expected) {
                return new LedgerVerification.Broken(expected, "record " + expected + " is missing (next found: "
                        + entry.sequence() + ")");
            }
            if (entry.sequence() < expected) {
                return new LedgerVerification.Broken(entry.sequence(), "record " + entry.sequence()
                        + " is out of order or repeated after record " + sequence);
            }
            if (!entry.previousHash().equals(hash)) {
                return new LedgerVerification.Broken(expected, "record " + expected
                        + " does not follow record " + sequence + ": its previous hash does not match");
            }
            if (!hash(entry.sequence(), entry.previousHash(), entry.event()).equals(entry.hash())) {
                return new LedgerVerification.Broken(expected, "record " + expected
                        + " was altered: its contents do not match its hash");
            }
            sequence = expected;
            hash = entry.hash();
            return null;
        }
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeByte(0);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeByte(1);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
