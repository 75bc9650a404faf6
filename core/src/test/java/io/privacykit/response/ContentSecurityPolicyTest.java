package io.privacykit.response;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.consent.CookieCategory;
import io.privacykit.policy.CspMode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContentSecurityPolicyTest {

    @Test
    void aHostValueThatIsNoHostSourceIsLeftOut() {
        List<CookieCategory> categories = List.of(
                new CookieCategory("necessary", true, false, List.of(), List.of("ok.example.com")),
                new CookieCategory("performance", false, false, List.of(),
                        List.of("'unsafe-inline'", "a.example.com; script-src *", "https://b.example.com:8443", "*.c.example.com")));

        assertThat(ContentSecurityPolicy.value(categories, Set.of("performance")))
                .startsWith("script-src 'self' ok.example.com https://b.example.com:8443 *.c.example.com; img-src")
                .doesNotContain("unsafe", "script-src *");
        assertThat(ContentSecurityPolicy.value(categories, Set.of())).startsWith("script-src 'self' ok.example.com; img-src");
    }

    @Test
    void theModeNamesTheHeader() {
        assertThat(ContentSecurityPolicy.headerName(CspMode.OFF)).isNull();
        assertThat(ContentSecurityPolicy.headerName(CspMode.ENFORCE)).isEqualTo("Content-Security-Policy");
        assertThat(ContentSecurityPolicy.headerName(CspMode.REPORT_ONLY)).isEqualTo("Content-Security-Policy-Report-Only");
    }
}
