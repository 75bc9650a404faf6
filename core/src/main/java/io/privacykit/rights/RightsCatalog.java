package io.privacykit.rights;

import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.jurisdiction.SpecialRight;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which rights each regime grants, for the public rights page and to flag a request the
 * requester's law does not grant (it is still taken: a controller may honour more than the law asks).
 */
public final class RightsCatalog {

    /** Set on a request whose type the requester's regime does not grant. */
    public static final String BEYOND_THE_LAW = "beyond-the-law";

    private RightsCatalog() {
    }

    /** The rights a person in {@code jurisdiction} has, in {@link RightType} order. */
    public static List<RightType> rightsIn(Jurisdiction jurisdiction) {
        Set<RightType> rights = switch (jurisdiction.regime()) {
            // GDPR / UK GDPR Art. 7(3), 15-18, 20-22.
            case GDPR, UK_GDPR -> EnumSet.of(RightType.ACCESS, RightType.PORTABILITY, RightType.RECTIFICATION,
                    RightType.ERASURE, RightType.RESTRICTION, RightType.OBJECTION, RightType.WITHDRAW_CONSENT,
                    RightType.AUTOMATED_DECISION_REVIEW);
            // revFADP Art. 21 (automated decisions), 25 (access), 28 (portability), 30 and 32 (objection,
            // rectification, erasure).
            case CH_FADP -> EnumSet.of(RightType.ACCESS, RightType.PORTABILITY, RightType.RECTIFICATION,
                    RightType.ERASURE, RightType.OBJECTION, RightType.WITHDRAW_CONSENT,
                    RightType.AUTOMATED_DECISION_REVIEW);
            // Cal. Civ. Code 1798.100-1798.121; access in a portable format 1798.130(a)(3)(B)(iii).
            case CCPA -> EnumSet.of(RightType.ACCESS, RightType.KNOW, RightType.PORTABILITY, RightType.RECTIFICATION,
                    RightType.ERASURE, RightType.OPT_OUT_OF_SALE, RightType.LIMIT_SENSITIVE);
            // The common core of the other state laws, e.g. Va. Code 59.1-577(A) (verify per state).
            case US_STATE -> EnumSet.of(RightType.ACCESS, RightType.PORTABILITY, RightType.RECTIFICATION,
                    RightType.ERASURE, RightType.OPT_OUT_OF_SALE);
            // LGPD Art. 18 (I-IX) and 20.
            case LGPD -> EnumSet.of(RightType.ACCESS, RightType.PORTABILITY, RightType.RECTIFICATION,
                    RightType.ERASURE, RightType.OBJECTION, RightType.WITHDRAW_CONSENT,
                    RightType.AUTOMATED_DECISION_REVIEW);
            // Law 25.326 Art. 5 (consent revocable), 14 (access), 16 (rectification, suppression).
            case AR_PDPA -> EnumSet.of(RightType.ACCESS, RightType.RECTIFICATION, RightType.ERASURE,
                    RightType.WITHDRAW_CONSENT);
            // PIPEDA Principles 4.3.8 (withdrawal), 4.9 (access, amendment).
            case CA_PIPEDA -> EnumSet.of(RightType.ACCESS, RightType.RECTIFICATION, RightType.WITHDRAW_CONSENT);
            // Quebec Law 25 s.27 (access, portability), 28 and 28.1 (rectification, cessation), 12.1 (automated decisions).
            case CA_QC -> EnumSet.of(RightType.ACCESS, RightType.PORTABILITY, RightType.RECTIFICATION,
                    RightType.ERASURE, RightType.WITHDRAW_CONSENT, RightType.AUTOMATED_DECISION_REVIEW);
            // The policy's own terms.
            case DEFAULT -> EnumSet.of(RightType.ACCESS, RightType.RECTIFICATION, RightType.ERASURE,
                    RightType.WITHDRAW_CONSENT);
        };
        if (jurisdiction.specialRights().contains(SpecialRight.SHINE_THE_LIGHT)) {
            rights.add(RightType.SHINE_THE_LIGHT);
        }
        if (jurisdiction.specialRights().contains(SpecialRight.OPT_OUT_OF_SALE)) {
            rights.add(RightType.OPT_OUT_OF_SALE);
        }
        return new ArrayList<>(rights);
    }
}
