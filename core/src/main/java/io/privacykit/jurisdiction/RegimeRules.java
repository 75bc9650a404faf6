package io.privacykit.jurisdiction;

import io.privacykit.geo.Location;
import java.util.Objects;
import java.util.Set;

/**
 * The rules of one regime at one place and time, everything a {@link Jurisdiction} holds except
 * the visitor's location. Instances are precomputed, so resolving a request allocates only the
 * {@link Jurisdiction} itself ({@code Set.copyOf} of an immutable set returns the same set).
 */
record RegimeRules(Regime regime, String law, ConsentModel consentModel, Deadline dsrDeadline,
                   int childConsentAge, boolean gpcBinding, Set<SpecialRight> specialRights) {

    RegimeRules {
        Objects.requireNonNull(regime, "regime");
        Objects.requireNonNull(law, "law");
        Objects.requireNonNull(consentModel, "consentModel");
        Objects.requireNonNull(dsrDeadline, "dsrDeadline");
        if (childConsentAge < 0) {
            throw new IllegalArgumentException("child consent age must not be negative: " + childConsentAge);
        }
        specialRights = Set.copyOf(specialRights);
    }

    /** These rules for a visitor at {@code location}. */
    Jurisdiction at(Location location) {
        return new Jurisdiction(regime, law, location, consentModel, dsrDeadline, childConsentAge, gpcBinding,
                specialRights);
    }

    RegimeRules withChildConsentAge(int age) {
        return new RegimeRules(regime, law, consentModel, dsrDeadline, age, gpcBinding, specialRights);
    }

    RegimeRules withLaw(String otherLaw) {
        return new RegimeRules(regime, otherLaw, consentModel, dsrDeadline, childConsentAge, gpcBinding, specialRights);
    }
}
