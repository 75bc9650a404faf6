package io.privacykit.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.privacykit.geo.Location;
import io.privacykit.geo.LocationSource;
import io.privacykit.jurisdiction.JurisdictionOverrides;
import io.privacykit.jurisdiction.JurisdictionResolver;
import io.privacykit.jurisdiction.Regime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code privacy.jurisdiction.overrides}: read and validated at start-up with the rest of the policy. */
class PolicyJurisdictionOverridesTest {

    @Test
    void withoutTheKeyTheBuiltInTableApplies() {
        Policy policy = PolicyLoader.fromProperties(PolicyFixture.minimal(), Map.of());

        assertThat(policy.jurisdiction().overrides()).isEqualTo(JurisdictionOverrides.NONE);
    }

    @Test
    void aCorrectedDateInTheFileTakesEffect(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("regimes.properties"), "US-AL.effective=2027-04-01\n");
        Properties props = PolicyFixture.minimal();
        props.setProperty("privacy.jurisdiction.overrides", file.toString());

        Policy policy = PolicyLoader.fromProperties(props, Map.of());

        JurisdictionResolver resolver = new JurisdictionResolver(policy.jurisdiction(),
                Clock.fixed(Instant.parse("2027-04-02T00:00:00Z"), ZoneOffset.UTC));
        assertThat(resolver.resolve(new Location("US", "AL", LocationSource.DATABASE)).regime())
                .isEqualTo(Regime.US_STATE);
    }

    @Test
    void aBadFileFailsStartUpNamingEveryErrorWithTheOtherBadKeys(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("regimes.properties"),
                "US-OK.effective=tomorrow\nUS-TX.minors=kid<13\nJE.regime=CCPA\n");
        Properties props = PolicyFixture.minimal();
        props.setProperty("privacy.jurisdiction.overrides", file.toString());
        props.setProperty("privacy.jurisdiction.fallback", "NOWHERE");

        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.fromProperties(props, Map.of()));

        assertThat(e.problems()).hasSize(4);
        assertThat(e.problems()).filteredOn(p -> p.startsWith("privacy.jurisdiction.overrides: " + file))
                .hasSize(3);
        assertThat(e.problems()).anyMatch(p -> p.startsWith("privacy.jurisdiction.fallback"));
    }

    @Test
    void aMissingFileIsABadValue(@TempDir Path dir) {
        Properties props = PolicyFixture.minimal();
        props.setProperty("privacy.jurisdiction.overrides", dir.resolve("absent.properties").toString());

        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.fromProperties(props, Map.of()));

        assertThat(e.problems()).singleElement().asString()
                .startsWith("privacy.jurisdiction.overrides: '").contains("expected an existing, readable override file");
    }
}
