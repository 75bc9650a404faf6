package io.privacykit.communication;

import io.privacykit.jurisdiction.ConsentModel;
import io.privacykit.jurisdiction.Regime;

/**
 * Whether direct marketing on a channel needs the person's prior opt-in or may be sent until they
 * opt out, per regime. Service messages are outside these rules ({@link MessageKind#SERVICE}).
 */
public final class MarketingRules {

    private MarketingRules() {
    }

    /**
     * {@link ConsentModel#OPT_IN} or {@link ConsentModel#OPT_OUT} for marketing on {@code channel}
     * to a person under {@code regime}.
     */
    public static ConsentModel modelFor(Regime regime, Channel channel) {
        return switch (regime) {
            // ePrivacy Directive 2002/58/EC Art. 13(1): e-mail (which Art. 2(h) defines to include
            // SMS) for direct marketing needs prior consent; GDPR Art. 7 says what consent is.
            case GDPR -> ConsentModel.OPT_IN;
            // PECR 2003 reg. 22(2).
            case UK_GDPR -> ConsentModel.OPT_IN;
            // Swiss Unfair Competition Act (UCA) Art. 3(1)(o): mass advertising by telecommunication needs consent.
            case CH_FADP -> ConsentModel.OPT_IN;
            // LGPD Art. 7(I): consent is the basis both reference policies give for marketing.
            case LGPD -> ConsentModel.OPT_IN;
            // CASL (S.C. 2010, c. 23) s. 6(1): no commercial electronic message without consent.
            case CA_PIPEDA, CA_QC -> ConsentModel.OPT_IN;
            // Law 25.326 Art. 27(1)-(3): data may be used for advertising; the person may ask at
            // any time to be withdrawn or blocked, free of charge.
            case AR_PDPA -> ConsentModel.OPT_OUT;
            // CAN-SPAM Act, 15 U.S.C. 7704(a)(3)-(5): e-mail until the recipient opts out. TCPA,
            // 47 CFR 64.1200(a)(2): marketing texts need prior express written consent.
            case CCPA, US_STATE -> channel == Channel.EMAIL ? ConsentModel.OPT_OUT : ConsentModel.OPT_IN;
            // Everywhere else: the strict rule, as most anti-spam laws (Japan's Act on Specified
            // Electronic Mail, Australia's Spam Act 2003) require consent.
            case DEFAULT -> ConsentModel.OPT_IN;
        };
    }
}
