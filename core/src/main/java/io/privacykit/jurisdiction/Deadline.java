package io.privacykit.jurisdiction;

import java.util.Locale;
import java.util.Objects;

/**
 * How long a controller has to answer a data-subject request, and by how much it may extend that
 * with notice to the requester (0 when the law allows no extension).
 *
 * @param amount            the time allowed
 * @param unit              the unit of {@code amount}
 * @param extension         the further time allowed with notice
 * @param extensionUnit     the unit of {@code extension}
 * @param extensionOpen     whether the law allows a longer period of no fixed length when the
 *                          controller tells the person in time (Switzerland, DPO Art. 18(2))
 */
public record Deadline(int amount, DeadlineUnit unit, int extension, DeadlineUnit extensionUnit,
                       boolean extensionOpen) {
    public Deadline {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(extensionUnit, "extensionUnit");
        if (amount <= 0 || extension < 0) {
            throw new IllegalArgumentException("deadline must be positive: " + amount + "+" + extension);
        }
        if (extensionOpen && extension != 0) {
            throw new IllegalArgumentException("an open extension has no fixed length: " + extension);
        }
    }

    /** A deadline with a fixed extension (0: none). */
    public Deadline(int amount, DeadlineUnit unit, int extension, DeadlineUnit extensionUnit) {
        this(amount, unit, extension, extensionUnit, false);
    }

    /** A deadline whose extension is counted in the same unit. */
    public static Deadline of(int amount, DeadlineUnit unit, int extension) {
        return new Deadline(amount, unit, extension, unit);
    }

    /** A deadline the controller may extend by an unfixed period, telling the person within {@code amount}. */
    public static Deadline withOpenExtension(int amount, DeadlineUnit unit) {
        return new Deadline(amount, unit, 0, unit, true);
    }

    /** A short text such as {@code 1 calendar month (+2)} or {@code 45 calendar days (+45)}. */
    @Override
    public String toString() {
        String u = unit.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        if (amount == 1) {
            u = u.substring(0, u.length() - 1);
        }
        if (extensionOpen) {
            return amount + " " + u + " (longer with notice)";
        }
        String ext = extension == 0 ? "" : " (+" + extension
                + (extensionUnit == unit ? "" : " " + extensionUnit.name().toLowerCase(Locale.ROOT).replace('_', ' ')) + ")";
        return amount + " " + u + ext;
    }
}
