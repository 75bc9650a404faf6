package io.privacykit.jurisdiction;

import io.privacykit.geo.Location;
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
 * @param childConsentAge the age from which a child consents alone; 0 when the law sets none
 * @param gpcBinding      whether Global Privacy Control is legally an opt-out of sale/sharing here
 * @param specialRights   rights beyond the common set
 */
public record Jurisdiction(Regime regime, String law, Location location, ConsentModel consentModel,
                           Deadline dsrDeadline, int childConsentAge, boolean gpcBinding,
                           Set<SpecialRight> specialRights) {
    public Jurisdiction {
        Objects.requireNonNull(regime, "regime");
        Objects.requireNonNull(law, "law");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(consentModel, "consentModel");
        Objects.requireNonNull(dsrDeadline, "dsrDeadline");
        specialRights = Set.copyOf(specialRights);
    }

    /** The visitor's country, or {@code null} when unknown. */
    public String country() {
        return location.country();
    }

    /** The visitor's subdivision, or {@code null}. */
    public String region() {
        return location.region();
    }
}
