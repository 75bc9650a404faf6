package io.privacykit.consent;

import java.util.Locale;

/** How a consent change came about; recorded with every ledger entry as part of its proof. */
public enum ConsentMethod {
    /** The visitor chose in the consent banner. */
    BANNER,
    /** The app recorded a choice through the API (for example a settings page). */
    API,
    /** A Global Privacy Control signal was applied as an opt-out of sale/sharing. */
    GPC,
    /** The visitor withdrew a consent given earlier (GDPR Art. 7(3): as easy as giving it). */
    WITHDRAWAL,
    /** A consent lapsed: its maximum age passed or the policy version requires asking again. */
    EXPIRY;

    /** The lower-case code used in JSON ({@code banner}, {@code gpc}, ...). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
