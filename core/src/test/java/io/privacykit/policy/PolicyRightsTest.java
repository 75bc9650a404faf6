package io.privacykit.policy;

import static io.privacykit.policy.PolicyFixture.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.privacykit.rights.RetentionRule;
import io.privacykit.rights.RetentionSettings;
import io.privacykit.rights.RightsSettings;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code privacy.rights.*} and {@code privacy.retention.*} keys. */
class PolicyRightsTest {

    @Test
    void unsetKeysGiveTheDefaults() {
        Policy policy = load(PolicyFixture.minimal());

        assertThat(policy.rights()).isEqualTo(RightsSettings.defaults());
        assertThat(policy.retention()).isEqualTo(RetentionSettings.defaults());
    }

    @Test
    void theKeysAreRead() {
        Policy policy = load(PolicyFixture.with(
                "privacy.rights.verification-ttl", "PT48H",
                "privacy.rights.export-ttl", "P3D",
                "privacy.rights.due-soon-days", "10",
                "privacy.rights.requests-per-network-per-hour", "0",
                "privacy.rights.requests-per-email-per-hour", "3",
                "privacy.retention.cleanup-every", "p3m",
                "privacy.retention.backup-delay", "P1M",
                "privacy.retention.rules", "account:account-deleted:next-cleanup, orders:account-deleted:P10Y"));

        assertThat(policy.rights()).isEqualTo(new RightsSettings(Duration.ofHours(48), Duration.ofDays(3), 10, 0, 3));
        assertThat(policy.retention()).isEqualTo(new RetentionSettings(Period.ofMonths(3), Period.ofMonths(1), List.of(
                new RetentionRule("account", "account-deleted", Optional.empty()),
                new RetentionRule("orders", "account-deleted", Optional.of(Period.ofYears(10))))));
    }

    @Test
    void everyBadKeyIsNamedAtOnce() {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> load(PolicyFixture.with(
                "privacy.rights.verification-ttl", "tomorrow",
                "privacy.rights.due-soon-days", "-1",
                "privacy.rights.requests-per-network-per-hour", "-1",
                "privacy.rights.requests-per-email-per-hour", "0",
                "privacy.retention.cleanup-every", "P5M",
                "privacy.retention.rules", "account:account-deleted:soon, orders")));

        assertThat(String.join("\n", e.problems())).contains("privacy.rights.verification-ttl",
                "privacy.rights.due-soon-days", "privacy.rights.requests-per-network-per-hour",
                "privacy.rights.requests-per-email-per-hour", "privacy.retention.cleanup-every",
                "privacy.retention.rules");
    }

    @Test
    void theRequestLimitsAreWholeNumbersInTheirRanges() {
        for (String[] bad : new String[][] {{"privacy.rights.requests-per-network-per-hour", "100001"},
                {"privacy.rights.requests-per-network-per-hour", "ten"},
                {"privacy.rights.requests-per-email-per-hour", "1001"},
                {"privacy.rights.requests-per-email-per-hour", "2.5"}}) {
            PolicyException e = catchThrowableOfType(PolicyException.class, () -> load(PolicyFixture.with(bad[0], bad[1])));
            assertThat(e).as(bad[0] + "=" + bad[1]).isNotNull();
            assertThat(e.problems()).singleElement().asString().contains(bad[0]);
        }
        assertThat(load(PolicyFixture.with("privacy.rights.requests-per-network-per-hour", "100000",
                "privacy.rights.requests-per-email-per-hour", "1")).rights())
                .isEqualTo(new RightsSettings(Duration.ofHours(24), Duration.ofDays(7), 7, 100_000, 1));
    }
}
