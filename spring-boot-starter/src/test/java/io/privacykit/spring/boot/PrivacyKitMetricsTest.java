package io.privacykit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.consent.CookieCategory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrivacyKitMetricsTest {

    private static final Optional<CookieCategory> PERFORMANCE = Optional.of(new CookieCategory("performance", false, false,
            List.of("_ga", "_ga_*", "_g*"), List.of()));

    @Test
    void aBlockedCookieIsTaggedOnlyWithANameThePolicyOrCatalogueKnows() {
        assertThat(PrivacyKitMetrics.nameTag("_ga", PERFORMANCE)).isEqualTo("_ga");
        assertThat(PrivacyKitMetrics.nameTag("_ga_ABC123", PERFORMANCE)).isEqualTo("_ga_*");
        assertThat(PrivacyKitMetrics.nameTag("random-" + System.nanoTime(), Optional.empty())).isEqualTo("unclassified");
        assertThat(PrivacyKitMetrics.nameTag(null, PERFORMANCE)).isEqualTo("unclassified");
    }
}
