package io.privacykit.policy;

import io.privacykit.consent.CookieCategory;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The configuration as the file, the system properties and the environment give it, merged (the
 * environment wins over system properties, which win over the file), with
 * typed readers that record every problem instead of stopping at the first.
 */
final class ConfigValues {

    /** The standard categories, in the order {@link Policy#categories()} lists them. */
    static final List<String> STANDARD_CATEGORIES = List.of(CookieCategory.NECESSARY, CookieCategory.FUNCTIONALITY,
            CookieCategory.PERFORMANCE, CookieCategory.ADVERTISING);

    private static final int SHOWN_VALUE_LIMIT = 60;

    private final Map<String, String> values = new TreeMap<>();
    private final Map<String, String> fromEnv = new TreeMap<>();
    private final Set<String> fromSystem = new LinkedHashSet<>();
    private final List<String> problems;
    private final List<String> warnings = new ArrayList<>();

    private ConfigValues(List<String> problems) {
        this.problems = problems;
    }

    /**
     * Merges {@code props}, the {@code privacy.*} entries of {@code system} (system properties) and
     * the {@code PRIVACY_*} variables of {@code env}, reporting every unknown key into
     * {@code problems}. An unknown {@code privacy.*} system property or {@code PRIVACY_*} variable
     * is only a {@linkplain #warnings() warning}: other software shares those namespaces.
     */
    static ConfigValues merge(Properties props, Properties system, Map<String, String> env, List<String> problems) {
        ConfigValues config = new ConfigValues(problems);
        Map<String, String> file = new TreeMap<>();
        for (String name : props.stringPropertyNames()) {
            file.put(name.trim(), props.getProperty(name).trim());
        }
        Map<String, String> systemValues = new TreeMap<>();
        for (String name : system.stringPropertyNames()) {
            if (name.startsWith(PolicyKeys.SYSTEM_PREFIX)) {
                systemValues.put(name, system.getProperty(name).trim());
            }
        }
        Map<String, String> privacyEnv = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(PolicyKeys.ENV_PREFIX)) {
                privacyEnv.put(name, value == null ? "" : value.trim());
            }
        });

        Set<String> categories = new LinkedHashSet<>(STANDARD_CATEGORIES);
        String declared = nonEmpty(privacyEnv.get(PolicyKeys.envName(PolicyKeys.CATEGORIES)))
                .or(() -> nonEmpty(systemValues.get(PolicyKeys.CATEGORIES)))
                .orElse(file.getOrDefault(PolicyKeys.CATEGORIES, ""));
        for (String name : splitList(declared)) {
            if (CookieCategory.NAME.matcher(name).matches()) {
                categories.add(name);
            }
        }
        List<String> customCategories = splitList(
                nonEmpty(privacyEnv.get(PolicyKeys.envName(PolicyKeys.COLLECTION_CUSTOM_CATEGORIES)))
                        .orElse(file.getOrDefault(PolicyKeys.COLLECTION_CUSTOM_CATEGORIES, "")));
        Set<String> known = categories.size() == STANDARD_CATEGORIES.size() && customCategories.isEmpty()
                ? STANDARD_KEYS : knownKeys(categories, customCategories);
        // Only when there are PRIVACY_* variables: a few hundred names, and every load pays for them otherwise.
        Map<String, String> knownByEnv = new TreeMap<>();
        if (!privacyEnv.isEmpty()) {
            for (String key : known) {
                knownByEnv.put(PolicyKeys.envName(key), key);
            }
        }

        file.forEach((key, value) -> {
            if (!known.contains(key)) {
                problems.add(unknown("unknown key '" + key + "'", key, PolicyKeys.categoryOf(key),
                        Suggestions.nearest(key, known).map(s -> "'" + s + "'")));
            } else if (!value.isEmpty()) {
                config.values.put(key, value);
            }
        });
        systemValues.forEach((key, value) -> {
            if (!known.contains(key)) {
                config.warnings.add(unknown("unknown system property '" + key + "'", key, PolicyKeys.categoryOf(key),
                        Suggestions.nearest(key, known).map(s -> "'" + s + "'")));
            } else if (!value.isEmpty()) {
                config.values.put(key, value);
                config.fromSystem.add(key);
            }
        });
        privacyEnv.forEach((name, value) -> {
            String key = knownByEnv.get(name);
            if (key == null) {
                String categoryKey = PolicyKeys.categoryKeyOfEnv(name);
                config.warnings.add(unknown("unknown environment variable " + name, categoryKey,
                        categoryKey == null ? null : PolicyKeys.categoryOf(categoryKey),
                        Suggestions.nearest(name, knownByEnv.keySet())));
            } else if (!value.isEmpty()) {
                config.values.put(key, value);
                config.fromEnv.put(key, name);
            }
        });
        return config;
    }

    /** Every key of a configuration that declares no categories of its own: most of them, computed once. */
    private static final Set<String> STANDARD_KEYS = knownKeys(new LinkedHashSet<>(STANDARD_CATEGORIES), List.of());

    /** Every key a configuration with cookie categories {@code categories} and custom PI categories may set. */
    private static Set<String> knownKeys(Set<String> categories, List<String> customCategories) {
        Set<String> known = new LinkedHashSet<>(PolicyKeys.FIXED);
        known.addAll(PolicyKeys.MAIL);
        for (String category : categories) {
            known.addAll(PolicyKeys.categoryKeys(category));
        }
        known.addAll(DeclarationReader.knownKeys(customCategories));
        // Strictly necessary cookies are always set (ePrivacy Art. 5(3)), so they are never "sold".
        known.remove(PolicyKeys.SALE_PREFIX + CookieCategory.NECESSARY);
        return Collections.unmodifiableSet(known);
    }

    private static String unknown(String what, String key, String category, Optional<String> suggestion) {
        StringBuilder message = new StringBuilder(what);
        if (category != null && category.equals(CookieCategory.NECESSARY)) {
            message.append(": the necessary category is always allowed and cannot be a sale or sharing category");
            return message.toString();
        }
        String separator = ": ";
        if (category != null && CookieCategory.NAME.matcher(category).matches()
                && !PolicyKeys.RESERVED_COOKIE_KEYS.contains(key)) {
            message.append(separator).append("category '").append(category)
                    .append("' is not declared in ").append(PolicyKeys.CATEGORIES);
            separator = "; ";
        }
        if (suggestion.isPresent()) {
            message.append(separator).append("did you mean ").append(suggestion.get()).append('?');
        }
        return message.toString();
    }

    /** Comma-separated items, trimmed, empty items dropped. */
    static List<String> splitList(String text) {
        return Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
    }

    private static Optional<String> nonEmpty(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** What was ignored but may be a mistake: unknown {@code PRIVACY_*} variables and {@code privacy.*} system properties. */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** The problems found so far. */
    List<String> problems() {
        return problems;
    }

    /** The value of {@code key}, trimmed; empty when unset or empty. */
    Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The key, and the environment variable or system property when the value came from one. */
    String label(String key) {
        String env = fromEnv.get(key);
        if (env != null) {
            return key + " (environment variable " + env + ")";
        }
        return fromSystem.contains(key) ? key + " (system property)" : key;
    }

    /** Records a problem. */
    void problem(String message) {
        problems.add(message);
    }

    /** Records that {@code shownValue} (the whole value or one item of it) is not what {@code key} needs. */
    void invalid(String key, String shownValue, String expected) {
        if (PolicyKeys.SECRET.contains(key)) {
            problems.add(label(key) + ": the value (not shown) is invalid; expected " + expected);
        } else {
            problems.add(label(key) + ": '" + show(shownValue) + "' is invalid; expected " + expected);
        }
    }

    /** Records that a required key has no value. */
    void missing(String key) {
        problems.add("missing required key " + key + " (or environment variable " + PolicyKeys.envName(key) + ")");
    }

    private static String show(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(SHOWN_VALUE_LIMIT)
                .forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return value.codePointCount(0, value.length()) > SHOWN_VALUE_LIMIT ? out + "..." : out.toString();
    }

    String string(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /** The value, or null after recording that it is missing. */
    String required(String key) {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            missing(key);
        }
        return value.orElse(null);
    }

    /** The value read by {@code parser}, or null after recording that it is missing or invalid. */
    <T> T required(String key, Function<String, T> parser, String expected) {
        return required(key) == null ? null : parsed(key, null, parser, expected);
    }

    /** {@code true} or {@code false}, case-insensitively; nothing else. */
    boolean bool(String key, boolean defaultValue) {
        return choice(key, defaultValue, Map.of("true", true, "false", false), "true or false");
    }

    int integer(String key, int defaultValue, int min, int max) {
        return (int) number(key, defaultValue, min, max);
    }

    long number(String key, long defaultValue, long min, long max) {
        Optional<String> text = get(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        String expected = max == Long.MAX_VALUE || max == Integer.MAX_VALUE
                ? "a whole number >= " + min : "a whole number from " + min + " to " + max;
        try {
            long value = Long.parseLong(text.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        invalid(key, text.get(), expected);
        return defaultValue;
    }

    /** One of the codes of {@code codes} (case-insensitive), {@code expected} naming them. */
    <T> T choice(String key, T defaultValue, Map<String, T> codes, String expected) {
        Optional<String> text = get(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        for (Map.Entry<String, T> code : codes.entrySet()) {
            if (code.getKey().equalsIgnoreCase(text.get())) {
                return code.getValue();
            }
        }
        invalid(key, text.get(), expected);
        return defaultValue;
    }

    /** A positive ISO-8601 duration such as {@code PT1H}. */
    Duration duration(String key, Duration defaultValue) {
        return parsed(key, defaultValue, text -> {
            Duration d = Duration.parse(text);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("not positive");
            }
            return d;
        }, "a positive ISO-8601 duration such as PT1H or P1D");
    }

    /**
     * The value read by {@code parser}, or {@code defaultValue} when unset or when the parser
     * refuses it (an {@link IllegalArgumentException} or {@link DateTimeParseException}).
     */
    <T> T parsed(String key, T defaultValue, Function<String, T> parser, String expected) {
        Optional<String> text = get(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            return parser.apply(text.get());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            invalid(key, text.get(), expected);
            return defaultValue;
        }
    }

    /** The items of a comma-separated list, each read by {@code parser}; refused items are reported one by one. */
    <T> List<T> list(String key, List<T> defaultValue, Function<String, T> parser, String expected) {
        Optional<String> text = get(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        List<T> out = new ArrayList<>();
        for (String item : splitList(text.get())) {
            try {
                out.add(parser.apply(item));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                invalid(key, item, expected);
            }
        }
        return out;
    }
}
