package io.privacykit.consent;

import java.util.Objects;

/**
 * One record of the proof-of-consent ledger: a {@link ConsentEvent} at its place in the hash
 * chain. {@code hash} covers the sequence, {@code previousHash} and every field of the event
 * ({@link LedgerChain}), so editing, deleting or reordering records is detectable; the
 * {@link Seal} adds a keyed MAC, so a rewrite by someone without the ledger key is detectable too.
 *
 * @param sequence     the position in the ledger, from 1, without gaps
 * @param event        the consent change
 * @param previousHash the hash of the record before, or {@link LedgerChain#GENESIS_HASH} for the first
 * @param hash         this record's hash: 64 lower-case hex digits of SHA-256
 * @param seal         the record's format, subject commitment and MAC
 */
public record LedgerEntry(long sequence, ConsentEvent event, String previousHash, String hash, Seal seal) {
    public LedgerEntry {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence starts at 1: " + sequence);
        }
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(seal, "seal");
    }

    /** A record of the first, unkeyed format ({@link Seal#LEGACY}). */
    public LedgerEntry(long sequence, ConsentEvent event, String previousHash, String hash) {
        this(sequence, event, previousHash, hash, Seal.LEGACY);
    }

    /**
     * What a record carries besides its event and hash.
     *
     * @param format            1 ({@link LedgerChain#FORMAT}: the subject id itself is hashed) or 2
     *                          ({@link LedgerChain#FORMAT_V2}: only its commitment is)
     * @param subjectCommitment format 2: {@link LedgerChain#commitment} of the subject id, or
     *                          {@code null} when the record has no subject
     * @param subjectSalt       format 2: the random salt of the commitment; {@code null} once the
     *                          subject is erased, which leaves the commitment unlinkable
     * @param keyId             the id of the ledger key that sealed it, or {@code null} when unsealed
     * @param mac               the record's MAC ({@link LedgerChain#recordMac}), or {@code null}
     */
    public record Seal(int format, String subjectCommitment, String subjectSalt, String keyId, String mac) {

        /** A format-1 record: no commitment, no MAC. */
        public static final Seal LEGACY = new Seal(1, null, null, null, null);

        public Seal {
            if (format != 1 && format != 2) {
                throw new IllegalArgumentException("unknown record format " + format);
            }
            if ((keyId == null) != (mac == null)) {
                throw new IllegalArgumentException("a MAC needs its key id and a key id its MAC");
            }
        }

        /** Whether a ledger key sealed the record. */
        public boolean isSealed() {
            return mac != null;
        }
    }
}
