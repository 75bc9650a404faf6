package io.privacykit.servlet;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the filter would have withheld and expired in {@code privacy.enforcement=report-only}: counted
 * by cookie name, each name logged the first time. One per filter; thread-safe; bounded in size.
 */
final class ReportOnlyLog {

    private static final Logger LOG = LoggerFactory.getLogger(ReportOnlyLog.class);
    static final int MAX_NAMES = 1000;

    private final ConcurrentHashMap<String, LongAdder> withheld = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> expired = new ConcurrentHashMap<>();

    /** Counts a cookie set by the app that enforcement would have withheld; {@code why} names its category. */
    void wouldWithhold(String name, String why) {
        count(withheld, name, "Report-only: would withhold cookie '{}' ({}); let through", why);
    }

    /** Counts a cookie the browser holds that enforcement would have expired. */
    void wouldExpire(String name, String why) {
        count(expired, name, "Report-only: would expire cookie '{}' the browser holds ({}); left alone", why);
    }

    Map<String, Long> withheld() {
        return snapshot(withheld);
    }

    Map<String, Long> expired() {
        return snapshot(expired);
    }

    private static void count(ConcurrentHashMap<String, LongAdder> counts, String name, String message, String why) {
        String key = name == null ? UnclassifiedCookieRegistry.MALFORMED : name;
        LongAdder counter = counts.get(key);
        if (counter == null) {
            if (counts.size() >= MAX_NAMES) {
                key = UnclassifiedCookieRegistry.OTHER;
            }
            String logged = key;
            counter = counts.computeIfAbsent(key, k -> {
                LOG.info(message, logged, why);
                return new LongAdder();
            });
        }
        counter.increment();
    }

    private static Map<String, Long> snapshot(ConcurrentHashMap<String, LongAdder> counts) {
        Map<String, Long> result = new TreeMap<>();
        counts.forEach((k, v) -> result.put(k, v.sum()));
        return result;
    }
}
