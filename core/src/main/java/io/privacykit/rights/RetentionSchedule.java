package io.privacykit.rights;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The retention schedule for the operator: the last cleanup, the next, the rules and the backup
 * purges that fall due.
 *
 * @param last    the last completed cleanup, if any
 * @param next    the next cleanup date
 * @param rules   the rules in force
 * @param backups the backup purges of every cleanup that removed something, the earliest first
 * @param holds   the legal holds in force
 */
public record RetentionSchedule(Optional<CleanupRun> last, LocalDate next, List<RetentionRule> rules,
                                List<BackupPurge> backups, List<LegalHold> holds) {
    public RetentionSchedule {
        rules = List.copyOf(rules);
        backups = List.copyOf(backups);
        holds = List.copyOf(holds);
    }
}
