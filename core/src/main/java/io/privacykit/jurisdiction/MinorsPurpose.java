package io.privacykit.jurisdiction;

import java.util.Locale;

/**
 * The uses of a minor's personal data that the minors rules of privacy laws restrict: the sale of
 * personal data, targeted (cross-context behavioural) advertising, and profiling.
 */
public enum MinorsPurpose {
    /** Selling (or, in California, sharing) personal data. */
    SALE,
    /** Targeted or cross-context behavioural advertising. */
    TARGETED_ADVERTISING,
    /** Profiling, including profiling to direct commercial advertising (Brazil's ECA Digital). */
    PROFILING;

    /** The contract code: {@code sale}, {@code targeted-advertising}, {@code profiling}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The purpose named by its contract code. */
    public static MinorsPurpose fromCode(String code) {
        for (MinorsPurpose purpose : values()) {
            if (purpose.code().equals(code)) {
                return purpose;
            }
        }
        throw new IllegalArgumentException("unknown purpose '" + code + "' (sale, targeted-advertising, profiling)");
    }
}
