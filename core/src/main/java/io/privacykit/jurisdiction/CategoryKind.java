package io.privacykit.jurisdiction;

import java.util.Optional;

/**
 * The kinds of non-essential cookie category a law may treat differently from the regime's
 * {@link ConsentModel}. A policy category belongs to a kind by its name (see {@link #of}).
 */
public enum CategoryKind {
    /** Statistics and analytics ({@code performance}, {@code analytics}, {@code statistics}). */
    ANALYTICS,
    /** Appearance and functionality ({@code functionality}, {@code functional}, {@code preferences}). */
    FUNCTIONALITY,
    /** Advertising ({@code advertising}, {@code marketing}). */
    ADVERTISING,
    /** Sensitive data, opt-in under the US state laws ({@code sensitive}, {@code health}). */
    SENSITIVE;

    /** The kind of the policy category named {@code categoryName}, if its name says one. */
    public static Optional<CategoryKind> of(String categoryName) {
        return Optional.ofNullable(switch (categoryName) {
            case "performance", "analytics", "statistics" -> ANALYTICS;
            case "functionality", "functional", "preferences", "appearance" -> FUNCTIONALITY;
            case "advertising", "marketing" -> ADVERTISING;
            case "sensitive", "health" -> SENSITIVE;
            default -> null;
        });
    }
}
