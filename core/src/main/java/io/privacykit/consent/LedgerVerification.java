package io.privacykit.consent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The outcome of checking the proof-of-consent ledger: {@link Intact}, or {@link Broken} at the
 * first record or subject link that does not fit.
 */
public sealed interface LedgerVerification {

    /** Whether everything checked out. */
    default boolean isIntact() {
        return this instanceof Intact;
    }

    /**
     * The outcome as one JSON object for an operator: {@code intact}, then {@code records},
     * {@code links}, {@code headHash} and {@code unkeyedUpTo}, or {@code part}, {@code sequence}
     * and {@code reason}.
     */
    default String toJson() {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("intact", isIntact());
        if (this instanceof Intact intact) {
            root.put("records", intact.entries());
            root.put("links", intact.links());
            root.put("headHash", intact.headHash());
            root.put("unkeyedUpTo", intact.unkeyedUpTo());
        } else if (this instanceof Broken broken) {
            root.put("part", broken.part().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            root.put("sequence", broken.sequence());
            root.put("reason", broken.reason());
        }
        return root.toString();
    }

    /**
     * Every record and link checked is in place and unchanged.
     *
     * @param entries     how many consent records were checked
     * @param headHash    the hash of the last record ({@link LedgerChain#GENESIS_HASH} when empty)
     * @param unkeyedUpTo the last record sequence that no ledger key vouches for: records written
     *                    before keys were configured (or all, when verified without a key) are only
     *                    hash-chained; 0 when every record is covered by a key
     * @param links       how many subject links (and erasures) were checked
     */
    record Intact(long entries, String headHash, long unkeyedUpTo, long links) implements LedgerVerification {
        public Intact {
            Objects.requireNonNull(headHash, "headHash");
        }

        /** An intact ledger of keyed records only and no subject links. */
        public Intact(long entries, String headHash) {
            this(entries, headHash, 0, 0);
        }
    }

    /**
     * The ledger breaks: a record or link was edited, deleted, reordered, inserted or cut off.
     *
     * @param part     which chain the first bad item is in
     * @param sequence the sequence number of the first item found missing or altered in it
     * @param reason   what does not fit, for an operator
     */
    record Broken(Part part, long sequence, String reason) implements LedgerVerification {
        public Broken {
            Objects.requireNonNull(part, "part");
            Objects.requireNonNull(reason, "reason");
        }

        /** A broken consent record. */
        public Broken(long sequence, String reason) {
            this(Part.RECORDS, sequence, reason);
        }
    }

    /** The chains of the ledger. */
    enum Part {
        /** The consent records ({@link LedgerEntry}). */
        RECORDS,
        /** The subject links and erasures ({@link SubjectLink}). */
        SUBJECT_LINKS
    }
}
