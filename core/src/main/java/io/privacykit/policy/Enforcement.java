package io.privacykit.policy;

/** Whether the filter withholds what the decision does not allow, or only reports it ({@code privacy.enforcement}). */
public enum Enforcement {
    /** Cookies of categories not allowed are withheld and expired: the default. */
    ENFORCE,
    /** Nothing is withheld or expired; what would have been is logged and counted, for adopting safely. */
    REPORT_ONLY
}
