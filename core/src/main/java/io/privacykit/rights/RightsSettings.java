package io.privacykit.rights;

import java.time.Duration;
import java.util.Objects;

/**
 * Rights-request configuration ({@code privacy.rights.*}).
 *
 * @param verificationTtl how long a verification link works (default 24 hours)
 * @param exportTtl       how long an export's single download link works (default 7 days)
 * @param dueSoonDays     how many days ahead the operator's due-soon list looks (default 7)
 */
public record RightsSettings(Duration verificationTtl, Duration exportTtl, int dueSoonDays) {

    /** Wrong tokens allowed before a request locks. */
    public static final int MAX_ATTEMPTS = 5;

    public RightsSettings {
        Objects.requireNonNull(verificationTtl, "verificationTtl");
        Objects.requireNonNull(exportTtl, "exportTtl");
        if (verificationTtl.isNegative() || verificationTtl.isZero() || exportTtl.isNegative() || exportTtl.isZero()) {
            throw new IllegalArgumentException("link lifetimes must be positive");
        }
        if (dueSoonDays < 0) {
            throw new IllegalArgumentException("due-soon days must not be negative");
        }
    }

    /** 24 hours to verify, 7 days to download, 7 days ahead for due-soon. */
    public static RightsSettings defaults() {
        return new RightsSettings(Duration.ofHours(24), Duration.ofDays(7), 7);
    }
}
