package io.privacykit.consent;

import java.util.Objects;

/**
 * The head of the ledger, kept apart from its records: the last consent record and the last
 * subject link, sealed together with a MAC ({@link LedgerChain#headMac}) so that a cut tail, or
 * the head moved back over it, is detected by anyone holding a ledger key.
 *
 * @param sequence     the last consent record's sequence number (0 when empty)
 * @param hash         its hash ({@link LedgerChain#GENESIS_HASH} when empty)
 * @param linkSequence the last subject link's sequence number (0 when none)
 * @param linkHash     its hash ({@link LedgerChain#GENESIS_HASH} when none)
 * @param keyId        the id of the key that sealed the head, or {@code null} when unsealed
 * @param mac          the head's MAC, or {@code null} when unsealed
 */
public record LedgerHead(long sequence, String hash, long linkSequence, String linkHash, String keyId, String mac) {

    /** The head of an empty ledger. */
    public static final LedgerHead EMPTY = new LedgerHead(0, LedgerChain.GENESIS_HASH, 0, LedgerChain.GENESIS_HASH,
            null, null);

    public LedgerHead {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(linkHash, "linkHash");
        if ((keyId == null) != (mac == null)) {
            throw new IllegalArgumentException("a MAC needs its key id and a key id its MAC");
        }
    }
}
