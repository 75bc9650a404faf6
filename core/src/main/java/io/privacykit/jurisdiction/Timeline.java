package io.privacykit.jurisdiction;

import java.util.Objects;

/**
 * The rules of one place over time: {@code before} until the first change, then {@code rules[i]}
 * from {@code fromMillis[i]} on. Precomputed so that a lookup is a short scan, which also tells how
 * long its answer holds.
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

    /** The rules in force at {@code epochMilli}. */
    RegimeRules at(long epochMilli) {
        int step = step(epochMilli);
        return step < 0 ? before : rules[step];
    }

    /** The instant the rules in force at {@code epochMilli} give way to others; {@link Long#MAX_VALUE} for the last. */
    long stepUntil(long epochMilli) {
        int next = step(epochMilli) + 1;
        return next < fromMillis.length ? fromMillis[next] : Long.MAX_VALUE;
    }

    /** The index of the change in force at {@code epochMilli}, or -1 before the first. */
    private int step(long epochMilli) {
        for (int i = fromMillis.length - 1; i >= 0; i--) {
            if (epochMilli >= fromMillis[i]) {
                return i;
            }
        }
        return -1;
    }
}
