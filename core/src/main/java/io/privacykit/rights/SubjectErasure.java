package io.privacykit.rights;

import java.util.Objects;
import java.util.function.Function;

/**
 * One step of an erasure over PrivacyKit's own records, such as the subject's collection records
 * or the links between the subject and their consent ids. A step is idempotent: running it again
 * after a failure removes what is left.
 */
public interface SubjectErasure {

    /** The step's name in the request's history, e.g. {@code collection-records}. */
    String name();

    /** Removes or anonymises the subject's records of this kind. */
    ErasureResult erase(DataSubject subject);

    /** A step named {@code name} doing {@code erase}. */
    static SubjectErasure of(String name, Function<DataSubject, ErasureResult> erase) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(erase, "erase");
        return new SubjectErasure() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ErasureResult erase(DataSubject subject) {
                return erase.apply(subject);
            }
        };
    }
}
