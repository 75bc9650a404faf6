package io.privacykit.rights;

import java.time.Period;
import java.util.List;
import java.util.Objects;

/**
 * Retention configuration ({@code privacy.retention.*}): how often the purge runs, how long after
 * a purge the backups still hold the data, and the rules per category and event.
 *
 * @param cleanupEvery the time between cleanups, counted in whole months from 1 January (default 6 months)
 * @param backupDelay  how long after a purge the backups holding the data are purged (default 3 months)
 * @param rules        the retention rules
 */
public record RetentionSettings(Period cleanupEvery, Period backupDelay, List<RetentionRule> rules) {
    public RetentionSettings {
        Objects.requireNonNull(cleanupEvery, "cleanupEvery");
        Objects.requireNonNull(backupDelay, "backupDelay");
        rules = List.copyOf(rules);
        long months = cleanupEvery.toTotalMonths();
        if (cleanupEvery.getDays() != 0 || months < 1 || 12 % months != 0) {
            throw new IllegalArgumentException("cleanups run every 1, 2, 3, 4, 6 or 12 months: " + cleanupEvery);
        }
        if (backupDelay.isNegative()) {
            throw new IllegalArgumentException("the backup delay must not be negative");
        }
    }

    /** Every 6 months, backups 3 months later, no rules. */
    public static RetentionSettings defaults() {
        return new RetentionSettings(Period.ofMonths(6), Period.ofMonths(3), List.of());
    }
}
