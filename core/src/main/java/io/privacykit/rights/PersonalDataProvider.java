package io.privacykit.rights;

import java.util.List;
import java.util.Map;

/**
 * The app's side of a rights request: the app finds the person, exports, erases, rectifies and
 * restricts what it holds. Called only after the requester's identity was verified. Implementations
 * are thread-safe; an exception leaves the request in progress for an operator.
 */
public interface PersonalDataProvider {

    /** A provider for an app that holds no personal data of its own. */
    PersonalDataProvider NONE = new PersonalDataProvider() {
    };

    /**
     * The app's user ids of the person who controls {@code email}, which are also the subject ids
     * the app links consent ids to; empty when the app knows no such person.
     */
    default List<String> userIdsOf(String email) {
        return List.of();
    }

    /**
     * Everything the app holds on the subject, as JSON values: maps with string keys, lists,
     * strings, numbers, booleans and nulls. It goes into the export bundle under {@code "app"}.
     */
    default Map<String, Object> export(DataSubject subject) {
        return Map.of();
    }

    /** Erases or anonymises what the app holds on the subject, keeping only what a law requires. */
    default ErasureResult erase(DataSubject subject) {
        return ErasureResult.removed(0);
    }

    /**
     * Purges the subject's records of one category when its retention ends (a cleanup). The default
     * erases everything, which suits a rule such as {@code account:account-deleted:next-cleanup};
     * override it when rules name narrower categories.
     */
    default ErasureResult purge(DataSubject subject, String category) {
        return erase(subject);
    }

    /** Applies corrections (field name to corrected value) the operator accepted (GDPR Art. 16). */
    default void rectify(DataSubject subject, Map<String, String> corrections) {
        throw new UnsupportedOperationException("this app does not rectify through PrivacyKit");
    }

    /** Marks the subject's data as restricted: stored but not otherwise processed (GDPR Art. 18(2)). */
    default void restrict(DataSubject subject) {
        throw new UnsupportedOperationException("this app does not restrict processing through PrivacyKit");
    }
}
