package io.privacykit.policy;

import io.privacykit.collection.CategoryDeclaration;
import io.privacykit.collection.CollectionMode;
import io.privacykit.collection.CollectionSettings;
import io.privacykit.collection.ControllerInfo;
import io.privacykit.collection.DeclaredPolicy;
import io.privacykit.collection.FidesAliases;
import io.privacykit.collection.LegalBasis;
import io.privacykit.collection.PiCategories;
import io.privacykit.collection.Purposes;
import io.privacykit.collection.RecipientKind;
import io.privacykit.collection.SourceKind;
import io.privacykit.collection.SpecialCondition;
import io.privacykit.collection.TransferSafeguard;
import io.privacykit.consent.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Period;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads the declared collection of personal information ({@code privacy.collection.*}) and the
 * controller ({@code privacy.controller.*}) into a {@link DeclaredPolicy}, recording every problem
 * in the shared {@link ConfigValues} so that they join the one {@link PolicyException}.
 */
final class DeclarationReader {

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final int TEXT_LIMIT = 500;
    private static final String SPECIAL_CONDITION = "special-condition";

    private DeclarationReader() {
    }

    /** Every collection and controller key, given the custom category ids the configuration declares. */
    static List<String> knownKeys(List<String> customCategories) {
        List<String> keys = new ArrayList<>(PolicyKeys.COLLECTION_FIXED);
        Set<String> ids = new LinkedHashSet<>(PiCategories.CCPA);
        ids.addAll(PiCategories.GDPR_SPECIAL);
        for (String id : customCategories) {
            if (PiCategories.CUSTOM_ID.matcher(id).matches()) {
                ids.add(id);
            }
        }
        for (String id : ids) {
            for (String field : PolicyKeys.COLLECTION_FIELDS) {
                keys.add(PolicyKeys.COLLECTION_PREFIX + id + "." + field);
            }
        }
        return keys;
    }

    /**
     * The declared policy, or null when a problem (already recorded) leaves it incomplete.
     *
     * @param ipHashKey the consent IP-hash key, from which the subject key is derived when none is set; null when invalid
     */
    static DeclaredPolicy read(ConfigValues config, int minimumAge, byte[] ipHashKey) {
        List<String> customCategories = ids(config, PolicyKeys.COLLECTION_CUSTOM_CATEGORIES, true);
        List<String> customPurposes = ids(config, PolicyKeys.COLLECTION_CUSTOM_PURPOSES, false);
        Set<String> purposes = new LinkedHashSet<>(Purposes.STANDARD);
        purposes.addAll(customPurposes);

        List<String> ids = new ArrayList<>(PiCategories.CCPA);
        ids.addAll(PiCategories.GDPR_SPECIAL);
        ids.addAll(customCategories);
        Map<String, CategoryDeclaration> declarations = new LinkedHashMap<>();
        for (String id : ids) {
            category(config, id, purposes).ifPresent(d -> declarations.put(id, d));
        }
        ControllerInfo controller = controller(config);
        CollectionMode mode = config.choice(PolicyKeys.COLLECTION_MODE, CollectionMode.REPORT,
                Map.of("strict", CollectionMode.STRICT, "report", CollectionMode.REPORT), "strict or report");
        int queueSize = config.integer(PolicyKeys.COLLECTION_QUEUE_SIZE, CollectionSettings.DEFAULT_QUEUE_SIZE, 1, 10_000_000);
        byte[] subjectKey = subjectKey(config, ipHashKey);
        byte[] unsubscribeKey = secretKey(config, PolicyKeys.COMMUNICATION_UNSUBSCRIBE_KEY);
        if (subjectKey == null || unsubscribeKey != null && unsubscribeKey.length == 0) {
            return null;
        }
        return new DeclaredPolicy(declarations, new LinkedHashSet<>(customPurposes), controller, minimumAge,
                new CollectionSettings(mode, subjectKey, queueSize,
                        unsubscribeKey != null ? unsubscribeKey : CollectionSettings.derivedUnsubscribeKey(subjectKey)));
    }

    private static List<String> ids(ConfigValues config, String key, boolean categories) {
        List<String> out = new ArrayList<>();
        for (String id : config.list(key, List.of(), text -> {
            if (!PiCategories.CUSTOM_ID.matcher(text).matches()) {
                throw new IllegalArgumentException(text);
            }
            return text;
        }, "ids of 1-32 lower-case letters, digits and '_', starting with a letter")) {
            boolean standard = categories ? PiCategories.isStandard(id) : Purposes.STANDARD.contains(id);
            if (standard) {
                config.problem(config.label(key) + ": '" + id + "' is a standard id already; list only your own");
            } else if (out.contains(id)) {
                config.problem(config.label(key) + ": '" + id + "' is listed twice");
            } else {
                out.add(id);
            }
        }
        return out;
    }

    private static Optional<CategoryDeclaration> category(ConfigValues config, String id, Set<String> purposeIds) {
        String prefix = PolicyKeys.COLLECTION_PREFIX + id + ".";
        if (PolicyKeys.COLLECTION_FIELDS.stream().allMatch(field -> config.get(prefix + field).isEmpty())) {
            return Optional.empty();
        }
        String collectedKey = prefix + "collected";
        boolean collected = config.bool(collectedKey, false);
        Set<SourceKind> sources = EnumSet.noneOf(SourceKind.class);
        sources.addAll(config.list(prefix + "sources", List.of(), text -> code(SourceKind.values(), text),
                "sources: " + codes(SourceKind.values())));
        List<String> purposes = config.list(prefix + "purposes", List.of(), text -> purpose(text, purposeIds),
                "purposes: " + String.join(", ", Purposes.STANDARD)
                        + ", one listed in " + PolicyKeys.COLLECTION_CUSTOM_PURPOSES
                        + ", or a Fides data use such as marketing.advertising");
        Map<String, LegalBasis> bases = perPurpose(config, prefix + "legal-basis", purposes, purposeIds,
                codes(List.of(LegalBasis.values()), LegalBasis::code), "a legal basis", "basis");
        Set<RecipientKind> recipients = EnumSet.noneOf(RecipientKind.class);
        recipients.addAll(config.list(prefix + "recipients", List.of(), text -> code(RecipientKind.values(), text),
                "recipient kinds: " + codes(RecipientKind.values())));
        boolean sold = config.bool(prefix + "sold", false);
        boolean shared = config.bool(prefix + "shared", false);
        Period retention = config.parsed(prefix + "retention", null, text -> {
            Period p = Period.parse(text.toUpperCase(Locale.ROOT));
            if (p.isNegative() || p.isZero()) {
                throw new IllegalArgumentException("not positive");
            }
            return p;
        }, "a positive ISO-8601 period such as P2Y, P18M or P30D");
        List<String> fides = config.list(prefix + "data-categories", List.of(), text -> fidesCategory(text, id),
                PiCategories.isStandard(id) ? "Fides data categories the alias table maps onto " + id
                        + " (such as " + String.join(", ", FidesAliases.categoriesOf(id).stream().limit(3).toList()) + ")"
                        : "Fides data categories such as user.contact.email");

        Map<String, SpecialCondition> conditions = specialConditions(config, id, collected, purposes, purposeIds);

        if (collected) {
            // Cal. Civ. Code 1798.100(a)(1), 1798.110(c)(1)-(3); GDPR Art. 13(1)(c), 14(2)(f).
            if (config.get(prefix + "purposes").isEmpty()) {
                config.problem("missing " + prefix + "purposes: " + id + " is collected, so the policy must state why");
            }
            if (config.get(prefix + "sources").isEmpty()) {
                config.problem("missing " + prefix + "sources: " + id + " is collected, so the policy must state from where");
            }
        } else {
            List<String> fields = new ArrayList<>(List.of("sources", "purposes", "legal-basis", "recipients", "retention",
                    "data-categories"));
            if (SpecialCondition.isRequiredFor(id)) {
                fields.add(SPECIAL_CONDITION);
            }
            for (String field : fields) {
                if (config.get(prefix + field).isPresent()) {
                    config.problem(config.label(prefix + field) + ": " + id + " is not collected (set "
                            + collectedKey + "=true, or remove this key)");
                }
            }
        }
        for (String flag : List.of("sold", "shared")) {
            if (config.get(prefix + flag).map("true"::equalsIgnoreCase).orElse(false)) {
                if (!collected) {
                    config.problem(config.label(prefix + flag) + ": " + id + " is not collected (set "
                            + collectedKey + "=true)");
                } else if (recipients.stream().noneMatch(RecipientKind::isThirdParty)) {
                    // 1798.140(ad), (ah): selling and sharing are disclosures to a third party.
                    config.problem(config.label(prefix + flag) + ": a sale or sharing goes to a third party; add"
                            + " third_party or advertising_partner to " + prefix + "recipients");
                }
            }
        }
        return Optional.of(new CategoryDeclaration(id, collected, sources, purposes, bases, recipients, sold, shared,
                Optional.ofNullable(retention), fides, conditions));
    }

    /**
     * The Art. 9(2) or Art. 10 condition of each purpose of a collected special category. Processing
     * a special category is prohibited unless a condition of Art. 9(2) applies (Art. 9(1)); criminal
     * offence data only under official authority or when law authorises it (Art. 10). So a collected
     * special category needs a condition for every purpose, and any other category takes none.
     */
    private static Map<String, SpecialCondition> specialConditions(ConfigValues config, String id, boolean collected,
                                                                   List<String> purposes, Set<String> purposeIds) {
        String key = PolicyKeys.COLLECTION_PREFIX + id + "." + SPECIAL_CONDITION;
        Optional<String> value = config.get(key);
        if (!SpecialCondition.isRequiredFor(id)) {
            value.ifPresent(v -> config.problem(config.label(key) + ": " + id + " is neither a special category of"
                    + " personal data (GDPR Art. 9(1)) nor criminal offence data (Art. 10); only "
                    + String.join(", ", PiCategories.GDPR_SPECIAL) + " take a condition (remove this key)"));
            return Map.of();
        }
        boolean art10 = id.equals(SpecialCondition.CRIMINAL_OFFENCES);
        List<SpecialCondition> allowed = SpecialCondition.allowedFor(id);
        String codes = String.join(", ", allowed.stream().map(SpecialCondition::code).toList());
        if (!collected) {
            return Map.of();
        }
        String why = art10 ? "processing " + id + " is allowed only under official authority or when Union or"
                + " Member State law authorises it (GDPR Art. 10)"
                : "processing " + id + " is prohibited unless a condition of GDPR Art. 9(2) applies";
        if (value.isEmpty()) {
            config.problem("missing " + key + ": " + why + "; state one of " + codes + " (for every purpose, or"
                    + " purpose:condition)");
            return Map.of();
        }
        int before = config.problems().size();
        Map<String, SpecialCondition> conditions = perPurpose(config, key, purposes, purposeIds,
                codes(allowed, SpecialCondition::code), art10 ? "an Art. 10 condition" : "an Art. 9(2) condition",
                "condition");
        List<String> without = purposes.stream().filter(p -> !conditions.containsKey(p)).toList();
        if (config.problems().size() == before && !without.isEmpty()) {
            config.problem(config.label(key) + ": no condition for " + String.join(", ", without) + "; " + why);
        }
        return conditions;
    }

    private static String purpose(String text, Set<String> purposeIds) {
        if (purposeIds.contains(text)) {
            return text;
        }
        return FidesAliases.purpose(text).orElseThrow(() -> new IllegalArgumentException(text));
    }

    /** Each value by its code, in order. */
    private static <V> Map<String, V> codes(List<V> values, java.util.function.Function<V, String> code) {
        Map<String, V> codes = new LinkedHashMap<>();
        values.forEach(v -> codes.put(code.apply(v), v));
        return codes;
    }

    /**
     * {@code value} for every purpose, or {@code purpose:value} for one; a purpose's own entry wins.
     *
     * @param what        the value's name in messages: "a legal basis"
     * @param placeholder the value's name in {@code purpose:<placeholder>}
     */
    private static <V> Map<String, V> perPurpose(ConfigValues config, String key, List<String> purposes,
                                                 Set<String> purposeIds, Map<String, V> codes, String what,
                                                 String placeholder) {
        String expected = what + " (" + String.join(", ", codes.keySet()) + ") for every purpose, or purpose:"
                + placeholder;
        V all = null;
        Map<String, V> specific = new LinkedHashMap<>();
        for (String item : ConfigValues.splitList(config.get(key).orElse(""))) {
            int colon = item.lastIndexOf(':');
            V basis = codes.get(item.substring(colon + 1).trim().toLowerCase(Locale.ROOT).replace('_', '-'));
            if (basis == null) {
                config.invalid(key, item, expected);
                continue;
            }
            if (colon < 0) {
                all = basis;
                continue;
            }
            String purpose;
            try {
                purpose = purpose(item.substring(0, colon).trim(), purposeIds);
            } catch (IllegalArgumentException e) {
                config.invalid(key, item, expected + " naming a purpose of this category");
                continue;
            }
            if (!purposes.contains(purpose)) {
                config.invalid(key, item, "purpose:" + placeholder + " naming one of this category's purposes ("
                        + String.join(", ", purposes) + ")");
                continue;
            }
            specific.put(purpose, basis);
        }
        Map<String, V> bases = new LinkedHashMap<>();
        for (String purpose : purposes) {
            V basis = specific.getOrDefault(purpose, all);
            if (basis != null) {
                bases.put(purpose, basis);
            }
        }
        return bases;
    }

    private static String fidesCategory(String text, String id) {
        if (!FidesAliases.FIDES_KEY.matcher(text).matches() || text.indexOf('.') < 0) {
            throw new IllegalArgumentException(text);
        }
        if (PiCategories.isStandard(id) && !FidesAliases.category(text).map(id::equals).orElse(false)) {
            throw new IllegalArgumentException(text);
        }
        return text;
    }

    private static ControllerInfo controller(ConfigValues config) {
        String name = text(config, PolicyKeys.CONTROLLER_NAME);
        String address = text(config, PolicyKeys.CONTROLLER_ADDRESS);
        String email = config.parsed(PolicyKeys.CONTROLLER_EMAIL, "", DeclarationReader::email, "an e-mail address");
        String phone = text(config, PolicyKeys.CONTROLLER_PHONE);
        ControllerInfo.Role role = config.choice(PolicyKeys.CONTROLLER_ROLE, ControllerInfo.Role.CONTROLLER,
                Map.of("controller", ControllerInfo.Role.CONTROLLER, "processor", ControllerInfo.Role.PROCESSOR),
                "controller or processor");
        String dpoName = text(config, PolicyKeys.CONTROLLER_DPO_NAME);
        String dpoEmail = config.parsed(PolicyKeys.CONTROLLER_DPO_EMAIL, "", DeclarationReader::email, "an e-mail address");
        Map<String, String> representatives = new LinkedHashMap<>();
        for (String territory : PolicyKeys.CONTROLLER_REPRESENTATIVE_TERRITORIES) {
            String value = text(config, PolicyKeys.CONTROLLER_REPRESENTATIVE_PREFIX + territory);
            if (!value.isEmpty()) {
                representatives.put(territory.toUpperCase(Locale.ROOT), value);
            }
        }
        Map<String, String> registrations = new LinkedHashMap<>();
        for (String[] pair : config.list(PolicyKeys.CONTROLLER_REGISTRATIONS, List.<String[]>of(),
                text -> pair(text, true), "CC:number pairs such as AR:RL-2020-33258012-APN-DNPDP#AAIP")) {
            registrations.put(pair[0], pair[1]);
        }
        List<ControllerInfo.SubProcessor> subProcessors = config.list(PolicyKeys.CONTROLLER_SUB_PROCESSORS, List.of(),
                text -> {
                    String[] pair = pair(text, false);
                    return new ControllerInfo.SubProcessor(pair[0], pair[1]);
                }, "name:CC pairs such as Example Cloud Inc:US");
        List<ControllerInfo.Transfer> transfers = config.list(PolicyKeys.CONTROLLER_TRANSFERS, List.of(), text -> {
            String[] pair = pair(text, true);
            return new ControllerInfo.Transfer(pair[0], code(TransferSafeguard.values(), pair[1]));
        }, "CC:safeguard pairs, the safeguard one of " + codes(TransferSafeguard.values()) + ", such as US:scc");
        return new ControllerInfo(name, address, email, phone, role, dpoName, dpoEmail, representatives, registrations,
                subProcessors, transfers);
    }

    private static String text(ConfigValues config, String key) {
        return config.parsed(key, "", text -> {
            if (text.length() > TEXT_LIMIT || text.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(text);
            }
            return text;
        }, "text of at most " + TEXT_LIMIT + " characters without control characters");
    }

    private static String email(String text) {
        int at = text.indexOf('@');
        if (at < 1 || at != text.lastIndexOf('@') || at == text.length() - 1 || text.length() > 254
                || text.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException(text);
        }
        return text;
    }

    /** {@code a:b}, trimmed; the country side (first when {@code countryFirst}) must be an ISO 3166 code. */
    private static String[] pair(String text, boolean countryFirst) {
        int colon = countryFirst ? text.indexOf(':') : text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException(text);
        }
        String left = text.substring(0, colon).trim();
        String right = text.substring(colon + 1).trim();
        String country = (countryFirst ? left : right).toUpperCase(Locale.ROOT);
        if (!COUNTRY.matcher(country).matches() || left.isEmpty() || right.isEmpty()) {
            throw new IllegalArgumentException(text);
        }
        return countryFirst ? new String[] {country, right} : new String[] {left, country};
    }

    /**
     * {@code privacy.collection.subject-key}, else a key derived from the IP-hash key: the same secret
     * serves both without one hash standing in for the other (each is an HMAC under its own label).
     */
    private static byte[] subjectKey(ConfigValues config, byte[] ipHashKey) {
        Optional<String> text = config.get(PolicyKeys.COLLECTION_SUBJECT_KEY);
        if (text.isPresent()) {
            byte[] key = secretKey(config, PolicyKeys.COLLECTION_SUBJECT_KEY);
            return key.length == 0 ? null : key;
        }
        if (ipHashKey == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(ipHashKey, "HmacSHA256"));
            return mac.doFinal("privacykit-subject-key-v1".getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    /**
     * The base64 key under {@code name}: null when not set, empty (with the problem reported, the
     * value not shown) when it is not base64 of at least {@link SigningKey#MIN_BYTES} bytes.
     */
    private static byte[] secretKey(ConfigValues config, String name) {
        Optional<String> text = config.get(name);
        if (text.isEmpty()) {
            return null;
        }
        try {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(text.get());
            } catch (IllegalArgumentException e) {
                key = Base64.getUrlDecoder().decode(text.get());
            }
            if (key.length >= SigningKey.MIN_BYTES) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        config.problem(config.label(name) + ": the value (not shown) is invalid;"
                + " expected base64 of at least " + SigningKey.MIN_BYTES + " random bytes");
        return new byte[0];
    }

    private static <E extends Enum<E>> E code(E[] values, String text) {
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E value : values) {
            if (value.name().equals(normalized)) {
                return value;
            }
        }
        throw new IllegalArgumentException(text);
    }

    private static <E extends Enum<E>> String codes(E[] values) {
        List<String> codes = new ArrayList<>();
        for (E value : values) {
            codes.add(value.name().toLowerCase(Locale.ROOT));
        }
        return String.join(", ", codes);
    }
}
