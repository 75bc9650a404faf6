package io.privacykit.jurisdiction;

import java.util.Objects;

/**
 * Jurisdiction configuration ({@code privacy.jurisdiction.*}).
 *
 * @param fallback              the regime for visitors nobody could locate (default: the strictest, GDPR)
 * @param defaultConsentModel   the consent model of {@link Regime#DEFAULT} (default: notice)
 * @param defaultDeadline       the policy's own answer time for {@link Regime#DEFAULT} (e.g. 45 days)
 * @param defaultChildConsentAge the age of consent outside the specific regimes (COPPA: 13)
 * @param overrides             corrections to the built-in table ({@code privacy.jurisdiction.overrides})
 * @param ukAnalyticsExemption  whether the UK's analytics and functionality cookie exemption (Data (Use and
 *                              Access) Act 2025, from 2026-02-05) is applied ({@code privacy.jurisdiction.uk-analytics-exemption})
 * @param noticeAtCollection    whether opt-out regimes get a non-blocking notice at collection
 *                              ({@code privacy.banner.notice-at-collection}; Cal. Civ. Code 1798.100(b))
 */
public record JurisdictionSettings(Regime fallback, ConsentModel defaultConsentModel, Deadline defaultDeadline,
                                   int defaultChildConsentAge, JurisdictionOverrides overrides,
                                   boolean ukAnalyticsExemption, boolean noticeAtCollection) {
    public JurisdictionSettings {
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(defaultConsentModel, "defaultConsentModel");
        Objects.requireNonNull(defaultDeadline, "defaultDeadline");
        Objects.requireNonNull(overrides, "overrides");
    }

    /** Settings without the UK exemption, with the notice at collection. */
    public JurisdictionSettings(Regime fallback, ConsentModel defaultConsentModel, Deadline defaultDeadline,
                                int defaultChildConsentAge, JurisdictionOverrides overrides) {
        this(fallback, defaultConsentModel, defaultDeadline, defaultChildConsentAge, overrides, false, true);
    }

    /** Settings without overrides: the built-in table as it is. */
    public JurisdictionSettings(Regime fallback, ConsentModel defaultConsentModel, Deadline defaultDeadline,
                                int defaultChildConsentAge) {
        this(fallback, defaultConsentModel, defaultDeadline, defaultChildConsentAge, JurisdictionOverrides.NONE);
    }

    /** The built-in defaults: fallback GDPR, notice, 45 + 45 calendar days, 13, no overrides. */
    public static JurisdictionSettings defaults() {
        return new JurisdictionSettings(Regime.GDPR, ConsentModel.NOTICE,
                Deadline.of(45, DeadlineUnit.CALENDAR_DAYS, 45), 13);
    }

    /** These settings with {@code other} as the overrides. */
    public JurisdictionSettings withOverrides(JurisdictionOverrides other) {
        return new JurisdictionSettings(fallback, defaultConsentModel, defaultDeadline, defaultChildConsentAge, other,
                ukAnalyticsExemption, noticeAtCollection);
    }
}
