package io.privacykit.jurisdiction;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies the policy's minimum age ({@code privacy.policy.minimum-age}: 13 under a US policy, 16
 * under an EU one, which wins over a lower GDPR Art. 8 country age) and the visitor's regime's
 * {@link MinorsRule} to one use of a person's data. Immutable and thread-safe.
 */
public final class AgeGate {

    /**
     * Cal. Civ. Code 1798.135(c)(4) with 1798.120(c): after a consumer under 16 declines (or opts out
     * of) sale or sharing, wait at least 12 months before asking again.
     */
    public static final int CALIFORNIA_WAIT_MONTHS = 12;

    private final int minimumAge;

    /** A gate for a policy that serves people from {@code minimumAge} on (0: everyone). */
    public AgeGate(int minimumAge) {
        if (minimumAge < 0 || minimumAge > 120) {
            throw new IllegalArgumentException("minimum age must be 0-120: " + minimumAge);
        }
        this.minimumAge = minimumAge;
    }

    /** The policy's minimum age. */
    public int minimumAge() {
        return minimumAge;
    }

    /**
     * What applies to a person of {@code age} under {@code jurisdiction} (whose minors rule is the
     * one in force when it was resolved) for {@code purpose}: {@link MinorsOutcome.BelowMinimumAge}
     * below the policy's minimum age, else the minors rule's outcome.
     *
     * @throws IllegalArgumentException when {@code age} is negative or above 150
     */
    public MinorsOutcome decide(Jurisdiction jurisdiction, int age, MinorsPurpose purpose) {
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        Objects.requireNonNull(purpose, "purpose");
        if (age < 0 || age > 150) {
            throw new IllegalArgumentException("an age is 0-150, not " + age);
        }
        if (age < minimumAge) {
            return new MinorsOutcome.BelowMinimumAge(minimumAge);
        }
        return jurisdiction.minors().outcome(age, purpose);
    }

    /**
     * When a person of {@code age} who declined sale or sharing at {@code declinedAt} may be asked
     * again: under {@link Regime#CCPA} and below 16, {@value #CALIFORNIA_WAIT_MONTHS} months later
     * (1798.135(c)(4)); elsewhere empty (no statutory wait; the policy decides).
     */
    public Optional<Instant> mayAskAgainFrom(Jurisdiction jurisdiction, int age, Instant declinedAt) {
        Objects.requireNonNull(declinedAt, "declinedAt");
        if (jurisdiction.regime() != Regime.CCPA || age >= 16) {
            return Optional.empty();
        }
        return Optional.of(declinedAt.atOffset(ZoneOffset.UTC).plusMonths(CALIFORNIA_WAIT_MONTHS).toInstant());
    }
}
