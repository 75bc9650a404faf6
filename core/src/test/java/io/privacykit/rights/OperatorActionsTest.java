package io.privacykit.rights;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.collection.CollectionFixtures.MutableClock;
import java.time.Instant;
import io.privacykit.jurisdiction.Jurisdiction;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What an operator does with a verified request beyond complete, deny and extend: rectify and
 * restrict through the app (or learn that the app does not), retry a failed fulfilment, and place
 * or release a legal hold, every action in the request's history.
 */
class OperatorActionsTest {

    private static final Jurisdiction GERMANY = RightsDeadlinesTest.at("DE", null);
    private static final String ADA = "ada@example.org";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-03T10:00:00Z"));
    private final Outbox outbox = new Outbox();
    private final InMemoryRightsStore store = new InMemoryRightsStore();
    private final InMemoryRetentionStore retentionStore = new InMemoryRetentionStore();
    private final RetentionJob retention = RetentionJob.builder().store(retentionStore).clock(clock)
            .settings(new RetentionSettings(Period.ofMonths(6), Period.ofMonths(3),
                    List.of(new RetentionRule("account", "account-deleted", Optional.empty()))))
            .build();

    private RightsService service(PersonalDataProvider provider, boolean withRetention) {
        RightsService.Builder builder = RightsService.builder().store(store).mailer(outbox).clock(clock)
                .provider(provider).links(RequestLinks.under("https://shop.example/privacy"));
        if (withRetention) {
            builder.retention(retention);
        }
        return builder.build();
    }

    private RequestView verifiedRequest(RightsService rights, RightType type) {
        RequestView view = ((Submission.Accepted) rights.submit(type, ADA, GERMANY, Optional.empty())).request();
        assertThat(rights.verify(view.id(), outbox.lastToken())).isInstanceOf(Verification.Verified.class);
        return view;
    }

    private static List<String> actions(RightsService rights, String id) {
        return rights.history(id).stream().map(HistoryEntry::action).toList();
    }

    @Test
    void anAppThatDoesNotRectifyOrRestrictThroughPrivacyKitIsToldSoAndTheRequestStaysOpen() {
        RightsService rights = service(PersonalDataProvider.NONE, false);
        RequestView rectification = verifiedRequest(rights, RightType.RECTIFICATION);
        RequestView restriction = verifiedRequest(rights, RightType.RESTRICTION);

        OperatorResult rectified = rights.rectify(rectification.id(), "grace", Map.of("city", "Paris"));
        OperatorResult restricted = rights.restrict(restriction.id(), "grace");

        assertThat(rectified).isInstanceOfSatisfying(OperatorResult.NotAllowed.class, refused -> assertThat(
                refused.message()).contains("this app does not rectify through PrivacyKit", "complete the request"));
        assertThat(restricted).isInstanceOfSatisfying(OperatorResult.NotAllowed.class, refused -> assertThat(
                refused.message()).contains("this app does not restrict through PrivacyKit"));
        assertThat(rights.find(rectification.id()).orElseThrow().status()).isEqualTo(RequestStatus.IN_PROGRESS);
        // The operator rectifies in the app and completes the request with a note.
        assertThat(rights.complete(rectification.id(), "grace", "city corrected in the CRM"))
                .isInstanceOf(OperatorResult.Done.class);
    }

    @Test
    void aRectificationIsAppliedOnceAndCompletesTheRequest() {
        AppData app = new AppData().with(ADA, Map.of("city", "London"));
        RightsService rights = service(app, false);
        RequestView view = verifiedRequest(rights, RightType.RECTIFICATION);

        assertThat(rights.rectify(view.id(), "grace", Map.of())).isInstanceOf(OperatorResult.NotAllowed.class);
        OperatorResult done = rights.rectify(view.id(), "grace", Map.of("city", "Paris"));

        assertThat(done).isInstanceOfSatisfying(OperatorResult.Done.class,
                d -> assertThat(d.request().status()).isEqualTo(RequestStatus.COMPLETED));
        assertThat(app.accounts.get(ADA)).containsEntry("city", "Paris");
        assertThat(app.calls).containsOnlyOnce("rectify " + ADA);
        assertThat(rights.history(view.id())).last().satisfies(h -> {
            assertThat(h.actor()).isEqualTo("operator:grace");
            assertThat(h.action()).isEqualTo("rectified");
            assertThat(h.detail()).isEqualTo("fields: city");
        });
        assertThat(rights.restrict(view.id(), "grace")).isInstanceOf(OperatorResult.NotAllowed.class);
    }

    @Test
    void aProviderThatFailsLeavesTheRequestOpenWithTheFailureInItsHistory() {
        boolean[] down = {true};
        AppData app = new AppData() {
            @Override
            public synchronized void restrict(DataSubject subject) {
                if (down[0]) {
                    throw new IllegalStateException("CRM unreachable");
                }
                super.restrict(subject);
            }
        };
        RightsService rights = service(app, false);
        RequestView view = verifiedRequest(rights, RightType.RESTRICTION);

        assertThat(rights.restrict(view.id(), "grace")).isInstanceOf(OperatorResult.Failed.class);
        assertThat(rights.find(view.id()).orElseThrow().status()).isEqualTo(RequestStatus.IN_PROGRESS);
        down[0] = false;
        assertThat(rights.restrict(view.id(), "grace")).isInstanceOf(OperatorResult.Done.class);

        assertThat(actions(rights, view.id())).containsSubsequence("restrict-failed", "restricted");
        assertThat(rights.history(view.id())).filteredOn(h -> h.action().equals("restrict-failed"))
                .extracting(HistoryEntry::detail).containsExactly("IllegalStateException: CRM unreachable");
    }

    @Test
    void onlyAnAutomaticFulfilmentIsRetriedAndAFailedRetrySaysSo() {
        boolean[] down = {true};
        AppData app = new AppData() {
            @Override
            public synchronized Map<String, Object> export(DataSubject subject) {
                if (down[0]) {
                    throw new IllegalStateException("CRM unreachable");
                }
                return super.export(subject);
            }
        };
        RightsService rights = service(app, false);
        RequestView access = verifiedRequest(rights, RightType.ACCESS);
        RequestView objection = verifiedRequest(rights, RightType.OBJECTION);

        assertThat(rights.retry(access.id(), "grace")).isInstanceOf(OperatorResult.Failed.class);
        down[0] = false;
        OperatorResult retried = rights.retry(access.id(), "grace");

        assertThat(retried).isInstanceOfSatisfying(OperatorResult.Done.class,
                d -> assertThat(d.request().status()).isEqualTo(RequestStatus.COMPLETED));
        assertThat(actions(rights, access.id())).containsSubsequence("export-failed", "retried", "export-failed",
                "retried", "export-ready");
        assertThat(rights.retry(objection.id(), "grace")).isInstanceOfSatisfying(OperatorResult.NotAllowed.class,
                refused -> assertThat(refused.message()).contains("nothing to retry"));
        assertThat(rights.retry(access.id(), "grace")).isInstanceOf(OperatorResult.NotAllowed.class);
        assertThat(rights.retry("nope", "grace")).isInstanceOf(OperatorResult.NotFound.class);
    }

    @Test
    void aLegalHoldOnARequestsSubjectStopsThePurgeUntilReleasedAndBothAreAudited() {
        AppData app = new AppData().with(ADA, Map.of("name", "Ada"));
        RightsService rights = service(app, true);
        RequestView request = verifiedRequest(rights, RightType.OBJECTION);
        retention.record("account-deleted", new DataSubject(ADA, List.of("user-" + ADA)));

        assertThat(rights.placeHold(request.id(), "grace", " ")).isInstanceOf(OperatorResult.NotAllowed.class);
        assertThat(rights.placeHold(request.id(), "grace", "litigation 2025-17")).isInstanceOf(OperatorResult.Done.class);
        assertThat(rights.holds()).singleElement().satisfies(hold -> {
            assertThat(hold.email()).isEqualTo(ADA);
            assertThat(hold.reason()).isEqualTo("litigation 2025-17");
            assertThat(hold.operator()).isEqualTo("grace");
        });
        clock.set(Instant.parse("2025-07-01T03:00:00Z"));
        assertThat(retention.runIfDue()).isEqualTo(new CleanupResult.Ran(java.time.LocalDate.of(2025, 7, 1), 0, 1));

        assertThat(rights.releaseHold(request.id(), "grace", "case settled")).isInstanceOf(OperatorResult.Done.class);
        assertThat(rights.releaseHold(request.id(), "grace", "")).isInstanceOfSatisfying(
                OperatorResult.NotAllowed.class, refused -> assertThat(refused.message()).contains("no legal hold"));
        assertThat(rights.holds()).isEmpty();
        assertThat(rights.history(request.id())).filteredOn(h -> h.actor().equals("operator:grace"))
                .extracting(HistoryEntry::action, HistoryEntry::detail).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("hold-placed", "litigation 2025-17"),
                        org.assertj.core.groups.Tuple.tuple("hold-released", "case settled"));
        assertThat(rights.find(request.id()).orElseThrow().status()).isEqualTo(RequestStatus.IN_PROGRESS);
    }

    @Test
    void withoutARetentionJobThereIsNoHoldToPlace() {
        RightsService rights = service(PersonalDataProvider.NONE, false);
        RequestView view = verifiedRequest(rights, RightType.ERASURE);

        assertThat(rights.placeHold(view.id(), "grace", "litigation")).isInstanceOfSatisfying(
                OperatorResult.NotAllowed.class, refused -> assertThat(refused.message()).contains("no retention job"));
        assertThat(rights.holds()).isEmpty();
    }

    @Test
    void aHoldIsPlacedOnAnAddressWithoutARequestAndWrittenToTheHistoryOfEachRequestItHas() {
        RightsService rights = service(PersonalDataProvider.NONE, true);
        RequestView earlier = verifiedRequest(rights, RightType.ACCESS);
        retention.record("account-deleted", new DataSubject("zoe@example.org", List.of()));

        assertThat(rights.holdSubject("not an address", "grace", "")).isInstanceOfSatisfying(HoldResult.Invalid.class,
                invalid -> assertThat(invalid.errors()).extracting(FieldError::field).containsExactly("email", "reason"));
        assertThat(rights.holdSubject("Zoe@example.org", "grace", "authority's order 12"))
                .isInstanceOfSatisfying(HoldResult.Done.class, done -> assertThat(done.holds())
                        .extracting(LegalHold::email).containsExactly("zoe@example.org"));
        assertThat(rights.holdSubject(" ADA@example.org ", "grace", "litigation")).isInstanceOf(HoldResult.Done.class);
        clock.set(Instant.parse("2025-07-01T03:00:00Z"));
        assertThat(retention.runIfDue()).isEqualTo(new CleanupResult.Ran(java.time.LocalDate.of(2025, 7, 1), 0, 1));

        assertThat(rights.releaseSubject("zoe@example.org", "grace", "order lifted"))
                .isInstanceOfSatisfying(HoldResult.Done.class, done -> assertThat(done.holds())
                        .extracting(LegalHold::email).containsExactly(ADA));
        assertThat(rights.releaseSubject("zoe@example.org", "grace", "")).isInstanceOf(HoldResult.NotAllowed.class);
        assertThat(rights.history(earlier.id())).last().satisfies(h -> {
            assertThat(h.actor()).isEqualTo("operator:grace");
            assertThat(h.action()).isEqualTo("hold-placed");
            assertThat(h.detail()).isEqualTo("litigation");
        });
        assertThat(service(PersonalDataProvider.NONE, false).holdSubject(ADA, "grace", "x"))
                .isInstanceOf(HoldResult.NotAllowed.class);
    }

    @Test
    void anErasureOfAHeldSubjectErasesNothingStaysOpenCitingTheExemptionAndRunsOnlyOnRetryAfterRelease() {
        AppData app = new AppData().with(ADA, Map.of("name", "Ada"));
        List<String> privacyKitSteps = new java.util.ArrayList<>();
        RightsService rights = RightsService.builder().store(store).mailer(outbox).clock(clock).provider(app)
                .links(RequestLinks.under("https://shop.example/privacy")).retention(retention)
                .erasure(SubjectErasure.of("collection", subject -> {
                    privacyKitSteps.add(subject.email());
                    return ErasureResult.removed(1);
                }))
                .build();
        assertThat(rights.holdSubject(" ADA@example.org ", "grace", "litigation 2025-17")).isInstanceOf(HoldResult.Done.class);
        RequestView view = ((Submission.Accepted) rights.submit(RightType.ERASURE, ADA, GERMANY,
                Optional.empty())).request();

        Verification verified = rights.verify(view.id(), outbox.lastToken());

        assertThat(verified).isInstanceOfSatisfying(Verification.Verified.class, v -> {
            assertThat(v.fulfilment()).isInstanceOfSatisfying(Fulfilment.Held.class,
                    held -> assertThat(held.reason()).contains("GDPR Art. 17(3)(e)"));
            assertThat(v.request().status()).isEqualTo(RequestStatus.IN_PROGRESS);
        });
        assertThat(app.calls).noneMatch(call -> call.startsWith("erase"));
        assertThat(app.accounts).containsKey(ADA);
        assertThat(privacyKitSteps).isEmpty();
        assertThat(rights.history(view.id())).filteredOn(h -> h.action().equals("erasure-held")).singleElement()
                .satisfies(h -> assertThat(h.detail()).contains("legal claims (GDPR Art. 17(3)(e))",
                        "hold placed by grace"));
        assertThat(rights.retry(view.id(), "grace")).isInstanceOfSatisfying(OperatorResult.NotAllowed.class,
                refused -> assertThat(refused.message()).contains("Art. 17(3)(e)"));
        assertThat(app.calls).noneMatch(call -> call.startsWith("erase"));

        assertThat(rights.releaseSubject(ADA, "grace", "case settled")).isInstanceOf(HoldResult.Done.class);
        // The release erases nothing by itself: the operator decides.
        assertThat(app.calls).noneMatch(call -> call.startsWith("erase"));
        assertThat(rights.find(view.id()).orElseThrow().status()).isEqualTo(RequestStatus.IN_PROGRESS);
        assertThat(rights.history(view.id())).last().satisfies(h -> assertThat(h.detail())
                .isEqualTo("case settled; the held erasure runs on the operator's retry"));
        assertThat(rights.retry(view.id(), "grace")).isInstanceOfSatisfying(OperatorResult.Done.class,
                d -> assertThat(d.request().status()).isEqualTo(RequestStatus.COMPLETED));
        assertThat(app.calls).containsOnlyOnce("erase " + ADA);
        assertThat(privacyKitSteps).containsExactly(ADA);
    }

    @Test
    void aWithdrawalOrAnOptOutLeftOpenIsHandedBackOnRetryForTheCallerToRecordAgainAndAFailureIsAudited() {
        RightsService rights = service(PersonalDataProvider.NONE, false);
        for (RightType type : List.of(RightType.WITHDRAW_CONSENT, RightType.OPT_OUT_OF_SALE)) {
            RequestView view = verifiedRequest(rights, type);
            rights.stepFailed(view.id(), "withdrawal-failed", new IllegalStateException("ledger unreachable"));

            OperatorResult retried = rights.retry(view.id(), "grace");

            assertThat(retried).isInstanceOfSatisfying(OperatorResult.Resumed.class, resumed -> {
                assertThat(resumed.request().status()).isEqualTo(RequestStatus.IN_PROGRESS);
                assertThat(resumed.fulfilment()).isInstanceOf(type == RightType.WITHDRAW_CONSENT
                        ? Fulfilment.WithdrawConsent.class : Fulfilment.OptOutOfSale.class);
            });
            assertThat(rights.history(view.id())).extracting(HistoryEntry::action, HistoryEntry::detail)
                    .containsSubsequence(org.assertj.core.groups.Tuple.tuple("withdrawal-failed",
                            "IllegalStateException: ledger unreachable"), org.assertj.core.groups.Tuple.tuple("retried", ""));
            assertThat(rights.complete(view.id(), "engine", "recorded")).isInstanceOf(OperatorResult.Done.class);
            assertThat(rights.retry(view.id(), "grace")).as("completed: nothing to retry")
                    .isInstanceOf(OperatorResult.NotAllowed.class);
        }
    }
}
