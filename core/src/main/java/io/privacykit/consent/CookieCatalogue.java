package io.privacykit.consent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Well-known cookies of third-party platforms (Google Analytics' {@code _ga}, Hotjar's
 * {@code _hjid}, ...) and the standard category each belongs to, derived from the Open Cookie
 * Database (Apache-2.0; see the header of {@code cookie-catalogue.tsv}). Loaded once, immutable and
 * thread-safe; a {@link CookieClassifier} consults it after the policy's own lists.
 */
public final class CookieCatalogue {

    static final String RESOURCE = "cookie-catalogue.tsv";

    /**
     * One catalogue entry.
     *
     * @param name      the cookie name, or its prefix when {@code prefix} is set
     * @param prefix    whether {@code name} matches every cookie that starts with it
     * @param category  one of the four standard category names
     * @param platform  the platform that sets it, e.g. {@code Google Analytics}; may be empty
     * @param retention how long it lives, as the database words it, e.g. {@code 2 years}
     */
    public record Entry(String name, boolean prefix, String category, String platform, String retention) {

        /** The name as a policy lists it: {@code _ga_*} for a prefix. */
        public String pattern() {
            return prefix ? name + "*" : name;
        }
    }

    private final Map<String, Entry> exact;
    private final Entry[] prefixes;

    CookieCatalogue(List<Entry> entries) {
        Map<String, Entry> names = new HashMap<>();
        List<Entry> patterns = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.prefix()) {
                patterns.add(entry);
            } else {
                names.putIfAbsent(entry.name(), entry);
            }
        }
        patterns.sort(Comparator.comparingInt((Entry e) -> e.name().length()).reversed());
        this.exact = Map.copyOf(names);
        this.prefixes = patterns.toArray(new Entry[0]);
    }

    /** The catalogue shipped with PrivacyKit, read on first use. */
    public static CookieCatalogue standard() {
        return Holder.STANDARD;
    }

    /** The entry that names {@code cookieName} exactly, else the longest prefix entry that matches it. */
    public Optional<Entry> find(String cookieName) {
        if (cookieName == null) {
            return Optional.empty();
        }
        Entry entry = exact.get(cookieName);
        if (entry != null) {
            return Optional.of(entry);
        }
        for (Entry prefix : prefixes) {
            if (cookieName.startsWith(prefix.name())) {
                return Optional.of(prefix);
            }
        }
        return Optional.empty();
    }

    /** Every entry: exact names (in no particular order), then prefixes, longest first. */
    public List<Entry> entries() {
        List<Entry> all = new ArrayList<>(exact.values());
        all.addAll(List.of(prefixes));
        return all;
    }

    static CookieCatalogue read(InputStream in) throws IOException {
        List<Entry> entries = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length != 5 || !CookieCategory.NAME.matcher(fields[2]).matches()) {
                throw new IOException("malformed catalogue line: " + line);
            }
            entries.add(new Entry(fields[0], fields[1].equals("1"), fields[2], fields[3], fields[4]));
        }
        return new CookieCatalogue(entries);
    }

    private static final class Holder {
        static final CookieCatalogue STANDARD = load();

        private static CookieCatalogue load() {
            try (InputStream in = CookieCatalogue.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                return read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
