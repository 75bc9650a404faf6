package io.privacykit.jurisdiction;

/** Rights a regime grants beyond the common set, which notices and request handling must show. */
public enum SpecialRight {
    /** Argentina, Law 25.326 Art. 14(3): access free of charge at intervals of no less than six months. */
    FREE_ACCESS_EVERY_SIX_MONTHS,
    /** California Civ. Code 1798.83: disclosures for third parties' direct marketing, last calendar year. */
    SHINE_THE_LIGHT,
    /** California 1798.120: the right to opt out of sale and sharing (a "Do Not Sell or Share" link). */
    OPT_OUT_OF_SALE,
    /** GDPR Art. 77 / UK GDPR Art. 77: complaint to a supervisory authority. */
    COMPLAINT_TO_AUTHORITY
}
