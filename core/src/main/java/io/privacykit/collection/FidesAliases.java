package io.privacykit.collection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Fides names (fideslang data categories such as {@code user.contact.email} and data uses such as
 * {@code marketing.advertising}) as aliases of PrivacyKit's category and purpose ids, from the small
 * table {@code fides-aliases.txt} beside this class (its header names the source and licence).
 */
public final class FidesAliases {

    /** A fideslang key: dot-separated segments of lower-case letters, digits and '_'. */
    public static final Pattern FIDES_KEY = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+|[a-z][a-z0-9_]*");

    private static final Map<String, String> CATEGORIES;
    private static final Map<String, String> USES;
    private static final Map<String, String> EXPORTS;

    static {
        Map<String, String> categories = new LinkedHashMap<>();
        Map<String, String> uses = new LinkedHashMap<>();
        Map<String, String> exports = new LinkedHashMap<>();
        try (InputStream in = FidesAliases.class.getResourceAsStream("fides-aliases.txt")) {
            if (in == null) {
                throw new IllegalStateException("fides-aliases.txt is missing from privacykit-core");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] fields = trimmed.split("\\s+");
                Map<String, String> table = fields.length != 3 ? null : switch (fields[0]) {
                    case "category" -> categories;
                    case "use" -> uses;
                    case "export" -> exports;
                    default -> null;
                };
                if (table == null) {
                    throw new IllegalStateException("bad line in fides-aliases.txt: " + line);
                }
                table.put(fields[1], fields[2]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CATEGORIES = Collections.unmodifiableMap(categories);
        USES = Collections.unmodifiableMap(uses);
        EXPORTS = Collections.unmodifiableMap(exports);
    }

    private FidesAliases() {
    }

    /** The category id a Fides data category stands for, if the table maps it or an ancestor of it. */
    public static Optional<String> category(String fidesKey) {
        return lookup(CATEGORIES, fidesKey);
    }

    /** The purpose id a Fides data use stands for, if the table maps it or an ancestor of it. */
    public static Optional<String> purpose(String fidesKey) {
        return lookup(USES, fidesKey);
    }

    /** The Fides data categories the table maps onto {@code categoryId}, in table order. */
    public static List<String> categoriesOf(String categoryId) {
        return CATEGORIES.entrySet().stream().filter(e -> e.getValue().equals(categoryId)).map(Map.Entry::getKey).toList();
    }

    /** The Fides data use a purpose is exported as: the first row mapping onto it, else its export row. */
    public static Optional<String> useOf(String purposeId) {
        return USES.entrySet().stream().filter(e -> e.getValue().equals(purposeId)).map(Map.Entry::getKey).findFirst()
                .or(() -> Optional.ofNullable(EXPORTS.get(purposeId)));
    }

    /** Whether {@code name} is {@code ancestor} or below it in the taxonomy. */
    public static boolean isWithin(String name, String ancestor) {
        return name.equals(ancestor) || name.startsWith(ancestor + ".");
    }

    private static Optional<String> lookup(Map<String, String> table, String key) {
        for (String candidate = key; ; ) {
            String id = table.get(candidate);
            if (id != null) {
                return Optional.of(id);
            }
            int dot = candidate.lastIndexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            candidate = candidate.substring(0, dot);
        }
    }
}
