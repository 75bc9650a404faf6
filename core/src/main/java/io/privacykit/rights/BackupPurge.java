package io.privacykit.rights;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Backups still holding data a cleanup removed, which the operator must purge by {@code due}
 * ({@code privacy.retention.backup-delay} after the cleanup).
 *
 * @param cycle  the cleanup that removed the data
 * @param due    when the backups taken before it must be gone
 * @param purged how many events' records that cleanup removed
 */
public record BackupPurge(LocalDate cycle, LocalDate due, long purged) {
    public BackupPurge {
        Objects.requireNonNull(cycle, "cycle");
        Objects.requireNonNull(due, "due");
    }
}
