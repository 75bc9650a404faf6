package io.privacykit.jurisdiction;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One row of the US state table (docs/jurisdictions.md, "United States"): a comprehensive state privacy
 * law and the dates from which it, its universal opt-out (GPC) duty and each step of its minors rule apply.
 *
 * @param state           the ISO 3166-2 subdivision code without {@code US-}
 * @param regime          {@link Regime#CCPA} for California, {@link Regime#US_STATE} otherwise
 * @param law             the law's name
 * @param effective       the first day the law applies; before it the state is {@link Regime#DEFAULT}
 * @param gpcBindingFrom  the first day a universal opt-out signal binds, or {@code null} when it never does
 * @param minors          the minors rule's dated steps, in order; before the first (or with none) the
 *                        COPPA-style under-13 rule every state shares applies
 * @param sensitive       the consent model for sensitive-data categories ({@link CategoryKind#SENSITIVE})
 * @param dsrDeadline     the time to answer a consumer request
 * @param specialRights   the rights the law adds
 */
record UsStateLaw(String state, Regime regime, String law, LocalDate effective, LocalDate gpcBindingFrom,
                  List<MinorsStep> minors, ConsentModel sensitive, Deadline dsrDeadline,
                  Set<SpecialRight> specialRights) {

    /** The under-13 rule every state law shares (data of a known child is sensitive; COPPA, 15 U.S.C. 6501). */
    static final MinorsRule COPPA = MinorsRule.parentalConsentUnder(13);

    UsStateLaw {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(regime, "regime");
        Objects.requireNonNull(law, "law");
        Objects.requireNonNull(effective, "effective");
        Objects.requireNonNull(sensitive, "sensitive");
        Objects.requireNonNull(dsrDeadline, "dsrDeadline");
        minors = minors.stream().sorted(Comparator.comparing(MinorsStep::from)).toList();
        specialRights = Set.copyOf(specialRights);
    }

    /** The days on which this law's rules change, the first being {@link #effective()}. */
    TreeSet<LocalDate> changes() {
        TreeSet<LocalDate> days = new TreeSet<>();
        days.add(effective);
        if (gpcBindingFrom != null && gpcBindingFrom.isAfter(effective)) {
            days.add(gpcBindingFrom);
        }
        for (MinorsStep step : minors) {
            if (step.from().isAfter(effective)) {
                days.add(step.from());
            }
        }
        return days;
    }

    /** The minors rule on {@code day}. */
    MinorsRule minorsOn(LocalDate day) {
        MinorsRule rule = COPPA;
        for (MinorsStep step : minors) {
            if (!day.isBefore(step.from())) {
                rule = step.rule();
            }
        }
        return rule;
    }

    /** The rules in force on {@code day}, which must not be before {@link #effective()}. */
    RegimeRules on(LocalDate day) {
        if (day.isBefore(effective)) {
            throw new IllegalArgumentException(law + " is not in force on " + day);
        }
        boolean gpc = gpcBindingFrom != null && !day.isBefore(gpcBindingFrom);
        Map<CategoryKind, ConsentModel> models = sensitive == ConsentModel.OPT_OUT ? Map.of()
                : Map.of(CategoryKind.SENSITIVE, sensitive);
        // Opt-out of sale, targeted advertising and profiling is the common model of every state law.
        return new RegimeRules(regime, law, ConsentModel.OPT_OUT, models, dsrDeadline, minorsOn(day), gpc,
                specialRights);
    }

    /** The rules once every date in the row has been reached. */
    RegimeRules latest() {
        return on(changes().last());
    }
}
