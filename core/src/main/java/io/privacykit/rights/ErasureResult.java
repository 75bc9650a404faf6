package io.privacykit.rights;

import java.util.List;

/**
 * What one erasure step did: how many records it removed or anonymised, and what it kept because
 * a law requires keeping it (GDPR Art. 17(3)(b), (e); Cal. Civ. Code 1798.105(d)), each with its reason.
 *
 * @param removed how many records were removed or anonymised
 * @param kept    what was kept and why, e.g. "invoices: 10 years, HGB 257"; empty when nothing
 */
public record ErasureResult(long removed, List<String> kept) {
    public ErasureResult {
        if (removed < 0) {
            throw new IllegalArgumentException("removed must not be negative");
        }
        kept = List.copyOf(kept);
    }

    /** Removed {@code removed} records and kept nothing. */
    public static ErasureResult removed(long removed) {
        return new ErasureResult(removed, List.of());
    }
}
