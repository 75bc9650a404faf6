package io.privacykit.collection;

import java.util.stream.Collectors;

/** Thrown in {@code strict} mode for a record the declared policy does not allow; nothing was stored. */
public final class PolicyViolationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Outcome.Violation violation;

    /** The exception for {@code violation}. */
    public PolicyViolationException(Outcome.Violation violation) {
        super(message(violation));
        this.violation = violation;
    }

    /** The violation: the record and every finding. */
    public Outcome.Violation violation() {
        return violation;
    }

    /** The first finding's kind. */
    public ViolationKind kind() {
        return violation.kind();
    }

    private static String message(Outcome.Violation violation) {
        PiRecord r = violation.record();
        return r.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + r.category() + " for " + r.purpose()
                + " (" + r.counterpart() + ") is not what the privacy policy declares: "
                + violation.findings().stream().map(f -> f.kind() + ": " + f.detail()).collect(Collectors.joining("; "));
    }
}
