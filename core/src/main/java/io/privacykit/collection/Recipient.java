package io.privacykit.collection;

import java.util.Objects;

/**
 * Who received personal information: its kind and, where known, its name (Shine the Light, Cal.
 * Civ. Code 1798.83(a), asks for the names of third parties).
 *
 * @param kind the kind of recipient
 * @param name its name, at most 100 characters; empty when not given
 */
public record Recipient(RecipientKind kind, String name) {
    public Recipient {
        Objects.requireNonNull(kind, "kind");
        name = name == null ? "" : name.strip();
        if (name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a recipient name is at most 100 characters without control characters");
        }
    }

    /** A recipient known only by kind. */
    public static Recipient of(RecipientKind kind) {
        return new Recipient(kind, "");
    }

    /** {@code kind} or {@code kind:name}, as stored. */
    public String code() {
        return name.isEmpty() ? kind.code() : kind.code() + ":" + name;
    }

    /** The recipient a stored {@link #code()} stands for. */
    public static Recipient parse(String code) {
        int colon = code.indexOf(':');
        String kind = colon < 0 ? code : code.substring(0, colon);
        return new Recipient(RecipientKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT)),
                colon < 0 ? "" : code.substring(colon + 1));
    }
}
