package io.privacykit.consent;

import io.privacykit.consent.LedgerVerification.Broken;
import io.privacykit.consent.LedgerVerification.Part;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A walk along the ledger's two chains, consent records and subject links, in order, that finds
 * the first item that does not fit: a gap, a reordering, contents that do not match their hash, a
 * MAC that does not match (a rewrite without the ledger key), a subject removed without a recorded
 * erasure, items beyond the head, or a head that is not authentic (moved back over a cut tail).
 * Feed every record ({@link #record}) and then every link ({@link #link}), then {@link #finish}.
 * Not thread-safe; one per check.
 *
 * <p>With keys, records written before the first sealed one (by a version without keys) are
 * accepted as unkeyed and reported ({@link LedgerVerification.Intact#unkeyedUpTo()}); once one
 * record is sealed, every later one must be, and the head must be sealed.
 */
public final class LedgerAudit {

    private final LedgerKeys keys;
    private final LedgerHead head;
    private final Set<String> erased;

    private long sequence;
    private String hash = LedgerChain.GENESIS_HASH;
    private long records;
    private boolean recordSealed;
    private boolean version2;
    private long unkeyedUpTo;

    private long linkSequence;
    private String linkHash = LedgerChain.GENESIS_HASH;
    private long links;
    private boolean linkSealed;

    /**
     * @param keys   the ledger keys; {@link LedgerKeys#NONE} checks the hash chains only
     * @param head   the stored head, or {@code null} to check the chains alone
     * @param erased the commitments that valid erasures name ({@link #erasure})
     */
    public LedgerAudit(LedgerKeys keys, LedgerHead head, Set<String> erased) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.head = head;
        this.erased = Set.copyOf(erased);
    }

    /** Starts the record walk after this record instead of the first (a tail check trusts it). */
    public void startRecordsAfter(long sequence, String hash) {
        this.sequence = sequence;
        this.hash = Objects.requireNonNull(hash, "hash");
    }

    /** Starts the link walk after this link instead of the first (a tail check trusts it). */
    public void startLinksAfter(long sequence, String hash) {
        this.linkSequence = sequence;
        this.linkHash = Objects.requireNonNull(hash, "hash");
    }

    /** Checks the next consent record; empty when it fits. */
    public Optional<Broken> record(LedgerEntry entry) {
        long n = entry.sequence();
        long expected = sequence + 1;
        if (head != null && n > head.sequence()) {
            return broken(Part.RECORDS, n, "record " + n + " lies beyond the ledger head " + head.sequence());
        }
        if (n > expected) {
            return broken(Part.RECORDS, expected, "record " + expected + " is missing (next found: " + n + ")");
        }
        if (n < expected) {
            return broken(Part.RECORDS, n, "record " + n + " is out of order or repeated after record " + sequence);
        }
        if (!entry.previousHash().equals(hash)) {
            return broken(Part.RECORDS, n, "record " + n + " does not follow record " + sequence
                    + ": its previous hash does not match");
        }
        LedgerEntry.Seal seal = entry.seal();
        if (!LedgerChain.hash(n, entry.previousHash(), entry.event(), seal).equals(entry.hash())) {
            return broken(Part.RECORDS, n, "record " + n + " was altered: its contents do not match its hash");
        }
        if (seal.format() == 1 && version2) {
            return broken(Part.RECORDS, n, "record " + n + " is in the first format after a newer record");
        }
        version2 |= seal.format() == 2;
        if (seal.format() == 2) {
            Optional<String> subject = subject(entry.event().subjectId(), seal.subjectSalt(), seal.subjectCommitment());
            if (subject.isPresent()) {
                return broken(Part.RECORDS, n, "record " + n + subject.get());
            }
        }
        Optional<String> mac = mac(seal.keyId(), seal.mac(), recordSealed,
                key -> LedgerChain.recordMac(key, n, seal.format(), entry.hash()));
        if (mac.isPresent()) {
            return broken(Part.RECORDS, n, "record " + n + mac.get());
        }
        if (seal.isSealed() && keys.isKeyed()) {
            recordSealed = true;
        } else {
            unkeyedUpTo = n;
        }
        sequence = n;
        hash = entry.hash();
        records++;
        return Optional.empty();
    }

    /** Checks the next subject link or erasure; empty when it fits. */
    public Optional<Broken> link(SubjectLink link) {
        long n = link.sequence();
        long expected = linkSequence + 1;
        if (head != null && n > head.linkSequence()) {
            return broken(Part.SUBJECT_LINKS, n, "subject link " + n + " lies beyond the ledger head's last link "
                    + head.linkSequence());
        }
        if (n > expected) {
            return broken(Part.SUBJECT_LINKS, expected, "subject link " + expected + " is missing (next found: " + n + ")");
        }
        if (n < expected) {
            return broken(Part.SUBJECT_LINKS, n, "subject link " + n + " is out of order or repeated");
        }
        if (!link.previousHash().equals(linkHash)) {
            return broken(Part.SUBJECT_LINKS, n, "subject link " + n + " does not follow link " + linkSequence
                    + ": its previous hash does not match");
        }
        if (!hashOf(link).equals(link.hash())) {
            return broken(Part.SUBJECT_LINKS, n, "subject link " + n
                    + " was altered: its contents do not match its hash");
        }
        Optional<String> subject = link.kind() == SubjectLink.Kind.LINK
                ? subject(link.subjectId(), link.salt(), link.commitment())
                : link.subjectId() == null && link.salt() == null ? Optional.empty()
                : Optional.of(" is an erasure that names a subject");
        if (subject.isPresent()) {
            return broken(Part.SUBJECT_LINKS, n, "subject link " + n + subject.get());
        }
        Optional<String> mac = mac(link.keyId(), link.mac(), linkSealed, key -> LedgerChain.linkMac(key, n, link.hash()));
        if (mac.isPresent()) {
            return broken(Part.SUBJECT_LINKS, n, "subject link " + n + mac.get());
        }
        linkSealed |= link.mac() != null && keys.isKeyed();
        linkSequence = n;
        linkHash = link.hash();
        links++;
        return Optional.empty();
    }

    /**
     * Checks an erasure on its own, wherever it stands in the link chain: its hash, and its MAC
     * when there are keys. Only the commitments of erasures that pass may be given as erased.
     */
    public static Optional<Broken> erasure(SubjectLink erasure, LedgerKeys keys) {
        long n = erasure.sequence();
        if (erasure.kind() != SubjectLink.Kind.ERASURE || !hashOf(erasure).equals(erasure.hash())) {
            return broken(Part.SUBJECT_LINKS, n, "erasure " + n + " was altered: its contents do not match its hash");
        }
        if (keys.isKeyed()) {
            if (erasure.mac() == null) {
                return broken(Part.SUBJECT_LINKS, n, "erasure " + n + " carries no MAC: it was not made by PrivacyKit");
            }
            Optional<SigningKey> key = keys.key(erasure.keyId());
            if (key.isEmpty() || !LedgerChain.linkMac(key.get(), n, erasure.hash()).equals(erasure.mac())) {
                return broken(Part.SUBJECT_LINKS, n, "erasure " + n + " was forged: its MAC does not match");
            }
        }
        return Optional.empty();
    }

    /** Checks that the walks ended at the head and that the head is authentic. */
    public LedgerVerification finish() {
        if (head != null) {
            if (sequence < head.sequence()) {
                return new Broken(Part.RECORDS, sequence + 1, "records " + (sequence + 1) + " to " + head.sequence()
                        + " are missing: the ledger ends before its head");
            }
            if (!hash.equals(head.hash())) {
                return new Broken(Part.RECORDS, head.sequence(), "the last record's hash does not match the stored ledger head");
            }
            if (linkSequence < head.linkSequence()) {
                return new Broken(Part.SUBJECT_LINKS, linkSequence + 1, "subject links " + (linkSequence + 1) + " to "
                        + head.linkSequence() + " are missing: the links end before the ledger head");
            }
            if (!linkHash.equals(head.linkHash())) {
                return new Broken(Part.SUBJECT_LINKS, head.linkSequence(),
                        "the last subject link's hash does not match the stored ledger head");
            }
            if (keys.isKeyed()) {
                Optional<Broken> sealed = headSeal();
                if (sealed.isPresent()) {
                    return sealed.get();
                }
            }
        }
        return new LedgerVerification.Intact(records, hash, keys.isKeyed() ? unkeyedUpTo : sequence, links);
    }

    private Optional<Broken> headSeal() {
        long after = head.sequence() + 1;
        if (head.mac() == null) {
            if (recordSealed || linkSealed) {
                return broken(Part.RECORDS, after, "the ledger head carries no MAC though sealed records do:"
                        + " it was replaced, and records after " + head.sequence() + " may have been cut off");
            }
            return Optional.empty(); // nothing was ever sealed: a ledger from before keys
        }
        Optional<SigningKey> key = keys.key(head.keyId());
        if (key.isEmpty()) {
            return broken(Part.RECORDS, after, "the ledger head is sealed with key '" + head.keyId()
                    + "', which is not configured");
        }
        if (!LedgerChain.headMac(key.get(), head.sequence(), head.hash(), head.linkSequence(), head.linkHash())
                .equals(head.mac())) {
            return broken(Part.RECORDS, after, "the ledger head is not authentic (its MAC does not match): it was"
                    + " moved or altered without the ledger key, and records after " + head.sequence()
                    + " (or subject links after " + head.linkSequence() + ") may have been cut off");
        }
        return Optional.empty();
    }

    /** Why a subject id, salt and commitment do not fit together; empty when they do. */
    private Optional<String> subject(String subjectId, String salt, String commitment) {
        if (subjectId != null) {
            if (salt == null || commitment == null || !LedgerChain.commitment(salt, subjectId).equals(commitment)) {
                return Optional.of("'s subject was altered: it does not match its commitment");
            }
            return Optional.empty();
        }
        if (commitment != null && (salt != null || !erased.contains(commitment))) {
            return Optional.of("'s subject was removed without a recorded erasure");
        }
        return Optional.empty();
    }

    /** Why a MAC does not fit; empty when it does, or when there is no key to check it with. */
    private Optional<String> mac(String keyId, String mac, boolean sealedBefore,
                                 java.util.function.Function<SigningKey, String> expected) {
        if (!keys.isKeyed()) {
            return Optional.empty();
        }
        if (mac == null) {
            return sealedBefore ? Optional.of(" carries no MAC though earlier ones do: it was replaced") : Optional.empty();
        }
        Optional<SigningKey> key = keys.key(keyId);
        if (key.isEmpty()) {
            return Optional.of(" is sealed with key '" + keyId + "', which is not configured");
        }
        if (!expected.apply(key.get()).equals(mac)) {
            return Optional.of(" was altered: its MAC does not match (rewritten without the ledger key)");
        }
        return Optional.empty();
    }

    private static String hashOf(SubjectLink link) {
        return LedgerChain.linkHash(link.sequence(), link.previousHash(), link.kind(), link.consentId(),
                link.commitment(), link.at());
    }

    private static Optional<Broken> broken(Part part, long sequence, String reason) {
        return Optional.of(new Broken(part, sequence, reason));
    }
}
