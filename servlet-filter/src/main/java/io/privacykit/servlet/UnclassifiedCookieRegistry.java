package io.privacykit.servlet;

import io.privacykit.consent.CookieCatalogue;
import io.privacykit.consent.CookieCategory;
import io.privacykit.consent.UnclassifiedCookies;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the cookie names an app sets that nothing classifies, so that the operator can classify
 * them. Never silent: a name is logged when first seen, and every name seen so far once at the
 * start of each day (UTC), each with a suggested category and the line to paste into
 * {@code privacy.properties}. One registry per filter; thread-safe; bounded in size.
 */
final class UnclassifiedCookieRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(UnclassifiedCookieRegistry.class);
    private static final long DAY_MILLIS = 86_400_000L;

    /** The name under which malformed {@code Set-Cookie} values are counted. */
    static final String MALFORMED = "(malformed Set-Cookie)";
    /** The name under which names beyond {@link #MAX_NAMES} are counted. */
    static final String OTHER = "(other names)";
    static final int MAX_NAMES = 1000;

    private final UnclassifiedCookies mode;
    private final boolean reportOnly;
    private final List<CookieCategory> categories;
    private final Clock clock;
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final AtomicLong reportedDay;
    private final LongAdder dailyReports = new LongAdder();

    /** A registry that suggests nothing: for enforcement tests without a policy's lists. */
    UnclassifiedCookieRegistry(UnclassifiedCookies mode) {
        this(mode, false, List.of(), Clock.systemUTC());
    }

    /**
     * @param mode       what happens to such cookies
     * @param reportOnly whether a blocked one is let through all the same ({@code privacy.enforcement=report-only})
     * @param categories the policy's categories, for the line to paste
     * @param clock      when each day starts
     */
    UnclassifiedCookieRegistry(UnclassifiedCookies mode, boolean reportOnly, List<CookieCategory> categories, Clock clock) {
        this.mode = mode;
        this.reportOnly = reportOnly;
        this.categories = List.copyOf(categories);
        this.clock = clock;
        this.reportedDay = new AtomicLong(clock.millis() / DAY_MILLIS);
    }

    UnclassifiedCookies mode() {
        return mode;
    }

    /** Counts one occurrence of {@code name} (null for a malformed value); logs a name the first time. */
    void record(String name) {
        String key = name == null ? MALFORMED : name;
        LongAdder counter = counts.get(key);
        if (counter == null) {
            if (counts.size() >= MAX_NAMES) {
                key = OTHER;
            }
            String logged = key;
            counter = counts.computeIfAbsent(key, k -> {
                LOG.warn("Cookie '{}' is in no category of the privacy policy: {}. {}", logged, effect(), advice(logged));
                return new LongAdder();
            });
        }
        counter.increment();
        reportDaily();
    }

    /**
     * Logs the daily report when a new day (UTC) has begun since the last one: called on every
     * request, so that it comes at the start of the day; costs a clock read otherwise.
     */
    void reportDaily() {
        long today = clock.millis() / DAY_MILLIS;
        long reported = reportedDay.get();
        if (today > reported && reportedDay.compareAndSet(reported, today) && !counts.isEmpty()) {
            dailyReport();
        }
    }

    /** Logs every name seen so far, with its count and suggestion. */
    private void dailyReport() {
        dailyReports.increment();
        LOG.warn("{}", report());
    }

    /** How many daily reports were logged. */
    long dailyReports() {
        return dailyReports.sum();
    }

    /** The daily report: every name seen so far, with its count and suggestion. */
    String report() {
        StringBuilder report = new StringBuilder("Cookies in no category of the privacy policy, ").append(effect())
                .append(" (times set since start-up):");
        snapshot().forEach((name, count) -> report.append("\n  ").append(name).append(" (").append(count).append("x): ")
                .append(advice(name)));
        return report.toString();
    }

    private String effect() {
        String mode = "privacy.cookies.unclassified=" + this.mode.name().toLowerCase(Locale.ROOT);
        if (this.mode == UnclassifiedCookies.ALLOW) {
            return "let through (" + mode + ")";
        }
        return reportOnly ? "would be dropped, let through in report-only mode (" + mode + ")"
                : "dropped (" + mode + ")";
    }

    private String advice(String name) {
        if (name.equals(MALFORMED) || name.equals(OTHER)) {
            return "Check the app's Set-Cookie headers.";
        }
        CookieSuggestion suggestion = CookieSuggestion.of(name, categories, CookieCatalogue.standard());
        return "Suggested category: " + suggestion.category() + " (" + suggestion.source() + "); add to privacy.properties: "
                + suggestion.line();
    }

    /** How often each unclassified name was set, by name. */
    Map<String, Long> snapshot() {
        Map<String, Long> result = new TreeMap<>();
        counts.forEach((k, v) -> result.put(k, v.sum()));
        return result;
    }
}
