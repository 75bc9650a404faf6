package io.privacykit.rights;

import java.util.List;
import java.util.Optional;

/** The answer to a submitted request. The same for an address PrivacyKit and the app know and one they don't. */
public sealed interface Submission {

    /**
     * Taken (202): a verification link went to the address, or the app vouched for its signed-in user.
     *
     * @param request    the request
     * @param fulfilment what happened already, when the request was verified at once
     */
    record Accepted(RequestView request, Optional<Fulfilment> fulfilment) implements Submission {
    }

    /**
     * Refused for bad input (400), naming every bad field.
     *
     * @param errors the bad fields
     */
    record Invalid(List<FieldError> errors) implements Submission {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }

    /**
     * The verification message could not be sent (503); the request is kept, marked for the operator.
     *
     * @param message why, safe to show
     */
    record Unavailable(String message) implements Submission {
    }
}
