package io.privacykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A tracking cookie's collection is recorded once per visitor, category and UTC day. */
class VisitorDaysTest {

    private static final long DAY = 20_000;

    static Stream<Arguments> sightings() {
        return Stream.of(
                // the sighting after consent id "a" was seen with "performance" on DAY; is it a first?
                Arguments.of("the same visitor, category and day", DAY, "performance", "a", 0L, false),
                Arguments.of("an equal consent id in another string", DAY, "performance", new String("a"), 0L, false),
                Arguments.of("the next day", DAY + 1, "performance", "a", 0L, true),
                Arguments.of("another category", DAY, "advertising", "a", 0L, true),
                Arguments.of("another consent id", DAY, "performance", "b", 0L, true),
                Arguments.of("a network, not a consent id", DAY, "performance", null, 42L, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sightings")
    void aVisitorDayIsAFirstSightingOnce(String what, long day, String category, String consentId, long network,
                                         boolean first) {
        VisitorDays days = new VisitorDays(1024);
        assertThat(days.firstSighting(DAY, "performance", "a", 0L)).isTrue();
        assertThat(days.firstSighting(day, category, consentId, network)).isEqualTo(first);
        assertThat(days.firstSighting(day, category, consentId, network)).isFalse();
    }

    @Test
    void visitorsUpToAQuarterOfTheCapacityAreAllHeld() {
        // Four keys a set: far fewer keys than slots leave almost every set with room.
        VisitorDays days = new VisitorDays(1 << 14);
        int visitors = days.capacity() / 4;
        for (int i = 0; i < visitors; i++) {
            assertThat(days.firstSighting(DAY, "performance", "visitor-" + i, 0L)).isTrue();
        }
        int again = 0;
        for (int i = 0; i < visitors; i++) {
            if (days.firstSighting(DAY, "performance", "visitor-" + i, 0L)) {
                again++;
            }
        }
        assertThat(again).isLessThan(visitors / 100);
    }

    @Test
    void theTableStaysItsSizeAndGivesUpKeysPastIt() {
        VisitorDays days = new VisitorDays(1000);
        assertThat(days.capacity()).isEqualTo(1024);
        for (int i = 0; i < 10_000; i++) {
            days.firstSighting(DAY, "performance", "visitor-" + i, 0L);
        }
        // The first visitors were given up to later ones: seen again, they are first sightings again.
        int firstAgain = 0;
        for (int i = 0; i < 100; i++) {
            if (days.firstSighting(DAY, "performance", "visitor-" + i, 0L)) {
                firstAgain++;
            }
        }
        assertThat(firstAgain).isGreaterThan(50);
        assertThat(days.capacity()).isEqualTo(1024);
    }

    @Test
    void aNewDayTakesTheSlotsOfThePreviousOne() {
        // One set of four: yesterday's four keys make room for today's without giving up today's.
        VisitorDays days = new VisitorDays(VisitorDays.WAYS);
        for (int i = 0; i < VisitorDays.WAYS; i++) {
            assertThat(days.firstSighting(DAY, "performance", "visitor-" + i, 0L)).isTrue();
        }
        for (int i = 0; i < VisitorDays.WAYS; i++) {
            assertThat(days.firstSighting(DAY + 1, "performance", "visitor-" + i, 0L)).isTrue();
        }
        for (int i = 0; i < VisitorDays.WAYS; i++) {
            assertThat(days.firstSighting(DAY + 1, "performance", "visitor-" + i, 0L)).isFalse();
        }
    }

    @Test
    void threadsSeeingOneVisitorAtOnceMakeOneFirstSighting() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 200; round++) {
                VisitorDays days = new VisitorDays(VisitorDays.WAYS);
                // A full set, so that some rounds race for a victim and others for an empty slot.
                int prefilled = round % (VisitorDays.WAYS + 1);
                for (int i = 0; i < prefilled; i++) {
                    days.firstSighting(DAY, "advertising", "other-" + i, 0L);
                }
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> sightings = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    sightings.add(pool.submit(() -> {
                        start.await();
                        return days.firstSighting(DAY, "performance", "racer", 0L);
                    }));
                }
                start.countDown();
                int firsts = 0;
                for (Future<Boolean> sighting : sightings) {
                    if (sighting.get(10, TimeUnit.SECONDS)) {
                        firsts++;
                    }
                }
                assertThat(firsts).as("round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> new VisitorDays(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity");
    }
}
