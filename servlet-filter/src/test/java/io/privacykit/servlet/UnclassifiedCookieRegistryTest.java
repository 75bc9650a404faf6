package io.privacykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.consent.UnclassifiedCookies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Unclassified cookies are counted and reported on first sight and again at the start of each day. */
class UnclassifiedCookieRegistryTest {

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-03-01T23:59:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void everyNameSeenIsReportedAgainOnceADayWithItsLine() {
        MovableClock clock = new MovableClock();
        UnclassifiedCookieRegistry registry = new UnclassifiedCookieRegistry(UnclassifiedCookies.BLOCK, false,
                TestPolicies.CATEGORIES, clock);

        registry.record("newname");
        registry.record("_gid");
        assertThat(registry.dailyReports()).isZero();
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        registry.record("newname");
        registry.record("newname");
        clock.now = clock.now.plus(Duration.ofHours(1));
        registry.record("_gid");

        assertThat(registry.dailyReports()).isEqualTo(1);
        assertThat(registry.snapshot()).containsEntry("newname", 3L).containsEntry("_gid", 2L);
        assertThat(registry.report()).contains("dropped (privacy.cookies.unclassified=block)",
                "newname (3x): Suggested category: functionality", "privacy.cookies.functionality=lang,newname",
                "privacy.cookies.performance=_ga,_ga_*,_gid");
        clock.now = clock.now.plus(Duration.ofDays(1));
        registry.reportDaily();
        registry.reportDaily();
        assertThat(registry.dailyReports()).isEqualTo(2);
        registry.record(null);
        assertThat(registry.snapshot()).containsKey(UnclassifiedCookieRegistry.MALFORMED);
    }

    @Test
    void aDayWithNothingSeenHasNoReport() {
        MovableClock clock = new MovableClock();
        UnclassifiedCookieRegistry registry = new UnclassifiedCookieRegistry(UnclassifiedCookies.BLOCK, false,
                TestPolicies.CATEGORIES, clock);
        clock.now = clock.now.plus(Duration.ofDays(1));

        registry.reportDaily();

        assertThat(registry.dailyReports()).isZero();
    }

    @Test
    void reportOnlyNamesWhatWouldBeDropped() {
        UnclassifiedCookieRegistry registry = new UnclassifiedCookieRegistry(UnclassifiedCookies.BLOCK, true,
                TestPolicies.CATEGORIES, Clock.systemUTC());
        registry.record("x");

        assertThat(registry.report()).contains("would be dropped, let through in report-only mode");
    }
}
