package io.privacykit.collection;

import java.util.Locale;

/** Who receives personal information, by the CCPA's kinds of recipients (Cal. Civ. Code 1798.140) and GDPR Art. 13(1)(e). */
public enum RecipientKind {
    /** Processes PI on the business's behalf under a contract (1798.140(ag); a GDPR processor). */
    SERVICE_PROVIDER,
    /** Receives PI for a business purpose under a contract (1798.140(j)). */
    CONTRACTOR,
    /** Anyone else (1798.140(ai)). */
    THIRD_PARTY,
    /** A third party that receives PI for advertising: the typical party of a sale or a sharing. */
    ADVERTISING_PARTNER,
    /** A public authority, under a legal obligation. */
    AUTHORITY;

    private final String code = name().toLowerCase(Locale.ROOT);

    /** The configuration code: {@code service_provider}. */
    public String code() {
        return code;
    }

    /** Whether a disclosure to this kind is to a third party in the sense of 1798.83 and 1798.140(ai). */
    public boolean isThirdParty() {
        return this == THIRD_PARTY || this == ADVERTISING_PARTNER;
    }
}
