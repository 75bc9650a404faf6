package io.privacykit.consent;

import java.util.Objects;

/**
 * The outcome of checking the proof-of-consent ledger's hash chain: {@link Intact} or
 * {@link Broken} at the first record that does not fit.
 */
public sealed interface LedgerVerification {

    /** Whether the whole chain checked out. */
    default boolean isIntact() {
        return this instanceof Intact;
    }

    /**
     * Every record is in place and unchanged.
     *
     * @param entries  how many records were checked
     * @param headHash the hash of the last record ({@link LedgerChain#GENESIS_HASH} when empty);
     *                 keep it elsewhere to prove later that nothing was cut off since
     */
    record Intact(long entries, String headHash) implements LedgerVerification {
        public Intact {
            Objects.requireNonNull(headHash, "headHash");
        }
    }

    /**
     * The chain breaks: a record was edited, deleted, reordered or cut off.
     *
     * @param sequence the sequence number of the first record found missing or altered
     * @param reason   what does not fit, for an operator
     */
    record Broken(long sequence, String reason) implements LedgerVerification {
        public Broken {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
