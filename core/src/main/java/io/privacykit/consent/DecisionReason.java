package io.privacykit.consent;

/** Why a category is allowed or not for one request. */
public enum DecisionReason {
    /** Strictly necessary: always allowed (ePrivacy 2002/58 Art. 5(3), second sentence). */
    NECESSARY(true),
    /** The visitor consented (GDPR Art. 4(11), 7) or, where no consent is needed, affirmed. */
    GRANTED(true),
    /** The visitor refused or opted out; honoured under every consent model. */
    REFUSED(false),
    /** An opt-in regime and no choice yet: withheld until consent (ePrivacy Art. 5(3)). */
    AWAITING_CONSENT(false),
    /** An opt-out regime and no choice: allowed until the visitor opts out (e.g. CCPA 1798.120). */
    OPT_OUT_AVAILABLE(true),
    /** A notice regime and no choice: allowed, the visitor having been told. */
    NOTICE_GIVEN(true),
    /** Global Privacy Control opted the visitor out of sale/sharing (11 CCR 7025). */
    GPC_OPT_OUT(false),
    /** Do-Not-Track opted the visitor out of sale/sharing, because the policy says it honours DNT. */
    DNT_OPT_OUT(false);

    private final boolean allows;

    DecisionReason(boolean allows) {
        this.allows = allows;
    }

    /** Whether a category decided for this reason is allowed. */
    public boolean allows() {
        return allows;
    }
}
