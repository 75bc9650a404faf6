package io.privacykit.rights;

import java.time.Period;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * When the records of one category go after an event: at the next cleanup after it, or at the
 * first cleanup once a period has passed (policy key {@code privacy.retention.rules}, entries
 * {@code <category>:<event>:<when>} such as {@code account:account-deleted:next-cleanup}).
 *
 * @param category the category, e.g. {@code account}
 * @param event    the event that starts the clock, e.g. {@code account-deleted}
 * @param after    how long after the event the records are kept; empty: removed at the next cleanup
 */
public record RetentionRule(String category, String event, Optional<Period> after) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public RetentionRule {
        Objects.requireNonNull(after, "after");
        if (category == null || !NAME.matcher(category).matches() || event == null || !NAME.matcher(event).matches()) {
            throw new IllegalArgumentException("category and event are lower-case names: " + category + ":" + event);
        }
        if (after.isPresent() && after.get().isNegative()) {
            throw new IllegalArgumentException("a retention period must not be negative");
        }
    }

    /** Parses {@code category:event:next-cleanup} or {@code category:event:P10Y}. */
    public static RetentionRule parse(String text) {
        String[] parts = text.strip().split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected <category>:<event>:<next-cleanup or ISO period>");
        }
        String when = parts[2].strip();
        Optional<Period> after = when.equalsIgnoreCase("next-cleanup") ? Optional.empty()
                : Optional.of(Period.parse(when.toUpperCase(java.util.Locale.ROOT)));
        return new RetentionRule(parts[0].strip(), parts[1].strip(), after);
    }

    /** The rule as the policy writes it. */
    @Override
    public String toString() {
        return category + ":" + event + ":" + after.map(Period::toString).orElse("next-cleanup");
    }
}
