package io.privacykit.sample;

import static io.privacykit.sample.SampleHttp.CALIFORNIA;
import static io.privacykit.sample.SampleHttp.GERMANY;
import static io.privacykit.sample.SampleHttp.WASHINGTON;
import static io.privacykit.sample.SampleHttp.consentCookie;
import static io.privacykit.sample.SampleHttp.cookiesSet;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The EU SaaS reference policy (--policy eu-saas): an EU controller that honours Global Privacy
 * Control everywhere and asks for consent outside the specific regimes too.
 */
class EuSaasSampleAppIT {

    @TempDir
    static Path dataDir;
    static SampleApp app;
    static SampleHttp visitor;

    @BeforeAll
    static void start() throws Exception {
        app = SampleApp.start(new SampleAppOptions(0, "eu-saas", dataDir), Map.of());
        visitor = new SampleHttp(app);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void runsTheEuPolicy() throws Exception {
        JsonNode state = visitor.consentJson(GERMANY);
        assertThat(state.get("policyVersion").asText()).isEqualTo("2022-05-01");
        assertThat(state.get("jurisdiction").get("regime").asText()).isEqualTo("GDPR");
        assertThat(app.policy().minimumAge()).isEqualTo(16);
    }

    @Test
    void gpcWithdrawsAdvertisingEvenFromAnEuVisitorWhoAccepted() throws Exception {
        String accepted = consentCookie(visitor.post(GERMANY, "accept=all", null));
        assertThat(cookiesSet(visitor.home(GERMANY, "Cookie", accepted)))
                .containsExactlyInAnyOrder("session", "lang", "_ga", "_fbp");
        assertThat(cookiesSet(visitor.home(GERMANY, "Cookie", accepted, "Sec-GPC", "1")))
                .contains("session", "lang", "_ga").doesNotContain("_fbp");
    }

    @Test
    void visitorsOutsideTheSpecificRegimesAreAskedFirst() throws Exception {
        JsonNode washington = visitor.consentJson(WASHINGTON).get("jurisdiction");
        assertThat(washington.get("regime").asText()).isEqualTo("DEFAULT");
        assertThat(washington.get("consentModel").asText()).isEqualTo("opt-in");
        assertThat(cookiesSet(visitor.home(WASHINGTON))).containsExactly("session");
        // California's own law still decides there: opt-out.
        assertThat(cookiesSet(visitor.home(CALIFORNIA))).containsExactlyInAnyOrder("session", "lang", "_ga", "_fbp");
    }
}
