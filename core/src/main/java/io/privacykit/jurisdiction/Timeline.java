package io.privacykit.jurisdiction;

import java.time.Clock;
import java.util.Objects;

/**
 * The rules of one place over time: {@code before} until the first change, then {@code rules[i]}
 * from {@code fromMillis[i]} on. Precomputed so that a lookup is a clock read and a short scan,
 * and a place without changes does not read the clock at all.
 */
final class Timeline {

    private final RegimeRules before;
    private final long[] fromMillis;
    private final RegimeRules[] rules;

    private Timeline(RegimeRules before, long[] fromMillis, RegimeRules[] rules) {
        this.before = Objects.requireNonNull(before, "before");
        this.fromMillis = fromMillis;
        this.rules = rules;
        for (int i = 1; i < fromMillis.length; i++) {
            if (fromMillis[i] <= fromMillis[i - 1]) {
                throw new IllegalArgumentException("changes must be in order");
            }
        }
    }

    /** Rules that never change. */
    static Timeline fixed(RegimeRules rules) {
        return new Timeline(rules, new long[0], new RegimeRules[0]);
    }

    /** {@code before} until {@code fromMillis[0]}, then {@code rules[i]} from {@code fromMillis[i]}. */
    static Timeline changing(RegimeRules before, long[] fromMillis, RegimeRules[] rules) {
        if (fromMillis.length != rules.length) {
            throw new IllegalArgumentException("one rule set per change");
        }
        return new Timeline(before, fromMillis.clone(), rules.clone());
    }

    /** The rules in force at the clock's current instant. */
    RegimeRules at(Clock clock) {
        if (fromMillis.length == 0) {
            return before;
        }
        long now = clock.millis();
        for (int i = fromMillis.length - 1; i >= 0; i--) {
            if (now >= fromMillis[i]) {
                return rules[i];
            }
        }
        return before;
    }
}
