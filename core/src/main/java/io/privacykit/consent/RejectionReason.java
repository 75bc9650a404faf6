package io.privacykit.consent;

/** Why a consent cookie was not accepted; every rejected cookie counts as no consent. */
public enum RejectionReason {
    /** Not in the cookie's format (wrong version, segments, encoding or fields). */
    MALFORMED,
    /** Longer than {@link ConsentCookieCodec#MAX_LENGTH}; refused before any other work. */
    OVERSIZED,
    /** Signed with a key id that is not configured (any more). */
    UNKNOWN_KEY,
    /** The HMAC does not match: the cookie was altered or forged. */
    BAD_SIGNATURE,
    /** Older than the maximum age for its regime. */
    EXPIRED,
    /** Dated after now (beyond a small clock-skew allowance). */
    FUTURE_DATED,
    /** Given under a policy version ordered before {@link ConsentSettings#reconsentBefore()}. */
    OUTDATED_POLICY
}
