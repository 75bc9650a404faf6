package io.privacykit.rights;

import java.util.Locale;
import java.util.Optional;

/** The rights a person may exercise through a request; which apply depends on the regime. */
public enum RightType {
    /** A copy of the personal data held (GDPR Art. 15, LGPD Art. 18 II, Law 25.326 Art. 14). */
    ACCESS,
    /** The data in a machine-readable format to take elsewhere (GDPR Art. 20, LGPD Art. 18 V). */
    PORTABILITY,
    /** Correction of inaccurate data (GDPR Art. 16, Cal. Civ. Code 1798.106, Law 25.326 Art. 16). */
    RECTIFICATION,
    /** Deletion (GDPR Art. 17, Cal. Civ. Code 1798.105, Law 25.326 Art. 16). */
    ERASURE,
    /** Restriction of processing (GDPR Art. 18). */
    RESTRICTION,
    /** Objection to processing, direct marketing included (GDPR Art. 21). */
    OBJECTION,
    /** Withdrawal of consent, as easy as giving it (GDPR Art. 7(3), LGPD Art. 8 §5). */
    WITHDRAW_CONSENT,
    /** Opt-out of sale and sharing (Cal. Civ. Code 1798.120 and the other US state laws). */
    OPT_OUT_OF_SALE,
    /** Limit the use of sensitive personal information (Cal. Civ. Code 1798.121). */
    LIMIT_SENSITIVE,
    /** Human review of a solely automated decision (GDPR Art. 22(3), LGPD Art. 20). */
    AUTOMATED_DECISION_REVIEW,
    /** The right to know what was collected, used, disclosed, sold or shared (Cal. Civ. Code 1798.110, 1798.115). */
    KNOW,
    /** Disclosures to third parties for their direct marketing in the last calendar year (Cal. Civ. Code 1798.83). */
    SHINE_THE_LIGHT;

    /** Whether fulfilling it hands the person a copy of their data. */
    public boolean isDisclosure() {
        return this == ACCESS || this == PORTABILITY || this == KNOW;
    }

    /** The type named {@code text} (any case, {@code -} or {@code _}), or empty when there is none. */
    public static Optional<RightType> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String name = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (RightType type : values()) {
            if (type.name().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
