package io.privacykit.spring.boot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** A valid policy as Spring properties ({@code key=value}), for context runners. */
final class TestPolicies {

    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private TestPolicies() {
    }

    static String[] valid(Path dataDir, String... more) {
        List<String> properties = new ArrayList<>(List.of(
                "privacy.policy.version=2020-04-01",
                "privacy.policy.last-updated=2020-04-01",
                "privacy.cookies.performance=_ga,_ga_*",
                "privacy.cookies.advertising=_fbp",
                "privacy.consent.keys=k1:" + KEY,
                "privacy.consent.ip-hash-key=" + KEY,
                "privacy.geo.database=" + System.getProperty("privacykit.test.geolite2.city"),
                "privacy.data-dir=" + dataDir));
        properties.addAll(List.of(more));
        return properties.toArray(String[]::new);
    }
}
