package io.privacykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.collection.LegalBasis;
import io.privacykit.collection.PiCategories;
import io.privacykit.collection.Purposes;
import io.privacykit.collection.RecipientKind;
import io.privacykit.collection.SourceKind;
import io.privacykit.collection.SpecialCondition;
import io.privacykit.collection.TransferSafeguard;
import io.privacykit.consent.CookieCategory;
import io.privacykit.geo.Location;
import io.privacykit.geo.LocationSource;
import io.privacykit.jurisdiction.Deadline;
import io.privacykit.jurisdiction.DeadlineUnit;
import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.jurisdiction.JurisdictionResolver;
import io.privacykit.jurisdiction.JurisdictionSettings;
import io.privacykit.rights.HolidayCalendars;
import io.privacykit.rights.RightType;
import io.privacykit.rights.RightsCatalog;
import io.privacykit.rights.RightsDeadlines;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The notice's words: the same keys and placeholders in every language, a label for every standard id. */
class NoticeTextTest {

    static final Map<String, NoticeText> TEXTS = NoticeText.all();
    static final Map<String, String> ENGLISH = NoticeText.read("en");

    /** Words that are the same in English and the other language. */
    static final Set<String> SAME_AS_ENGLISH = Set.of("list.separator", "no", "cookies.heading", "cookies.names",
            "purpose.marketing", "controller.representative");

    @Test
    void everyLanguageHasEveryKeyWithTheSamePlaceholders() {
        for (String language : List.of("es", "pt")) {
            Map<String, String> other = NoticeText.read(language);
            assertThat(other.keySet()).as(language).isEqualTo(ENGLISH.keySet());
            ENGLISH.forEach((key, text) -> {
                assertThat(placeholders(other.get(key))).as(language + " " + key).isEqualTo(placeholders(text));
                assertThat(other.get(key)).as(language + " " + key).isNotBlank();
            });
        }
    }

    @Test
    void spanishAndPortugueseAreTranslatedNotCopied() {
        for (String language : List.of("es", "pt")) {
            Map<String, String> other = NoticeText.read(language);
            List<String> copied = new ArrayList<>();
            ENGLISH.forEach((key, text) -> {
                if (other.get(key).equals(text) && !SAME_AS_ENGLISH.contains(key) && !key.startsWith("unit.")) {
                    copied.add(key);
                }
            });
            // Legal words stay as the statute names them: GDPR, CCPA, "Do Not Track" are proper names.
            assertThat(copied).as(language).allMatch(k -> k.equals("category.identifiers") || k.startsWith("purpose.")
                    || k.startsWith("recipient.") || k.startsWith("right.") || k.equals("regime.heading"));
            assertThat(copied).as(language).hasSizeLessThan(3);
        }
    }

    @Test
    void everyStandardIdHasALabelInEveryLanguage() {
        List<String> keys = new ArrayList<>();
        PiCategories.CCPA.forEach(id -> keys.add("category." + id));
        PiCategories.GDPR_SPECIAL.forEach(id -> keys.add("category." + id));
        Purposes.STANDARD.forEach(id -> keys.add("purpose." + id));
        for (SourceKind kind : SourceKind.values()) {
            keys.add("source." + kind.code());
        }
        for (RecipientKind kind : RecipientKind.values()) {
            keys.add("recipient." + kind.code());
        }
        for (LegalBasis basis : LegalBasis.values()) {
            keys.add("basis." + basis.code());
        }
        for (SpecialCondition condition : SpecialCondition.values()) {
            keys.add("condition." + condition.code());
        }
        for (TransferSafeguard safeguard : TransferSafeguard.values()) {
            keys.add("safeguard." + safeguard.code());
        }
        for (RightType type : RightType.values()) {
            keys.add("right." + type.name());
        }
        for (DeadlineUnit unit : DeadlineUnit.values()) {
            keys.add("unit." + unit.name().toLowerCase(Locale.ROOT) + ".one");
            keys.add("unit." + unit.name().toLowerCase(Locale.ROOT) + ".other");
        }
        for (String cookie : List.of(CookieCategory.NECESSARY, CookieCategory.FUNCTIONALITY, CookieCategory.PERFORMANCE,
                CookieCategory.ADVERTISING)) {
            keys.add("cookie." + cookie);
        }
        for (NoticeText text : TEXTS.values()) {
            for (String key : keys) {
                assertThat(text.find(key)).as(text.language() + " " + key).isPresent();
            }
        }
    }

    @Test
    void theEnglishCategoryLabelsAreTheStatutesHeadings() {
        for (String id : PiCategories.CCPA) {
            assertThat(TEXTS.get("en").label("category", id)).isEqualTo(PiCategories.label(id));
        }
        assertThat(TEXTS.get("es").label("category", "my_custom_id")).isEqualTo("my_custom_id");
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            en | P2Y       | 2 years
            en | P1Y6M     | 1 year, 6 months
            en | P30D      | 30 days
            es | P2Y       | 2 años
            es | P1M       | 1 mes
            es | P1Y6M     | 1 año, 6 meses
            pt | P2Y       | 2 anos
            pt | P3M       | 3 meses
            pt | P1D       | 1 dia
            """)
    void retentionPeriodsInWords(String language, String period, String words) {
        assertThat(TEXTS.get(language).period(Period.parse(period))).isEqualTo(words);
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            en | 1 year                   | 1 year
            en | Session                  | until you close the browser
            en | End of session (browser) | until you close the browser
            en | 13 months                | 13 months
            es | 2 years                  | 2 años
            es | 30 minutes               | 30 minutos
            es | session                  | hasta que cierres el navegador
            pt | 1 Year                   | 1 ano
            pt | 24 hours                 | 24 horas
            pt | forever                  | forever
            """)
    void cookieLifetimesFromTheCatalogueInWords(String language, String catalogued, String words) {
        assertThat(TEXTS.get(language).lifetime(catalogued)).isEqualTo(words);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            en | 1 calendar month (+2)           | 1 calendar month; we may extend this by 2 calendar months if we tell you why in time
            es | 1 calendar month (+2)           | 1 mes; podemos prorrogarlo 2 meses si te explicamos el motivo a tiempo
            pt | 45 calendar days (+45)          | 45 dias corridos; podemos prorrogar por 45 dias corridos se explicarmos o motivo a tempo
            es | 15 business days                | 15 días hábiles
            pt | 10 business days (+5)           | 10 dias úteis; podemos prorrogar por 5 dias úteis se explicarmos o motivo a tempo
            en | 30 calendar days (longer with notice) | 30 calendar days; longer if we tell you in time when you will have an answer
            en | 1 calendar month (+10 business days) | 1 calendar month; we may extend this by 10 business days if we tell you why in time
            """)
    void deadlinesInWords(String language, String rule, String words) {
        Deadline deadline = Notice.parseDeadline(rule).orElseThrow();
        assertThat(deadline).hasToString(rule);
        assertThat(Notice.deadline(TEXTS.get(language), deadline)).isEqualTo(words);
    }

    @Test
    void everyRegimesDeadlineForEveryRightReadsBackFromItsRule() {
        JurisdictionResolver resolver = new JurisdictionResolver(JurisdictionSettings.defaults(),
                Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC));
        RightsDeadlines deadlines = new RightsDeadlines(new HolidayCalendars());
        Set<String> regimes = new TreeSet<>();
        for (String[] place : new String[][] {{"DE", null}, {"GB", null}, {"CH", null}, {"US", "CA"}, {"US", "VA"},
                {"US", "TX"}, {"BR", null}, {"AR", null}, {"CA", "ON"}, {"CA", "QC"}, {"JP", null}}) {
            Jurisdiction j = resolver.resolve(new Location(place[0], place[1], LocationSource.HEADER));
            regimes.add(j.regime().name());
            for (RightType type : RightsCatalog.rightsIn(j)) {
                String rule = deadlines.of(j, type, LocalDate.of(2026, 6, 1)).rule();
                assertThat(Notice.parseDeadline(rule)).as(j.regime() + " " + type + " " + rule)
                        .hasValueSatisfying(d -> assertThat(d).hasToString(rule));
            }
        }
        assertThat(regimes).hasSize(10);
    }

    @Test
    void argumentsAreInsertedAsTheyAreEvenWhenTheyLookLikePlaceholders() {
        assertThat(TEXTS.get("en").format("rights.extension", "{1} $1 \\", "2 days"))
                .isEqualTo("{1} $1 \\; we may extend this by 2 days if we tell you why in time");
    }

    @Test
    void datesAndCountriesInTheVisitorsLanguage() {
        LocalDate day = LocalDate.of(2020, 4, 1);
        assertThat(TEXTS.get("en").date(day)).isEqualTo("April 1, 2020");
        assertThat(TEXTS.get("es").date(day)).isEqualTo("1 de abril de 2020");
        assertThat(TEXTS.get("pt").date(day)).isEqualTo("1 de abril de 2020");
        assertThat(TEXTS.get("es").country("US")).isEqualTo("Estados Unidos");
        assertThat(TEXTS.get("pt").country("de")).isEqualTo("Alemanha");
    }

    private static List<String> placeholders(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("\\{\\d}").matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        found.sort(null);
        return found;
    }
}
