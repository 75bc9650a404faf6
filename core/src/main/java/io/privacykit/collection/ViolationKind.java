package io.privacykit.collection;

/** How a record diverges from the declared policy. */
public enum ViolationKind {
    /** The category is not declared as collected (or the Fides category is not among its data categories). */
    UNDECLARED_CATEGORY,
    /** The purpose is not declared for the category (Cal. Civ. Code 1798.100(a)(1), (c); GDPR Art. 5(1)(b)). */
    UNDECLARED_PURPOSE,
    /** The source is not declared for the category (1798.110(c)(2)). */
    UNDECLARED_SOURCE,
    /** The recipient kind is not declared for the category (1798.115(c); GDPR Art. 13(1)(e)). */
    UNDECLARED_RECIPIENT,
    /** A sale of a category the policy declares not sold (1798.115(c)(1), 1798.120). */
    UNDECLARED_SALE,
    /** A sharing of a category the policy declares not shared (1798.115(c)(1), 1798.120). */
    UNDECLARED_SHARING,
    /** A sale or sharing after the visitor opted out, by GPC or a choice (1798.120(a), 1798.135; 11 CCR 7025). */
    OPTED_OUT,
    /** A purpose whose legal basis is consent, without the visitor's consent (GDPR Art. 6(1)(a), 7). */
    CONSENT_MISSING,
    /**
     * A special category whose declared condition is explicit consent (GDPR Art. 9(2)(a)), processed
     * for a subject who has not explicitly consented to that category.
     */
    EXPLICIT_CONSENT_MISSING,
    /**
     * A subject younger than the policy's minimum age, or than the regime's age of consent for a
     * consent-based purpose (GDPR Art. 8(1)) or a sale or sharing (Cal. Civ. Code 1798.120(c)).
     */
    UNDER_MINIMUM_AGE
}
