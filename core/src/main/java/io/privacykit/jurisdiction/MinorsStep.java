package io.privacykit.jurisdiction;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One dated step of a minors rule: {@code rule} applies from {@code from} until the next step.
 *
 * @param from the first day the rule applies
 * @param rule the rule
 */
record MinorsStep(LocalDate from, MinorsRule rule) {
    MinorsStep {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(rule, "rule");
    }

    static MinorsStep of(String from, String rule) {
        return new MinorsStep(LocalDate.parse(from), MinorsRule.parse(rule));
    }
}
