package io.privacykit.consent;

import java.util.Objects;

/**
 * One record of the proof-of-consent ledger: a {@link ConsentEvent} at its place in the hash
 * chain. {@code hash} covers the sequence, {@code previousHash} and every field of the event
 * ({@link LedgerChain}), so editing, deleting or reordering records is detectable.
 *
 * @param sequence     the position in the ledger, from 1, without gaps
 * @param event        the consent change
 * @param previousHash the hash of the record before, or {@link LedgerChain#GENESIS_HASH} for the first
 * @param hash         this record's hash: 64 lower-case hex digits of SHA-256
 */
public record LedgerEntry(long sequence, ConsentEvent event, String previousHash, String hash) {
    public LedgerEntry {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence starts at 1: " + sequence);
        }
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
    }
}
