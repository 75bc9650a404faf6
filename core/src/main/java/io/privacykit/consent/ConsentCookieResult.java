package io.privacykit.consent;

import java.util.Objects;
import java.util.Optional;

/** The outcome of reading a consent cookie: a verified state, no cookie, or a cookie that was rejected. */
public sealed interface ConsentCookieResult {

    /** The verified state, or empty when there is none (an absent or rejected cookie is no consent). */
    Optional<ConsentState> consent();

    /** A cookie that verified and is still in force. */
    record Valid(ConsentState state) implements ConsentCookieResult {
        public Valid {
            Objects.requireNonNull(state, "state");
        }

        @Override
        public Optional<ConsentState> consent() {
            return Optional.of(state);
        }
    }

    /** No cookie (null or empty value). */
    record Absent() implements ConsentCookieResult {
        @Override
        public Optional<ConsentState> consent() {
            return Optional.empty();
        }
    }

    /**
     * A genuine cookie that no longer counts: it expired, or it was given under a policy version
     * that requires asking again. No consent, like {@link Rejected}, but the choice it held is
     * known, so its lapse can be recorded in the ledger.
     *
     * @param state  the verified choice that lapsed
     * @param reason {@link RejectionReason#EXPIRED} or {@link RejectionReason#OUTDATED_POLICY}
     */
    record Lapsed(ConsentState state, RejectionReason reason) implements ConsentCookieResult {
        public Lapsed {
            Objects.requireNonNull(state, "state");
            if (reason != RejectionReason.EXPIRED && reason != RejectionReason.OUTDATED_POLICY) {
                throw new IllegalArgumentException("a lapse is an expiry or an outdated policy, not " + reason);
            }
        }

        @Override
        public Optional<ConsentState> consent() {
            return Optional.empty();
        }
    }

    /** A cookie that was present but not accepted, and why. */
    record Rejected(RejectionReason reason) implements ConsentCookieResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Optional<ConsentState> consent() {
            return Optional.empty();
        }
    }
}
