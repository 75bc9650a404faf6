package io.privacykit.jurisdiction;

import io.privacykit.geo.Location;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The law that applies to a visitor and the rules PrivacyKit enforces for it, resolved from a
 * {@link Location} at a point in time by {@link JurisdictionResolver}.
 *
 * @param regime          the regime code
 * @param law             the law's name, e.g. {@code "UK GDPR and PECR"} or {@code "Virginia VCDPA"}
 * @param location        where the visitor is and how that was decided
 * @param consentModel    how non-essential technologies are treated before a choice
 * @param dsrDeadline     the time to answer access and deletion requests
 * @param childConsentAge the age from which no minors rule restricts sale, targeted advertising or
 *                        profiling (by a ban or by the need for consent); 0 when the law sets none.
 *                        {@link #minors()} says which restriction applies below it
 * @param gpcBinding      whether Global Privacy Control is legally an opt-out of sale/sharing here
 * @param specialRights   rights beyond the common set
 * @param minors          the minors rule in force: per use, the ages banned or needing consent
 * @param categoryModels  consent models that differ from {@code consentModel} for some kinds of
 *                        category (UK analytics since 2026-02-05; sensitive data under US state laws)
 */
public record Jurisdiction(Regime regime, String law, Location location, ConsentModel consentModel,
                           Deadline dsrDeadline, int childConsentAge, boolean gpcBinding,
                           Set<SpecialRight> specialRights, MinorsRule minors,
                           Map<CategoryKind, ConsentModel> categoryModels) {
    public Jurisdiction {
        Objects.requireNonNull(regime, "regime");
        Objects.requireNonNull(law, "law");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(consentModel, "consentModel");
        Objects.requireNonNull(dsrDeadline, "dsrDeadline");
        Objects.requireNonNull(minors, "minors");
        specialRights = Set.copyOf(specialRights);
        categoryModels = Map.copyOf(categoryModels);
        if (childConsentAge != minors.restrictedUnder()) {
            throw new IllegalArgumentException("childConsentAge " + childConsentAge + " disagrees with the minors rule "
                    + minors);
        }
    }

    /**
     * Rules with a plain parental-consent age ({@code childConsentAge}, as under GDPR Art. 8(1)) and
     * one consent model for every category.
     */
    public Jurisdiction(Regime regime, String law, Location location, ConsentModel consentModel, Deadline dsrDeadline,
                        int childConsentAge, boolean gpcBinding, Set<SpecialRight> specialRights) {
        this(regime, law, location, consentModel, dsrDeadline, childConsentAge, gpcBinding, specialRights,
                MinorsRule.parentalConsentUnder(childConsentAge), Map.of());
    }

    /** The visitor's country, or {@code null} when unknown. */
    public String country() {
        return location.country();
    }

    /** The visitor's subdivision, or {@code null}. */
    public String region() {
        return location.region();
    }

    /**
     * The consent model for the policy category named {@code categoryName}: the model for its
     * {@link CategoryKind} where the law sets one, else {@link #consentModel()}.
     */
    public ConsentModel consentModel(String categoryName) {
        if (categoryModels.isEmpty()) {
            return consentModel;
        }
        return CategoryKind.of(categoryName).map(categoryModels::get).orElse(consentModel);
    }
}
