package io.privacykit.consent;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One row of the chain of subject links: that a consent id was used by a signed-in subject, or
 * that such a subject was erased. Only a salted commitment of the subject id is hashed
 * ({@link LedgerChain#linkHash}), so erasing the id and its salt leaves the chain verifiable.
 *
 * @param sequence     the position in the link chain, from 1, without gaps
 * @param kind         a link, or the erasure of a subject's commitment
 * @param consentId    the consent id linked (for an erasure: the one whose link or record was erased)
 * @param subjectId    the subject id; {@code null} once erased, and for an erasure
 * @param salt         the commitment's random salt; {@code null} once erased, and for an erasure
 * @param commitment   {@link LedgerChain#commitment} of the subject id; for an erasure, the one erased
 * @param at           when the link was first seen, or the erasure made; kept to the microsecond
 * @param previousHash the hash of the row before, or {@link LedgerChain#GENESIS_HASH}
 * @param hash         this row's hash
 * @param keyId        the id of the ledger key that sealed it, or {@code null}
 * @param mac          the row's MAC ({@link LedgerChain#linkMac}), or {@code null}
 */
public record SubjectLink(long sequence, Kind kind, String consentId, String subjectId, String salt,
                          String commitment, Instant at, String previousHash, String hash, String keyId,
                          String mac) {
    public SubjectLink {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence starts at 1: " + sequence);
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(consentId, "consentId");
        Objects.requireNonNull(commitment, "commitment");
        at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
    }

    /** What a row of the link chain records. */
    public enum Kind {
        /** A consent id seen with a signed-in subject. */
        LINK,
        /** A subject's commitment whose id and salt were erased (GDPR Art. 17). */
        ERASURE
    }
}
