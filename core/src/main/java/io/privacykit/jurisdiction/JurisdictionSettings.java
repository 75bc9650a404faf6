package io.privacykit.jurisdiction;

import java.util.Objects;

/**
 * Jurisdiction configuration ({@code privacy.jurisdiction.*}).
 *
 * @param fallback              the regime for visitors nobody could locate (default: the strictest, GDPR)
 * @param defaultConsentModel   the consent model of {@link Regime#DEFAULT} (default: notice)
 * @param defaultDeadline       the policy's own answer time for {@link Regime#DEFAULT} (e.g. 45 days)
 * @param defaultChildConsentAge the age of consent outside the specific regimes (COPPA: 13)
 */
public record JurisdictionSettings(Regime fallback, ConsentModel defaultConsentModel, Deadline defaultDeadline,
                                   int defaultChildConsentAge) {
    public JurisdictionSettings {
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(defaultConsentModel, "defaultConsentModel");
        Objects.requireNonNull(defaultDeadline, "defaultDeadline");
    }

    /** The built-in defaults: fallback GDPR, notice, 45 + 45 calendar days, 13. */
    public static JurisdictionSettings defaults() {
        return new JurisdictionSettings(Regime.GDPR, ConsentModel.NOTICE,
                Deadline.of(45, DeadlineUnit.CALENDAR_DAYS, 45), 13);
    }
}
