package io.privacykit.communication;

/** What a message is for, which decides whether the person's preference applies to it. */
public enum MessageKind {
    /**
     * Service and transactional messages: account, security, billing, answers to the person's own
     * requests. Both reference policies say these cannot be refused while the account exists, and
     * marketing rules (ePrivacy Art. 13, CAN-SPAM 15 U.S.C. 7702(17)) do not cover them.
     */
    SERVICE,
    /** Direct marketing: newsletters, offers, announcements of products. */
    MARKETING
}
