package io.privacykit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.servlet.PrivacyKitInitializer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebFragmentTest {

    /** In a WAR, the container merges this before PrivacyKitInitializer runs, which then registers no second filter. */
    @Test
    void theStartersFragmentTurnsTheInitializersRegistrationOff() throws Exception {
        try (InputStream in = PrivacyKitAutoConfiguration.class.getResourceAsStream("/META-INF/web-fragment.xml")) {
            assertThat(in).isNotNull();
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("\\s+", "");
            assertThat(xml).contains("<param-name>" + PrivacyKitInitializer.AUTO_REGISTER + "</param-name><param-value>false</param-value>");
        }
    }
}
