package io.privacykit.spring.boot;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.privacykit.consent.ConsentDecision;
import io.privacykit.consent.CookieCatalogue;
import io.privacykit.consent.CookieCategory;
import io.privacykit.geo.GeoCacheStats;
import io.privacykit.geo.GeoLocatorChain;
import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.servlet.PrivacyEventListener;
import java.util.Optional;

/**
 * PrivacyKit's meters: {@code privacykit.decisions} (tags {@code regime}, {@code outcome}: {@code all},
 * {@code partial}, {@code necessary-only} or {@code needs-choice}), {@code privacykit.cookies.blocked}
 * (tags {@code name}, {@code category}) and the geolocation cache ({@code privacykit.geo.cache.*}).
 * A blocked cookie's name tag is only ever a name or pattern the policy or the cookie catalogue
 * lists, else {@code unclassified}, so a client cannot grow the number of meters.
 */
final class PrivacyKitMetrics implements MeterBinder, PrivacyEventListener {

    static final String UNCLASSIFIED = "unclassified";

    private final GeoLocatorChain locator;
    private volatile MeterRegistry registry;

    PrivacyKitMetrics(GeoLocatorChain locator) {
        this.locator = locator;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        if (locator != null && locator.cacheStats().isPresent()) {
            Gauge.builder("privacykit.geo.cache.hit.ratio", locator, l -> l.cacheStats().map(GeoCacheStats::hitRate).orElse(1.0))
                    .description("Share of geolocation lookups answered from PrivacyKit's cache").register(registry);
            FunctionCounter.builder("privacykit.geo.cache.hits", locator, l -> l.cacheStats().map(GeoCacheStats::hits).orElse(0L))
                    .description("Geolocation lookups answered from the cache").register(registry);
            FunctionCounter.builder("privacykit.geo.cache.misses", locator, l -> l.cacheStats().map(GeoCacheStats::misses).orElse(0L))
                    .description("Geolocation lookups that read the database").register(registry);
            Gauge.builder("privacykit.geo.cache.size", locator, l -> l.cacheStats().map(GeoCacheStats::size).orElse(0L))
                    .description("Addresses in the geolocation cache").register(registry);
        }
    }

    @Override
    public void decided(Jurisdiction jurisdiction, ConsentDecision decision) {
        MeterRegistry meters = registry;
        if (meters == null) {
            return;
        }
        Counter.builder("privacykit.decisions").description("Requests classified, by regime and outcome")
                .tag("regime", jurisdiction.regime().name()).tag("outcome", outcome(decision))
                .register(meters).increment();
    }

    @Override
    public void cookieWithheld(String name, Optional<CookieCategory> category) {
        MeterRegistry meters = registry;
        if (meters == null) {
            return;
        }
        Counter.builder("privacykit.cookies.blocked").description("Set-Cookie headers withheld from responses")
                .tag("name", nameTag(name, category)).tag("category", category.map(CookieCategory::name).orElse(UNCLASSIFIED))
                .register(meters).increment();
    }

    static String outcome(ConsentDecision decision) {
        if (decision.needsChoice()) {
            return "needs-choice";
        }
        long allowed = decision.categories().keySet().stream().filter(decision::allowed).count();
        if (allowed == decision.categories().size()) {
            return "all";
        }
        return allowed <= 1 ? "necessary-only" : "partial";
    }

    /** The name, or the pattern that matched it, as the policy or the catalogue lists it; else {@code unclassified}. */
    static String nameTag(String name, Optional<CookieCategory> category) {
        if (name == null || category.isEmpty()) {
            return UNCLASSIFIED;
        }
        String longest = null;
        for (String pattern : category.get().cookies()) {
            if (pattern.equals(name)) {
                return name;
            }
            if (pattern.endsWith("*") && name.startsWith(pattern.substring(0, pattern.length() - 1))
                    && (longest == null || pattern.length() > longest.length())) {
                longest = pattern;
            }
        }
        if (longest != null) {
            return longest;
        }
        return CookieCatalogue.standard().find(name).map(CookieCatalogue.Entry::pattern).orElse(UNCLASSIFIED);
    }
}
