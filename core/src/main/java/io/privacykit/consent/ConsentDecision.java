package io.privacykit.consent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The outcome of {@link ConsentDecider#decide}: for each policy category, in policy order, whether it is
 * allowed and why, plus how the request's privacy signals were treated. Immutable.
 */
public final class ConsentDecision {

    private final Map<String, CategoryDecision> categories;
    private final Set<String> allowedCategories;
    private final boolean gpcApplied;
    private final boolean dntHonored;
    private final boolean dntApplied;
    private final boolean needsChoice;

    /**
     * A decision.
     *
     * @param categories category name -> decision, in policy order
     * @param gpcApplied a {@code Sec-GPC: 1} signal was present and honoured
     * @param dntHonored the policy says it honours Do-Not-Track ({@link DntResponse#HONOR})
     * @param dntApplied a {@code DNT: 1} signal was present and honoured
     */
    public ConsentDecision(Map<String, CategoryDecision> categories, boolean gpcApplied, boolean dntHonored,
                           boolean dntApplied) {
        Map<String, CategoryDecision> copy = new LinkedHashMap<>(Objects.requireNonNull(categories, "categories"));
        Set<String> allowed = new LinkedHashSet<>();
        boolean awaiting = false;
        for (Map.Entry<String, CategoryDecision> category : copy.entrySet()) {
            Objects.requireNonNull(category.getValue(), category.getKey());
            if (category.getValue().allowed()) {
                allowed.add(category.getKey());
            }
            awaiting |= category.getValue().reason() == DecisionReason.AWAITING_CONSENT;
        }
        if (dntApplied && !dntHonored) {
            throw new IllegalArgumentException("DNT cannot be applied when the policy does not honour it");
        }
        this.categories = Collections.unmodifiableMap(copy);
        this.allowedCategories = Collections.unmodifiableSet(allowed);
        this.gpcApplied = gpcApplied;
        this.dntHonored = dntHonored;
        this.dntApplied = dntApplied;
        this.needsChoice = awaiting;
    }

    /** Category name -> decision, in policy order. */
    public Map<String, CategoryDecision> categories() {
        return categories;
    }

    /** Whether {@code category} is allowed; {@code false} for a name the policy does not define. */
    public boolean allowed(String category) {
        CategoryDecision decision = categories.get(category);
        return decision != null && decision.allowed();
    }

    /** The allowed categories, in policy order. */
    public Set<String> allowedCategories() {
        return allowedCategories;
    }

    /** A Global Privacy Control signal was present and honoured (binding here, or honoured everywhere by policy). */
    public boolean gpcApplied() {
        return gpcApplied;
    }

    /** The policy's stance: it honours Do-Not-Track. Reported as {@code dntHonored} whether or not DNT was sent. */
    public boolean dntHonored() {
        return dntHonored;
    }

    /** A {@code DNT: 1} signal was present and honoured. */
    public boolean dntApplied() {
        return dntApplied;
    }

    /**
     * Some category awaits an opt-in choice the visitor has not made: the banner should be shown. Never true
     * outside opt-in regimes, nor for a category a signal has already opted out.
     */
    public boolean needsChoice() {
        return needsChoice;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsentDecision d && d.categories.equals(categories) && d.gpcApplied == gpcApplied
                && d.dntHonored == dntHonored && d.dntApplied == dntApplied;
    }

    @Override
    public int hashCode() {
        return Objects.hash(categories, gpcApplied, dntHonored, dntApplied);
    }

    @Override
    public String toString() {
        return "ConsentDecision[categories=" + categories + ", gpcApplied=" + gpcApplied + ", dntHonored="
                + dntHonored + ", dntApplied=" + dntApplied + ", needsChoice=" + needsChoice + "]";
    }
}
