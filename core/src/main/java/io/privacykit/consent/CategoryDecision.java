package io.privacykit.consent;

import java.util.Objects;

/**
 * Whether one category is allowed for a request, and why.
 *
 * @param allowed whether its cookies may be set and its hosts loaded; always {@code reason.allows()}
 * @param reason  the rule that decided
 */
public record CategoryDecision(boolean allowed, DecisionReason reason) {

    private static final CategoryDecision[] BY_REASON = new CategoryDecision[DecisionReason.values().length];

    static {
        for (DecisionReason reason : DecisionReason.values()) {
            BY_REASON[reason.ordinal()] = new CategoryDecision(reason.allows(), reason);
        }
    }

    public CategoryDecision {
        Objects.requireNonNull(reason, "reason");
        if (allowed != reason.allows()) {
            throw new IllegalArgumentException(reason + " cannot be " + (allowed ? "allowed" : "withheld"));
        }
    }

    /** The decision for {@code reason} (whose allowed-ness is fixed by the reason). */
    public static CategoryDecision of(DecisionReason reason) {
        return BY_REASON[reason.ordinal()];
    }
}
