package io.privacykit.collection;

/** What happened to personal information (Cal. Civ. Code 1798.110, 1798.115). */
public enum RecordKind {
    /** Collected from a source. */
    COLLECTED,
    /** Disclosed to a recipient for a business purpose. */
    DISCLOSED,
    /** Sold: disclosed for money or other valuable consideration (1798.140(ad)). */
    SOLD,
    /** Shared for cross-context behavioural advertising (1798.140(ah)). */
    SHARED
}
