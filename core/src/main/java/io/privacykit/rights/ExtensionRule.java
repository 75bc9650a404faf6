package io.privacykit.rights;

/** How a request's deadline may be extended with notice to the requester. */
public enum ExtensionRule {
    /** The law allows no extension. */
    NONE,
    /** By a fixed further time (GDPR Art. 12(3): two months; Cal. Civ. Code 1798.130(a)(2): 45 days). */
    FIXED,
    /** By a time the controller states in its notice, without a fixed limit (Swiss DPO Art. 18(1), verify). */
    WITH_NOTICE
}
