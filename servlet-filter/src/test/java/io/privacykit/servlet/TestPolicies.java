package io.privacykit.servlet;

import io.privacykit.collection.CollectionMode;
import io.privacykit.collection.CollectionSettings;
import io.privacykit.collection.DeclaredPolicy;
import io.privacykit.consent.ConsentSettings;
import io.privacykit.consent.CookieCategory;
import io.privacykit.consent.DntResponse;
import io.privacykit.consent.SignalPolicy;
import io.privacykit.consent.SigningKey;
import io.privacykit.consent.UnclassifiedCookies;
import io.privacykit.geo.GeoSettings;
import io.privacykit.jurisdiction.JurisdictionSettings;
import io.privacykit.policy.CspMode;
import io.privacykit.policy.Enforcement;
import io.privacykit.policy.Policy;
import io.privacykit.policy.WebSettings;
import io.privacykit.store.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A policy built by hand, for tests of the enforcement alone. */
final class TestPolicies {

    static final List<CookieCategory> CATEGORIES = List.of(
            new CookieCategory("necessary", true, false, List.of("sid"), List.of("cdn.example.net")),
            new CookieCategory("functionality", false, false, List.of("lang"), List.of()),
            new CookieCategory("performance", false, false, List.of("_ga", "_ga_*"), List.of("www.google-analytics.com")),
            new CookieCategory("advertising", false, true, List.of("_fbp"), List.of("connect.facebook.net", "*.doubleclick.net")));

    private TestPolicies() {
    }

    static Policy policy(UnclassifiedCookies unclassified, CspMode csp) {
        return new Policy("test", "2020-04-01", LocalDate.of(2020, 4, 1), 16, CATEGORIES, unclassified,
                new SignalPolicy(DntResponse.IGNORE, false),
                new GeoSettings(Optional.empty(), List.of(), Set.of(), List.of(), 1000, Duration.ofMinutes(10)),
                JurisdictionSettings.defaults(),
                new ConsentSettings("privacykit_consent", List.of(new SigningKey("k1", new byte[32])),
                        Duration.ofDays(365), null, false, "Lax", new byte[32]),
                new StoreSettings("jdbc:h2:mem:unused", "", "", 1),
                new WebSettings("/privacy", List.of(), csp), Path.of("target"), true, Enforcement.ENFORCE,
                DeclaredPolicy.undeclared(16, new CollectionSettings(CollectionMode.REPORT, new byte[32], 1024)));
    }
}
