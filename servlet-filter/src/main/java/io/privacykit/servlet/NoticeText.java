package io.privacykit.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The privacy notice's words in one language, read from {@code notice_<language>.properties}: every
 * sentence, heading and label the page shows, so that each language is in one file. Immutable.
 */
final class NoticeText {

    /** The languages the notice speaks; English is the fallback. */
    static final List<String> LANGUAGES = List.of("en", "es", "pt");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d)}");
    private static final Pattern LIFETIME = Pattern.compile(
            "(\\d{1,5})\\s+(year|month|week|day|hour|minute)s?", Pattern.CASE_INSENSITIVE);

    private final String language;
    private final Locale locale;
    private final Map<String, String> messages;

    private NoticeText(String language, Map<String, String> messages) {
        this.language = language;
        this.locale = language.equals("pt") ? Locale.forLanguageTag("pt-BR") : Locale.forLanguageTag(language);
        this.messages = messages;
    }

    /** The words of every language the notice speaks, by language. */
    static Map<String, NoticeText> all() {
        Map<String, NoticeText> all = new TreeMap<>();
        for (String language : LANGUAGES) {
            all.put(language, new NoticeText(language, read(language)));
        }
        return Map.copyOf(all);
    }

    /** The raw messages of {@code language}'s file, key to text. */
    static Map<String, String> read(String language) {
        String name = "notice_" + language + ".properties";
        try (InputStream in = NoticeText.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> messages = new TreeMap<>();
            properties.forEach((key, value) -> messages.put((String) key, (String) value));
            return Map.copyOf(messages);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The language code: {@code en}, {@code es} or {@code pt}. */
    String language() {
        return language;
    }

    /** The message {@code key}; a missing key is a bug that {@code NoticeTextTest} catches. */
    String get(String key) {
        String text = messages.get(key);
        if (text == null) {
            throw new IllegalStateException("no notice text '" + key + "' in " + language);
        }
        return text;
    }

    /** The message {@code key}, if this language has it (labels of ids the policy adds do not). */
    Optional<String> find(String key) {
        return Optional.ofNullable(messages.get(key));
    }

    /**
     * The message {@code key} with {@code {0}}, {@code {1}} ... replaced by {@code arguments} in one
     * pass, so that an argument (a name from the policy) that contains "{1}" stays as it is.
     */
    String format(String key, Object... arguments) {
        Matcher m = PLACEHOLDER.matcher(get(key));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int index = m.group(1).charAt(0) - '0';
            m.appendReplacement(out, Matcher.quoteReplacement(
                    index < arguments.length ? String.valueOf(arguments[index]) : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The label of {@code id} in a family ({@code category}, {@code purpose} ...), or the id itself for ids the policy adds. */
    String label(String family, String id) {
        return find(family + "." + id).orElse(id);
    }

    /** {@code amount} of a {@code unit} ({@code years}, {@code business_days} ...), singular or plural. */
    String amount(long amount, String unit) {
        return amount + " " + get("unit." + unit + (amount == 1 ? ".one" : ".other"));
    }

    /** A period such as {@code P2Y6M} in words: "2 years, 6 months". */
    String period(Period period) {
        StringBuilder out = new StringBuilder();
        appendPart(out, period.getYears(), "years");
        appendPart(out, period.getMonths(), "months");
        appendPart(out, period.getDays(), "days");
        return out.length() == 0 ? amount(0, "days") : out.toString();
    }

    private void appendPart(StringBuilder out, int amount, String unit) {
        if (amount != 0) {
            out.append(out.length() == 0 ? "" : ", ").append(amount(amount, unit));
        }
    }

    /**
     * A cookie lifetime as the cookie catalogue words it ("1 year", "Session", "13 months") in this
     * language; wordings other than a session or an amount of a unit stay as they are.
     */
    String lifetime(String catalogued) {
        String text = catalogued.strip();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("session") || lower.startsWith("end of session")) {
            return get("cookies.session");
        }
        Matcher m = LIFETIME.matcher(text);
        if (m.matches()) {
            return amount(Long.parseLong(m.group(1)), m.group(2).toLowerCase(Locale.ROOT) + "s");
        }
        return text;
    }

    /** A date in this language's long form: "April 1, 2020", "1 de abril de 2020". */
    String date(LocalDate date) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).format(date);
    }

    /** A country's name in this language, from its ISO 3166 code; the code when the JDK knows no name. */
    String country(String code) {
        String name = new Locale("", code.toUpperCase(Locale.ROOT)).getDisplayCountry(locale);
        return name.isEmpty() ? code : name;
    }
}
