package io.privacykit.consent;

import java.util.Objects;

/**
 * How the proof-of-consent ledger is sealed and checked ({@code privacy.ledger.*}).
 *
 * @param keys          the keys that seal and verify records and the head
 * @param verifyOnStart how much of the ledger the store checks when it opens
 * @param verifyTail    how many of the last records (and of the last subject links) a
 *                      {@link VerifyOnStart#TAIL} check reads
 */
public record LedgerSettings(LedgerKeys keys, VerifyOnStart verifyOnStart, long verifyTail) {

    /** The default number of last records a tail check reads. */
    public static final long DEFAULT_VERIFY_TAIL = 10_000;

    /** No key and no check at start-up: what a store opened without settings does. */
    public static final LedgerSettings UNKEYED = new LedgerSettings(LedgerKeys.NONE, VerifyOnStart.NONE,
            DEFAULT_VERIFY_TAIL);

    public LedgerSettings {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(verifyOnStart, "verifyOnStart");
        if (verifyTail < 1) {
            throw new IllegalArgumentException("verifyTail must be at least 1: " + verifyTail);
        }
    }

    /** These settings with another start-up check. */
    public LedgerSettings withVerifyOnStart(VerifyOnStart check) {
        return new LedgerSettings(keys, check, verifyTail);
    }

    /** How much of the ledger is checked when the store opens; a broken ledger never stops the start. */
    public enum VerifyOnStart {
        /** No check. */
        NONE,
        /** The last {@code verifyTail} records and subject links, and the head: bounded cost. */
        TAIL,
        /** Everything: cost grows with the ledger. */
        FULL
    }
}
