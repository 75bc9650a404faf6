package io.privacykit.geo;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Read-only view of request headers, so that core stays free of the servlet API. Header names
 * are case-insensitive; a header sent several times yields several values in arrival order.
 */
@FunctionalInterface
public interface RequestHeaders {

    /** Every value of the header, in the order received; empty when absent. Never null. */
    List<String> values(String name);

    /** The first value of the header, or {@code null} when absent. */
    default String first(String name) {
        List<String> values = values(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** No headers at all. */
    static RequestHeaders none() {
        return name -> List.of();
    }

    /** Headers from a map; names are matched case-insensitively. */
    static RequestHeaders of(Map<String, List<String>> headers) {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.merge(k.toLowerCase(Locale.ROOT), List.copyOf(v),
                (a, b) -> {
                    List<String> all = new java.util.ArrayList<>(a);
                    all.addAll(b);
                    return List.copyOf(all);
                }));
        return name -> copy.getOrDefault(name, List.of());
    }
}
