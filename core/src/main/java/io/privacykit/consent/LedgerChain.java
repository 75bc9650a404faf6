package io.privacykit.consent;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
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
 *
 * <p>Format 2 ({@value #FORMAT_V2}) is the same serialization under its own name, except that the
 * last string is the subject's {@link #commitment} instead of the subject id, so that erasing the
 * id (and the commitment's salt) leaves the chain intact. A record may carry a MAC
 * ({@link #recordMac}) under a ledger key, the subject links form a second chain
 * ({@link #linkHash}, {@link #linkMac}), and the head that names the last of both is sealed too
 * ({@link #headMac}): without the key, nobody can rewrite the records, links or head consistently.
 */
public final class LedgerChain {

    /** The previous hash of the first record: 64 zeros. */
    public static final String GENESIS_HASH = "0".repeat(64);

    /** The name of the serialization hashed, part of what is hashed. */
    public static final String FORMAT = "privacykit-ledger-v1";

    /** The name of the format-2 serialization, which hashes a commitment of the subject id. */
    public static final String FORMAT_V2 = "privacykit-ledger-v2";

    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

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

    /**
     * The format-2 record that follows a chain whose last record has {@code previousSequence} and
     * {@code previousHash}: the subject id (if any) committed with a fresh random salt, and sealed
     * with the first of {@code keys} (unsealed when there is none).
     */
    public static LedgerEntry link(long previousSequence, String previousHash, ConsentEvent event, LedgerKeys keys) {
        long sequence = previousSequence + 1;
        String salt = event.subjectId() == null ? null : salt();
        String commitment = salt == null ? null : commitment(salt, event.subjectId());
        String hash = hashV2(sequence, previousHash, event, commitment);
        String keyId = keys.sealing().map(SigningKey::id).orElse(null);
        String mac = keys.sealing().map(key -> recordMac(key, sequence, 2, hash)).orElse(null);
        return new LedgerEntry(sequence, event, previousHash, hash, new LedgerEntry.Seal(2, commitment, salt, keyId, mac));
    }

    /** The hash of a record with these contents, in the format its seal names. */
    public static String hash(long sequence, String previousHash, ConsentEvent event, LedgerEntry.Seal seal) {
        return seal.format() == 1 ? hash(sequence, previousHash, event)
                : hashV2(sequence, previousHash, event, seal.subjectCommitment());
    }

    /** The format-2 hash of a record: the subject is hashed as its commitment, or null. */
    public static String hashV2(long sequence, String previousHash, ConsentEvent event, String subjectCommitment) {
        return record(FORMAT_V2, sequence, previousHash, event, subjectCommitment);
    }

    /** The hash of a record with these contents (format 1). */
    public static String hash(long sequence, String previousHash, ConsentEvent event) {
        return record(FORMAT, sequence, previousHash, event, event.subjectId());
    }

    private static String record(String format, long sequence, String previousHash, ConsentEvent event,
                                 String subject) {
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(event, "event");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            string(out, format);
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
            string(out, subject);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return HEX.formatHex(sha256().digest(bytes.toByteArray()));
    }

    /**
     * The commitment to a subject id that the chains hash instead of the id: SHA-256 of the strings
     * {@code privacykit-subject-v1}, the salt (32 random hex digits) and the id. Once the id and
     * the salt are erased, nobody can tell whose it was.
     */
    public static String commitment(String salt, String subjectId) {
        return digest(out -> {
            string(out, "privacykit-subject-v1");
            string(out, Objects.requireNonNull(salt, "salt"));
            string(out, Objects.requireNonNull(subjectId, "subjectId"));
        });
    }

    /** 128 random bits as 32 hex digits, the salt of a new commitment. */
    public static String salt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return HEX.formatHex(salt);
    }

    /**
     * A record's MAC: hex HMAC-SHA256 under a ledger key of the strings
     * {@code privacykit-ledger-record-mac}, then the 8-byte sequence, 4-byte format and string hash.
     */
    public static String recordMac(SigningKey key, long sequence, int format, String hash) {
        return LedgerKeys.mac(key, bytes(out -> {
            string(out, "privacykit-ledger-record-mac");
            out.writeLong(sequence);
            out.writeInt(format);
            string(out, hash);
        }));
    }

    /**
     * A subject link's hash: SHA-256 of the strings {@code privacykit-link-v1}, then the 8-byte
     * sequence, the strings previous hash, kind, consent id and commitment, and the 8-byte epoch
     * second and 4-byte nanosecond of its time. The subject id and salt are not hashed.
     */
    public static String linkHash(long sequence, String previousHash, SubjectLink.Kind kind, String consentId,
                                  String commitment, Instant at) {
        return digest(out -> {
            string(out, "privacykit-link-v1");
            out.writeLong(sequence);
            string(out, previousHash);
            string(out, kind.name());
            string(out, consentId);
            string(out, commitment);
            out.writeLong(at.getEpochSecond());
            out.writeInt(at.getNano());
        });
    }

    /** A subject link's MAC: as {@link #recordMac} under the label {@code privacykit-link-mac}. */
    public static String linkMac(SigningKey key, long sequence, String hash) {
        return LedgerKeys.mac(key, bytes(out -> {
            string(out, "privacykit-link-mac");
            out.writeLong(sequence);
            string(out, hash);
        }));
    }

    /**
     * The head's MAC: hex HMAC-SHA256 of the string {@code privacykit-ledger-head-mac}, the 8-byte
     * last record sequence, string its hash, 8-byte last link sequence and string its hash. Its
     * label differs from a record's, so a record's MAC is never a valid head MAC.
     */
    public static String headMac(SigningKey key, long sequence, String hash, long linkSequence, String linkHash) {
        return LedgerKeys.mac(key, bytes(out -> {
            string(out, "privacykit-ledger-head-mac");
            out.writeLong(sequence);
            string(out, hash);
            out.writeLong(linkSequence);
            string(out, linkHash);
        }));
    }

    /** The link that follows the last one, sealed with the first of {@code keys} if any. */
    public static SubjectLink link(long previousSequence, String previousHash, SubjectLink.Kind kind, String consentId,
                                   String subjectId, String salt, String commitment, Instant at, LedgerKeys keys) {
        long sequence = previousSequence + 1;
        Instant micros = at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        String hash = linkHash(sequence, previousHash, kind, consentId, commitment, micros);
        String keyId = keys.sealing().map(SigningKey::id).orElse(null);
        String mac = keys.sealing().map(key -> linkMac(key, sequence, hash)).orElse(null);
        return new SubjectLink(sequence, kind, consentId, subjectId, salt, commitment, micros, previousHash, hash,
                keyId, mac);
    }

    /** The head naming these last items, sealed with the first of {@code keys} if any. */
    public static LedgerHead head(long sequence, String hash, long linkSequence, String linkHash, LedgerKeys keys) {
        String keyId = keys.sealing().map(SigningKey::id).orElse(null);
        String mac = keys.sealing().map(key -> headMac(key, sequence, hash, linkSequence, linkHash)).orElse(null);
        return new LedgerHead(sequence, hash, linkSequence, linkHash, keyId, mac);
    }

    @FunctionalInterface
    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] bytes(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    private static String digest(Writer writer) {
        return HEX.formatHex(sha256().digest(bytes(writer)));
    }

    /**
     * Checks records given in ledger order, starting from the first: each must have the next
     * sequence number, name the hash of the record before, and hash to its stored hash. Without a
     * stored head this cannot notice records cut off the end, and without a key not a consistent
     * rewrite; see {@link LedgerAudit}.
     */
    public static LedgerVerification verify(Iterable<LedgerEntry> entries) {
        return audit(new LedgerAudit(LedgerKeys.NONE, null, java.util.Set.of()), entries);
    }

    /**
     * Checks records as {@link #verify(Iterable)} does and that they end exactly at the separately
     * stored head, so a deleted tail, or records beyond the head, are found too.
     */
    public static LedgerVerification verify(Iterable<LedgerEntry> entries, long headSequence, String headHash) {
        Objects.requireNonNull(headHash, "headHash");
        return audit(new LedgerAudit(LedgerKeys.NONE,
                new LedgerHead(headSequence, headHash, 0, GENESIS_HASH, null, null), java.util.Set.of()), entries);
    }

    private static LedgerVerification audit(LedgerAudit audit, Iterable<LedgerEntry> entries) {
        for (LedgerEntry entry : entries) {
            java.util.Optional<LedgerVerification.Broken> broken = audit.record(entry);
            if (broken.isPresent()) {
                return broken.get();
            }
        }
        return audit.finish();
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
