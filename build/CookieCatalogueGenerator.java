import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regenerates core/src/main/resources/io/privacykit/consent/cookie-catalogue.tsv from a copy of the
 * Open Cookie Database CSV (Apache-2.0). Run from the repository root:
 *
 * <pre>java build/CookieCatalogueGenerator.java /path/to/open-cookie-database.csv [source-version]</pre>
 *
 * The source version defaults to the commit named in a SOURCE.md beside the CSV, if there is one.
 * Names that are no RFC 6265 token and wildcard prefixes shorter than three characters (which
 * would claim every cookie starting with, say, "_s") are left out. A name listed under several
 * categories keeps the strictest: advertising, then performance, functionality, necessary.
 */
public final class CookieCatalogueGenerator {

    static final Path OUTPUT = Path.of("core/src/main/resources/io/privacykit/consent/cookie-catalogue.tsv");
    static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    static final List<String> STRICTNESS = List.of("necessary", "functionality", "performance", "advertising");
    static final int MIN_PREFIX = 3;

    record Entry(String name, boolean prefix, String category, String platform, String retention) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: java build/CookieCatalogueGenerator.java open-cookie-database.csv [source-version]");
            System.exit(2);
        }
        Path csv = Path.of(args[0]);
        String version = args.length > 1 ? args[1] : versionBeside(csv);
        List<List<String>> rows = parse(Files.readString(csv, StandardCharsets.UTF_8));
        List<String> header = rows.get(0);
        int platform = header.indexOf("Platform");
        int category = header.indexOf("Category");
        int name = header.indexOf("Cookie / Data Key name");
        int retention = header.indexOf("Retention period");
        int wildcard = header.indexOf("Wildcard match");
        Map<String, Entry> entries = new TreeMap<>();
        int skipped = 0;
        for (List<String> row : rows.subList(1, rows.size())) {
            if (row.size() <= wildcard) {
                continue;
            }
            String cookie = row.get(name).trim();
            boolean prefix = row.get(wildcard).trim().equals("1");
            String mapped = map(row.get(category).trim());
            if (mapped == null || !TOKEN.matcher(cookie).matches() || (prefix && cookie.length() < MIN_PREFIX)) {
                skipped++;
                continue;
            }
            Entry entry = new Entry(cookie, prefix, mapped, clean(row.get(platform)), clean(row.get(retention)));
            String key = cookie + (prefix ? "*" : "");
            Entry old = entries.get(key);
            if (old == null || STRICTNESS.indexOf(mapped) > STRICTNESS.indexOf(old.category())) {
                entries.put(key, entry);
            }
        }
        StringBuilder out = new StringBuilder()
                .append("# PrivacyKit cookie catalogue: well-known cookies and the PrivacyKit category they belong to.\n")
                .append("# Derived from the Open Cookie Database (https://github.com/jkwakman/Open-Cookie-Database),\n")
                .append("# ").append(version).append(", licensed under the Apache License, Version 2.0\n")
                .append("# (https://www.apache.org/licenses/LICENSE-2.0). Changes: only name, wildcard flag, category,\n")
                .append("# platform and retention are kept; categories are mapped (Analytics->performance,\n")
                .append("# Marketing->advertising, Functional and Personalization->functionality, Security and\n")
                .append("# Necessary->necessary); names that are no cookie token and prefixes shorter than ")
                .append(MIN_PREFIX).append(" are left out.\n")
                .append("# Regenerate: java build/CookieCatalogueGenerator.java open-cookie-database.csv > ").append(OUTPUT).append('\n')
                .append("# Columns (tab-separated): name, prefix (1 = the name is a prefix), category, platform, retention\n");
        for (Entry e : entries.values()) {
            out.append(e.name()).append('\t').append(e.prefix() ? '1' : '0').append('\t').append(e.category())
                    .append('\t').append(e.platform()).append('\t').append(e.retention()).append('\n');
        }
        System.out.print(out);
        System.err.println(entries.size() + " entries written, " + skipped + " rows left out");
    }

    static String map(String category) {
        return switch (category) {
            case "Analytics" -> "performance";
            case "Marketing" -> "advertising";
            case "Functional", "Personalization" -> "functionality";
            case "Security", "Necessary" -> "necessary";
            default -> null;
        };
    }

    static String clean(String text) {
        return text.replaceAll("[\\t\\r\\n]+", " ").trim();
    }

    static String versionBeside(Path csv) throws IOException {
        Path source = csv.toAbsolutePath().resolveSibling("SOURCE.md");
        if (Files.isReadable(source)) {
            Matcher commit = Pattern.compile("commit ([0-9a-f]{40})").matcher(Files.readString(source));
            if (commit.find()) {
                return "commit " + commit.group(1);
            }
        }
        return "version unknown";
    }

    /** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                if (!(row.size() == 1 && row.get(0).isEmpty())) {
                    rows.add(row);
                }
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
