package io.privacykit.collection;

import java.util.Locale;

/** The lawful bases of processing, GDPR Art. 6(1)(a)-(f), with the label fideslang uses for each. */
public enum LegalBasis {
    /** (a) the subject's consent. */
    CONSENT("Art. 6(1)(a)", "Consent"),
    /** (b) a contract with the subject. */
    CONTRACT("Art. 6(1)(b)", "Contract"),
    /** (c) a legal obligation of the controller. */
    LEGAL_OBLIGATION("Art. 6(1)(c)", "Legal obligations"),
    /** (d) someone's vital interests. */
    VITAL_INTERESTS("Art. 6(1)(d)", "Vital interests"),
    /** (e) a task in the public interest. */
    PUBLIC_TASK("Art. 6(1)(e)", "Public interest"),
    /** (f) the controller's or a third party's legitimate interests. */
    LEGITIMATE_INTERESTS("Art. 6(1)(f)", "Legitimate interests");

    private final String article;
    private final String fidesLabel;

    LegalBasis(String article, String fidesLabel) {
        this.article = article;
        this.fidesLabel = fidesLabel;
    }

    /** {@code Art. 6(1)(a)}. */
    public String article() {
        return article;
    }

    /** The value of fideslang's {@code legal_basis_for_processing}. */
    public String fidesLabel() {
        return fidesLabel;
    }

    /** The configuration code: {@code legitimate-interests}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
