package io.privacykit.collection;

/** What {@link CollectionRecorder} does with a record the declared policy does not allow ({@code privacy.collection.mode}). */
public enum CollectionMode {
    /** Throw {@link PolicyViolationException} and store nothing. */
    STRICT,
    /** Store the record and the violation, for the conformance report. */
    REPORT
}
