package io.privacykit.jurisdiction;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Corrections and additions to the built-in regime table, read from the file named by
 * {@code privacy.jurisdiction.overrides} (a properties file; syntax in docs/jurisdictions.md,
 * "Correcting the table"), so that a lawyer can fix a date or add a law without a release.
 * Immutable; {@link #NONE} changes nothing.
 */
public final class JurisdictionOverrides {

    /** No overrides: the built-in table as it is. */
    public static final JurisdictionOverrides NONE = new JurisdictionOverrides("none", Map.of(), Map.of());

    private static final Pattern KEY = Pattern.compile("([A-Z]{2})(?:-([A-Z0-9]{1,3}))?\\.([a-z-]+)");
    private static final Pattern STEP = Pattern.compile("\\s*(?:(\\d{4}-\\d{2}-\\d{2})\\s*:)?\\s*(.+?)\\s*");
    private static final Set<String> STATE_FIELDS = Set.of("law", "regime", "effective", "gpc-binding-from",
            "deadline-days", "extension-days", "minors", "sensitive");
    private static final Set<String> COUNTRY_FIELDS = Set.of("regime", "law", "minors", "deadline-days",
            "extension-days");
    private static final Set<Regime> COUNTRY_REGIMES = Set.of(Regime.GDPR, Regime.UK_GDPR, Regime.CH_FADP,
            Regime.LGPD, Regime.AR_PDPA, Regime.CA_PIPEDA, Regime.CA_QC, Regime.DEFAULT);
    /** A minors step without a date applies from the start (for a state: from its effective date). */
    static final LocalDate ALWAYS = LocalDate.of(1900, 1, 1);

    private final String source;
    private final Map<String, StateOverride> states;
    private final Map<String, CountryOverride> countries;

    private JurisdictionOverrides(String source, Map<String, StateOverride> states,
                                  Map<String, CountryOverride> countries) {
        this.source = source;
        this.states = Map.copyOf(states);
        this.countries = Map.copyOf(countries);
    }

    /**
     * Reads and validates an override file. Every problem is added to {@code problems} (each
     * naming the file and key), so a bad file reports all its errors at once; the overrides
     * returned then hold only the valid entries.
     */
    public static JurisdictionOverrides read(Path file, List<String> problems) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            problems.add(file + ": cannot be read as a properties file (" + e.getMessage() + ")");
            return NONE;
        }
        return parse(properties, file.toString(), problems);
    }

    /** Validates overrides given as properties; {@code source} names them in problems. */
    public static JurisdictionOverrides parse(Properties properties, String source, List<String> problems) {
        Objects.requireNonNull(source, "source");
        Map<String, Map<String, String>> byPlace = new TreeMap<>();
        List<String> mine = new ArrayList<>();
        for (String key : new TreeMap<>(toMap(properties)).keySet()) {
            String value = properties.getProperty(key).trim();
            Matcher m = KEY.matcher(key.trim());
            if (!m.matches()) {
                mine.add(source + ": '" + key + "' is not a key; expected US-XX.field for a US state (such as "
                        + "US-OK.effective) or CC.field for a country (such as JE.regime)");
                continue;
            }
            String country = m.group(1);
            String region = m.group(2);
            String field = m.group(3);
            boolean state = region != null;
            if (state && !country.equals("US")) {
                mine.add(source + ": " + key + ": only US states can be overridden by subdivision");
                continue;
            }
            if (!state && (country.equals("US") || country.equals("CA"))) {
                mine.add(source + ": " + key + ": the US and Canada are set per state or province; use US-XX."
                        + field + " for a state");
                continue;
            }
            Set<String> fields = state ? STATE_FIELDS : COUNTRY_FIELDS;
            if (!fields.contains(field)) {
                mine.add(source + ": " + key + ": unknown field '" + field + "'; expected one of "
                        + String.join(", ", new java.util.TreeSet<>(fields)));
                continue;
            }
            byPlace.computeIfAbsent(state ? "US-" + region : country, k -> new TreeMap<>()).put(field, value);
        }
        Map<String, StateOverride> states = new TreeMap<>();
        Map<String, CountryOverride> countries = new TreeMap<>();
        byPlace.forEach((place, fields) -> {
            if (place.startsWith("US-")) {
                StateOverride parsed = state(place, fields, source, mine);
                if (parsed != null) {
                    states.put(place.substring(3), parsed);
                }
            } else {
                CountryOverride parsed = country(place, fields, source, mine);
                if (parsed != null) {
                    countries.put(place, parsed);
                }
            }
        });
        problems.addAll(mine);
        return new JurisdictionOverrides(source, states, countries);
    }

    private static Map<String, String> toMap(Properties properties) {
        Map<String, String> map = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return map;
    }

    private static StateOverride state(String place, Map<String, String> fields, String source, List<String> problems) {
        int before = problems.size();
        String state = place.substring(3);
        boolean builtIn = RegimeTable.US_STATE_LAWS.stream().anyMatch(law -> law.state().equals(state));
        String law = fields.get("law");
        if (law != null && (law.isEmpty() || law.length() > 200)) {
            problems.add(source + ": " + place + ".law: expected the law's name (1-200 characters)");
        }
        Regime regime = null;
        if (fields.containsKey("regime")) {
            regime = switch (fields.get("regime")) {
                case "US_STATE" -> Regime.US_STATE;
                case "CCPA" -> Regime.CCPA;
                default -> {
                    problems.add(source + ": " + place + ".regime: '" + fields.get("regime")
                            + "' is invalid; expected US_STATE or CCPA");
                    yield null;
                }
            };
        }
        boolean removed = "never".equals(fields.get("effective"));
        LocalDate effective = removed ? null : date(fields, "effective", place, source, problems);
        LocalDate gpc = date(fields, "gpc-binding-from", place, source, problems);
        boolean gpcNever = "never".equals(fields.get("gpc-binding-from"));
        Integer days = integer(fields, "deadline-days", 1, 365, place, source, problems);
        Integer extension = integer(fields, "extension-days", 0, 365, place, source, problems);
        List<MinorsStep> minors = steps(fields.get("minors"), place, source, problems);
        ConsentModel sensitive = null;
        if (fields.containsKey("sensitive")) {
            String value = fields.get("sensitive");
            if (value.equals("opt-in") || value.equals("opt-out")) {
                sensitive = ConsentModel.fromCode(value);
            } else {
                problems.add(source + ": " + place + ".sensitive: '" + value + "' is invalid; expected opt-in or opt-out");
            }
        }
        if (!builtIn && !removed && (!fields.containsKey("law") || !fields.containsKey("effective"))) {
            problems.add(source + ": " + place + ": a state not in the built-in table needs at least " + place
                    + ".law and " + place + ".effective");
        }
        if (problems.size() > before) {
            return null;
        }
        return new StateOverride(law, regime, effective, removed, gpc, gpcNever, days, extension, minors, sensitive);
    }

    private static CountryOverride country(String place, Map<String, String> fields, String source,
                                           List<String> problems) {
        int before = problems.size();
        Regime regime = null;
        if (fields.containsKey("regime")) {
            String value = fields.get("regime");
            try {
                regime = Regime.valueOf(value);
            } catch (IllegalArgumentException e) {
                regime = null;
            }
            if (regime == null || !COUNTRY_REGIMES.contains(regime)) {
                problems.add(source + ": " + place + ".regime: '" + value + "' is invalid; expected one of "
                        + "GDPR, UK_GDPR, CH_FADP, LGPD, AR_PDPA, CA_PIPEDA, CA_QC, DEFAULT");
                regime = null;
            }
        }
        String law = fields.get("law");
        if (law != null && (law.isEmpty() || law.length() > 200)) {
            problems.add(source + ": " + place + ".law: expected the law's name (1-200 characters)");
        }
        Integer days = integer(fields, "deadline-days", 1, 365, place, source, problems);
        Integer extension = integer(fields, "extension-days", 0, 365, place, source, problems);
        List<MinorsStep> minors = steps(fields.get("minors"), place, source, problems);
        if (problems.size() > before) {
            return null;
        }
        return new CountryOverride(regime, law, days, extension, minors);
    }

    private static LocalDate date(Map<String, String> fields, String field, String place, String source,
                                  List<String> problems) {
        String value = fields.get(field);
        if (value == null || value.equals("never")) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(source + ": " + place + "." + field + ": '" + value + "' is invalid; expected a date such as "
                    + "2027-01-01 or never");
            return null;
        }
    }

    private static Integer integer(Map<String, String> fields, String field, int min, int max, String place,
                                   String source, List<String> problems) {
        String value = fields.get(field);
        if (value == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(source + ": " + place + "." + field + ": '" + value + "' is invalid; expected a whole number "
                + min + "-" + max);
        return null;
    }

    /** {@code [DATE:] RULE; [DATE:] RULE ...}, each RULE in {@link MinorsRule#parse} syntax. */
    private static List<MinorsStep> steps(String value, String place, String source, List<String> problems) {
        if (value == null) {
            return null;
        }
        List<MinorsStep> steps = new ArrayList<>();
        LocalDate previous = null;
        for (String part : value.split(";")) {
            Matcher m = STEP.matcher(part);
            if (!m.matches()) {
                problems.add(source + ": " + place + ".minors: empty step in '" + value + "'");
                continue;
            }
            try {
                LocalDate from = m.group(1) == null ? ALWAYS : LocalDate.parse(m.group(1));
                if (previous != null && !from.isAfter(previous)) {
                    problems.add(source + ": " + place + ".minors: steps must be in date order, each with its own "
                            + "date: '" + part.trim() + "'");
                    continue;
                }
                previous = from;
                steps.add(new MinorsStep(from, MinorsRule.parse(m.group(2))));
            } catch (DateTimeParseException e) {
                problems.add(source + ": " + place + ".minors: '" + m.group(1) + "' is no date such as 2026-01-01");
            } catch (IllegalArgumentException e) {
                problems.add(source + ": " + place + ".minors: " + e.getMessage());
            }
        }
        return steps;
    }

    /** Whether these overrides change nothing. */
    public boolean isEmpty() {
        return states.isEmpty() && countries.isEmpty();
    }

    /** Where the overrides came from (the file), or {@code none}. */
    public String source() {
        return source;
    }

    Map<String, StateOverride> states() {
        return states;
    }

    Map<String, CountryOverride> countries() {
        return countries;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JurisdictionOverrides o && states.equals(o.states) && countries.equals(o.countries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(states, countries);
    }

    @Override
    public String toString() {
        return "JurisdictionOverrides[" + source + ", states=" + states.keySet() + ", countries=" + countries.keySet()
                + "]";
    }

    /** A corrected or added state row; {@code null} fields keep the built-in value. */
    record StateOverride(String law, Regime regime, LocalDate effective, boolean removed, LocalDate gpcBindingFrom,
                         boolean gpcNever, Integer deadlineDays, Integer extensionDays, List<MinorsStep> minors,
                         ConsentModel sensitive) {
    }

    /** A country's regime, law, deadline or minors rule; {@code null} fields keep the built-in value. */
    record CountryOverride(Regime regime, String law, Integer deadlineDays, Integer extensionDays,
                           List<MinorsStep> minors) {
    }
}
