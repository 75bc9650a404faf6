package io.privacykit.rights;

import java.util.List;

/** The answer to placing or releasing a legal hold on a person by address. */
public sealed interface HoldResult {

    /**
     * Done (200), and written to the history of each of the person's requests.
     *
     * @param holds the holds in force afterwards
     */
    record Done(List<LegalHold> holds) implements HoldResult {
        public Done {
            holds = List.copyOf(holds);
        }
    }

    /**
     * Bad input (400), naming every bad field; nothing changed.
     *
     * @param errors the bad fields
     */
    record Invalid(List<FieldError> errors) implements HoldResult {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }

    /**
     * Not possible (400): no retention job, or no hold to release; nothing changed.
     *
     * @param message why, safe to show
     */
    record NotAllowed(String message) implements HoldResult {
    }
}
