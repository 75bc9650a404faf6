package io.privacykit.jurisdiction;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One row of the US state table (docs/jurisdictions.md, "United States"): a comprehensive state privacy
 * law and the dates from which it, its universal opt-out (GPC) duty and its minors rule apply.
 *
 * @param state               the ISO 3166-2 subdivision code without {@code US-}
 * @param regime              {@link Regime#CCPA} for California, {@link Regime#US_STATE} otherwise
 * @param law                 the law's name
 * @param effective           the first day the law applies; before it the state is {@link Regime#DEFAULT}
 * @param gpcBindingFrom      the first day a universal opt-out signal binds, or {@code null} when it never does
 * @param childConsentAge     the age from which a minor's data may be sold / used for targeted ads
 *                            without extra consent, once {@code childConsentAgeFrom} is reached
 * @param childConsentAgeFrom when the minors rule starts, or {@code null} when it starts with the law;
 *                            before it the COPPA-style under-13 rule every state has applies
 * @param dsrDeadline         the time to answer a consumer request
 * @param specialRights       the rights the law adds
 */
record UsStateLaw(String state, Regime regime, String law, LocalDate effective, LocalDate gpcBindingFrom,
                  int childConsentAge, LocalDate childConsentAgeFrom, Deadline dsrDeadline,
                  Set<SpecialRight> specialRights) {

    /** The under-13 rule every state law shares (data of a known child is sensitive; COPPA, 15 U.S.C. 6501). */
    static final int COPPA_AGE = 13;

    UsStateLaw {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(regime, "regime");
        Objects.requireNonNull(law, "law");
        Objects.requireNonNull(effective, "effective");
        Objects.requireNonNull(dsrDeadline, "dsrDeadline");
        specialRights = Set.copyOf(specialRights);
    }

    /** The days on which this law's rules change, the first being {@link #effective()}. */
    TreeSet<LocalDate> changes() {
        TreeSet<LocalDate> days = new TreeSet<>();
        days.add(effective);
        if (gpcBindingFrom != null && gpcBindingFrom.isAfter(effective)) {
            days.add(gpcBindingFrom);
        }
        if (childConsentAgeFrom != null && childConsentAgeFrom.isAfter(effective)) {
            days.add(childConsentAgeFrom);
        }
        return days;
    }

    /** The rules in force on {@code day}, which must not be before {@link #effective()}. */
    RegimeRules on(LocalDate day) {
        if (day.isBefore(effective)) {
            throw new IllegalArgumentException(law + " is not in force on " + day);
        }
        boolean gpc = gpcBindingFrom != null && !day.isBefore(gpcBindingFrom);
        int age = childConsentAgeFrom == null || !day.isBefore(childConsentAgeFrom) ? childConsentAge : COPPA_AGE;
        // Opt-out of sale, targeted advertising and profiling is the common model of every state law.
        return new RegimeRules(regime, law, ConsentModel.OPT_OUT, dsrDeadline, age, gpc, specialRights);
    }

    /** The rules once every date in the row has been reached. */
    RegimeRules latest() {
        return on(changes().last());
    }
}
