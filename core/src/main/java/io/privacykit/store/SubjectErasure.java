package io.privacykit.store;

/**
 * What {@link PrivacyStore#eraseSubject} did.
 *
 * @param linksErased         subject links whose subject id and salt were erased
 * @param recordsErased       consent records whose subject id and salt were erased
 * @param legacyRecordsKept   consent records of the first format that still hold the subject id:
 *                            their hash covers it, so erasing it would break the chain
 */
public record SubjectErasure(int linksErased, int recordsErased, int legacyRecordsKept) {

    /** Whether anything was erased. */
    public boolean erasedAnything() {
        return linksErased + recordsErased > 0;
    }
}
