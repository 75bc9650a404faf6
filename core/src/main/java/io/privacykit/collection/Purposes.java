package io.privacykit.collection;

import java.util.List;
import java.util.Map;

/**
 * The standard purpose ids, after the CCPA's business purposes (Cal. Civ. Code 1798.140(e)) and
 * the usual purposes of a privacy notice (GDPR Art. 13(1)(c)). Apps may add their own with
 * {@code privacy.collection.custom-purposes}; Fides data uses are accepted as aliases.
 */
public final class Purposes {

    /** Disclosing PI so that the recipient markets its own products to the subject: what Cal. Civ. Code 1798.83 (Shine the Light) covers. */
    public static final String THIRD_PARTY_MARKETING = "third_party_marketing";

    /** Every standard purpose id. */
    public static final List<String> STANDARD = List.of("service", "security", "debugging", "analytics", "research",
            "personalization", "advertising", "marketing", "payment", "legal", "employment", "ai_training",
            THIRD_PARTY_MARKETING);

    /**
     * The cookie category whose consent covers a purpose, where a purpose relies on consent: a
     * visitor who consented to {@code performance} cookies consented to analytics.
     */
    static final Map<String, String> CONSENT_CATEGORY = Map.of(
            "analytics", "performance",
            "advertising", "advertising",
            "marketing", "advertising",
            THIRD_PARTY_MARKETING, "advertising",
            "personalization", "functionality");

    private Purposes() {
    }
}
