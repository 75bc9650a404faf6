package io.privacykit.jurisdiction;

import io.privacykit.geo.Location;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rules of one regime at one place and time, everything a {@link Jurisdiction} holds except
 * the visitor's location. Instances are precomputed, so resolving a request allocates only the
 * {@link Jurisdiction} itself ({@code Set.copyOf} of an immutable set returns the same set).
 */
record RegimeRules(Regime regime, String law, ConsentModel consentModel, Map<CategoryKind, ConsentModel> categoryModels,
                   Deadline dsrDeadline, MinorsRule minors, boolean gpcBinding, Set<SpecialRight> specialRights) {

    RegimeRules {
        Objects.requireNonNull(regime, "regime");
        Objects.requireNonNull(law, "law");
        Objects.requireNonNull(consentModel, "consentModel");
        Objects.requireNonNull(dsrDeadline, "dsrDeadline");
        Objects.requireNonNull(minors, "minors");
        categoryModels = Map.copyOf(categoryModels);
        specialRights = Set.copyOf(specialRights);
    }

    /** Rules with one consent model for every category and a parental-consent age. */
    RegimeRules(Regime regime, String law, ConsentModel consentModel, Deadline dsrDeadline, int parentalConsentUnder,
                boolean gpcBinding, Set<SpecialRight> specialRights) {
        this(regime, law, consentModel, Map.of(), dsrDeadline, MinorsRule.parentalConsentUnder(parentalConsentUnder),
                gpcBinding, specialRights);
    }

    int childConsentAge() {
        return minors.restrictedUnder();
    }

    /** These rules for a visitor at {@code location}. */
    Jurisdiction at(Location location) {
        return new Jurisdiction(regime, law, location, consentModel, dsrDeadline, minors.restrictedUnder(), gpcBinding,
                specialRights, minors, categoryModels);
    }

    RegimeRules withMinors(MinorsRule rule) {
        return new RegimeRules(regime, law, consentModel, categoryModels, dsrDeadline, rule, gpcBinding, specialRights);
    }

    RegimeRules withLaw(String otherLaw) {
        return new RegimeRules(regime, otherLaw, consentModel, categoryModels, dsrDeadline, minors, gpcBinding,
                specialRights);
    }

    RegimeRules withCategoryModels(Map<CategoryKind, ConsentModel> models) {
        return new RegimeRules(regime, law, consentModel, models, dsrDeadline, minors, gpcBinding, specialRights);
    }

    RegimeRules withSpecialRights(Set<SpecialRight> rights) {
        return new RegimeRules(regime, law, consentModel, categoryModels, dsrDeadline, minors, gpcBinding, rights);
    }

    RegimeRules withDeadline(Deadline deadline) {
        return new RegimeRules(regime, law, consentModel, categoryModels, deadline, minors, gpcBinding, specialRights);
    }
}
