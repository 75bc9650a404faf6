package io.privacykit.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Settings built without a forwarding header read {@code X-Forwarded-For}, as most proxies write it. */
class GeoSettingsTest {

    @Test
    void theForwardingHeaderDefaultsToXForwardedFor() {
        GeoSettings settings = new GeoSettings(Optional.empty(), List.of(), Set.of(), List.of(), 10, Duration.ofMinutes(1));

        assertThat(settings.forwardedHeader()).isEqualTo(ForwardedHeader.X_FORWARDED_FOR);
        assertThat(settings.forwardedHeader().headerName()).isEqualTo("X-Forwarded-For");
        assertThat(ForwardedHeader.FORWARDED.headerName()).isEqualTo("Forwarded");
    }
}
