package io.privacykit.consent;

/**
 * How the site responds to the Do-Not-Track header. No US law requires honouring it; CalOPPA
 * (Bus. &amp; Prof. Code 22575(b)(5)) requires the policy to say how the site responds, and
 * PrivacyKit does exactly what the policy says.
 */
public enum DntResponse {
    /** DNT changes nothing (the reference policy: "we do not honor DNT"). The default. */
    IGNORE,
    /** DNT is treated like Global Privacy Control: an opt-out of sale and sharing. */
    HONOR
}
