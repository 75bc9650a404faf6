package io.privacykit.servlet;

import io.privacykit.consent.UnclassifiedCookies;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the cookie names an app sets that no category names, logging each name once, so that the
 * operator can classify them. One registry per filter; thread-safe; bounded in size.
 */
final class UnclassifiedCookieRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(UnclassifiedCookieRegistry.class);

    /** The name under which malformed {@code Set-Cookie} values are counted. */
    static final String MALFORMED = "(malformed Set-Cookie)";
    /** The name under which names beyond {@link #MAX_NAMES} are counted. */
    static final String OTHER = "(other names)";
    static final int MAX_NAMES = 1000;

    private final UnclassifiedCookies mode;
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    UnclassifiedCookieRegistry(UnclassifiedCookies mode) {
        this.mode = mode;
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
                LOG.warn("Cookie '{}' is in no category of the privacy policy: {} (privacy.cookies.unclassified={})."
                                + " Name it in a category's cookie list.", logged,
                        mode == UnclassifiedCookies.BLOCK ? "dropped" : "let through",
                        mode.name().toLowerCase(java.util.Locale.ROOT));
                return new LongAdder();
            });
        }
        counter.increment();
    }

    /** How often each unclassified name was set, by name. */
    Map<String, Long> snapshot() {
        Map<String, Long> result = new TreeMap<>();
        counts.forEach((k, v) -> result.put(k, v.sum()));
        return result;
    }
}
