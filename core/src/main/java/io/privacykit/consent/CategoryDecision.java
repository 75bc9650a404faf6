package io.privacykit.consent;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Whether one category is allowed for a request, and why.
 *
 * @param allowed whether its cookies may be set and its hosts loaded; always {@code reason.allows()}
 * @param reason  the rule that decided
 */
public record CategoryDecision(boolean allowed, DecisionReason reason) {

    /** One shared decision per reason, so deciding a request allocates none. */
    private static final Map<DecisionReason, CategoryDecision> BY_REASON = byReason();

    public CategoryDecision {
        Objects.requireNonNull(reason, "reason");
        if (allowed != reason.allows()) {
            throw new IllegalArgumentException(reason + " cannot be " + (allowed ? "allowed" : "withheld"));
        }
    }

    /** The decision for {@code reason} (whose allowed-ness is fixed by the reason). */
    public static CategoryDecision of(DecisionReason reason) {
        return BY_REASON.get(reason);
    }

    private static Map<DecisionReason, CategoryDecision> byReason() {
        Map<DecisionReason, CategoryDecision> decisions = new EnumMap<>(DecisionReason.class);
        for (DecisionReason reason : DecisionReason.values()) {
            decisions.put(reason, new CategoryDecision(reason.allows(), reason));
        }
        return Collections.unmodifiableMap(decisions);
    }
}
