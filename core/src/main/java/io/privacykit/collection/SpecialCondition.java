package io.privacykit.collection;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The condition that lifts the prohibition on processing a GDPR special category (Art. 9(2)(a)-(j))
 * or allows processing criminal-offence data (Art. 10), with the label fideslang uses where it has one.
 */
public enum SpecialCondition {
    /** Art. 9(2)(a): the subject's explicit consent for one or more specified purposes. */
    EXPLICIT_CONSENT("Art. 9(2)(a)", "Explicit consent"),
    /** Art. 9(2)(b): obligations and rights in employment, social security and social protection law. */
    EMPLOYMENT("Art. 9(2)(b)", "Employment, social security and social protection"),
    /** Art. 9(2)(c): vital interests of a subject physically or legally incapable of giving consent. */
    VITAL_INTERESTS("Art. 9(2)(c)", "Vital interests"),
    /** Art. 9(2)(d): a not-for-profit body's legitimate activities concerning its members or regular contacts. */
    NOT_FOR_PROFIT("Art. 9(2)(d)", "Not-for-profit bodies"),
    /** Art. 9(2)(e): data manifestly made public by the subject. */
    MADE_PUBLIC("Art. 9(2)(e)", "Made public by the data subject"),
    /** Art. 9(2)(f): the establishment, exercise or defence of legal claims, or courts acting judicially. */
    LEGAL_CLAIMS("Art. 9(2)(f)", "Legal claims or judicial acts"),
    /** Art. 9(2)(g): substantial public interest, on the basis of Union or Member State law. */
    PUBLIC_INTEREST("Art. 9(2)(g)", "Reasons of substantial public interest (with a basis in law)"),
    /** Art. 9(2)(h): preventive or occupational medicine, diagnosis, health or social care. */
    HEALTH_CARE("Art. 9(2)(h)", "Health or social care (with a basis in law)"),
    /** Art. 9(2)(i): public interest in the area of public health. */
    PUBLIC_HEALTH("Art. 9(2)(i)", "Public health (with a basis in law)"),
    /** Art. 9(2)(j): archiving in the public interest, scientific or historical research, or statistics (Art. 89(1)). */
    RESEARCH("Art. 9(2)(j)", "Archiving, research and statistics (with a basis in law)"),
    /** Art. 10: under the control of official authority. */
    OFFICIAL_AUTHORITY("Art. 10", null),
    /** Art. 10: authorised by Union or Member State law providing appropriate safeguards. */
    AUTHORISED_BY_LAW("Art. 10", null);

    /** The category of criminal convictions and offences (Art. 10); every other GDPR special id is Art. 9(1). */
    public static final String CRIMINAL_OFFENCES = "criminal_offences";

    private final String article;
    private final String fidesLabel;

    SpecialCondition(String article, String fidesLabel) {
        this.article = article;
        this.fidesLabel = fidesLabel;
    }

    /** {@code Art. 9(2)(a)}, or {@code Art. 10}. */
    public String article() {
        return article;
    }

    /** The value of fideslang's {@code special_category_legal_basis}; empty for the Art. 10 conditions, which it lacks. */
    public Optional<String> fidesLabel() {
        return Optional.ofNullable(fidesLabel);
    }

    /** The configuration code: {@code explicit-consent}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether {@code category} is one whose processing needs a condition: a GDPR special id (Art. 9(1) or 10). */
    public static boolean isRequiredFor(String category) {
        return PiCategories.GDPR_SPECIAL.contains(category);
    }

    /** The conditions that can apply to {@code category}: Art. 10's for criminal offences, Art. 9(2)'s for the others, none for any other id. */
    public static List<SpecialCondition> allowedFor(String category) {
        if (!isRequiredFor(category)) {
            return List.of();
        }
        if (category.equals(CRIMINAL_OFFENCES)) {
            return List.of(OFFICIAL_AUTHORITY, AUTHORISED_BY_LAW);
        }
        return List.of(EXPLICIT_CONSENT, EMPLOYMENT, VITAL_INTERESTS, NOT_FOR_PROFIT, MADE_PUBLIC, LEGAL_CLAIMS,
                PUBLIC_INTEREST, HEALTH_CARE, PUBLIC_HEALTH, RESEARCH);
    }
}
