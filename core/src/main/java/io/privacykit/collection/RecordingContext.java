package io.privacykit.collection;

import io.privacykit.jurisdiction.Jurisdiction;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What the request a record comes from says about the subject: the jurisdiction, whether they
 * opted out of sale and sharing (Global Privacy Control or an explicit choice), the cookie
 * categories (or purpose ids, or special category ids for explicit consent) they consented to, and
 * their age when the app knows it.
 *
 * @param jurisdiction        the visitor's jurisdiction
 * @param optedOutOfSale      whether the visitor opted out of sale/sharing (Cal. Civ. Code 1798.120, 1798.135; GPC)
 * @param consentedCategories the consent categories granted, e.g. {@code performance}, {@code advertising}
 * @param age                 the declared age, when the app knows it
 */
public record RecordingContext(Jurisdiction jurisdiction, boolean optedOutOfSale, Set<String> consentedCategories,
                               OptionalInt age) {
    public RecordingContext {
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        consentedCategories = Set.copyOf(consentedCategories);
        Objects.requireNonNull(age, "age");
        if (age.isPresent() && (age.getAsInt() < 0 || age.getAsInt() > 150)) {
            throw new IllegalArgumentException("age out of range: " + age.getAsInt());
        }
    }

    /**
     * Whether the subject gave explicit consent to processing a special {@code category} (GDPR Art.
     * 9(2)(a)): only a consent naming the category id itself, such as {@code health}, counts.
     */
    public boolean explicitlyConsentedTo(String category) {
        return consentedCategories.contains(category);
    }

    /** This context with consents to {@code ids} added, e.g. the special category a subject explicitly consented to. */
    public RecordingContext withConsentTo(String... ids) {
        Set<String> all = new java.util.HashSet<>(consentedCategories);
        all.addAll(java.util.List.of(ids));
        return new RecordingContext(jurisdiction, optedOutOfSale, all, age);
    }

    /** Whether the subject consented to {@code purpose}: to it by name, or to the cookie category that covers it. */
    public boolean consentedTo(String purpose) {
        if (consentedCategories.contains(purpose)) {
            return true;
        }
        String category = Purposes.CONSENT_CATEGORY.get(purpose);
        return category != null && consentedCategories.contains(category);
    }
}
