package io.privacykit.collection;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The standard personal-information category ids: the CCPA's eleven enumerated categories plus
 * sensitive personal information (Cal. Civ. Code 1798.140(v)(1) A-K and 1798.140(ae)), and the
 * GDPR's special categories (Art. 9(1)) and criminal-offence data (Art. 10). Apps may add their
 * own ids with {@code privacy.collection.custom-categories}.
 */
public final class PiCategories {

    /** The CCPA categories, in the order of the statute (A to K, then sensitive). */
    public static final List<String> CCPA = List.of("identifiers", "customer_records", "protected_class",
            "commercial", "biometric", "internet_activity", "geolocation", "sensory", "professional", "education",
            "inferences", "sensitive");

    /** GDPR Art. 9(1) special categories, and Art. 10 criminal convictions and offences. */
    public static final List<String> GDPR_SPECIAL = List.of("racial_ethnic_origin", "political_opinions",
            "religious_philosophical_beliefs", "trade_union_membership", "genetic", "biometric_unique_id", "health",
            "sex_life_sexual_orientation", "criminal_offences");

    /** A custom id: 1-32 lower-case letters, digits and '_', starting with a letter. */
    public static final Pattern CUSTOM_ID = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("identifiers", "Identifiers"),
            Map.entry("customer_records", "Personal information categories listed in the California Customer Records"
                    + " statute (Cal. Civ. Code 1798.80(e))"),
            Map.entry("protected_class", "Protected classification characteristics under California or federal law"),
            Map.entry("commercial", "Commercial information"),
            Map.entry("biometric", "Biometric information"),
            Map.entry("internet_activity", "Internet or other similar network activity"),
            Map.entry("geolocation", "Geolocation data"),
            Map.entry("sensory", "Sensory data"),
            Map.entry("professional", "Professional or employment-related information"),
            Map.entry("education", "Non-public education information"),
            Map.entry("inferences", "Inferences drawn from other personal information"),
            Map.entry("sensitive", "Sensitive personal information"));

    private PiCategories() {
    }

    /** Whether {@code id} is one of the standard ids (CCPA or GDPR special). */
    public static boolean isStandard(String id) {
        return CCPA.contains(id) || GDPR_SPECIAL.contains(id);
    }

    /** The statute's heading of a CCPA category; the id itself for any other. */
    public static String label(String id) {
        return LABELS.getOrDefault(id, id);
    }
}
