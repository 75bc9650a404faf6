package io.privacykit.jurisdiction;

/**
 * What the minors rule of a law, and the policy's minimum age, say about one use of one person's
 * data: see {@link MinorsRule#outcome} and {@link AgeGate#decide}.
 */
public sealed interface MinorsOutcome {

    /** Who must consent. */
    enum Consenter {
        /** A parent or guardian (COPPA-style verifiable parental consent; GDPR Art. 8(1)). */
        PARENT,
        /** The minor, by an affirmative opt-in (e.g. Cal. Civ. Code 1798.120(c) for ages 13-15). */
        SELF
    }

    /** Whether the use may go ahead without anything more. */
    default boolean allowed() {
        return this instanceof Allowed;
    }

    /** No minors rule restricts this use at this age. */
    enum Allowed implements MinorsOutcome {
        /** The only instance. */
        INSTANCE
    }

    /**
     * The law forbids this use below {@code underAge}, with or without consent.
     *
     * @param underAge the age from which the ban no longer applies
     */
    record Banned(int underAge) implements MinorsOutcome {
    }

    /**
     * The use needs {@code by}'s consent below {@code underAge}.
     *
     * @param by       who must consent
     * @param underAge the age from which this consent is no longer needed
     */
    record ConsentRequired(Consenter by, int underAge) implements MinorsOutcome {
        public ConsentRequired {
            java.util.Objects.requireNonNull(by, "by");
        }
    }

    /**
     * The policy does not serve people of this age at all (its minimum age, {@code privacy.policy.minimum-age}).
     *
     * @param minimumAge the policy's minimum age
     */
    record BelowMinimumAge(int minimumAge) implements MinorsOutcome {
    }
}
