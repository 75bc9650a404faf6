package io.privacykit.rights;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.collection.CollectionFixtures.MutableClock;
import java.time.Instant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacykit.collection.InMemoryCollectionStore;
import io.privacykit.collection.RecordKind;
import io.privacykit.collection.SubjectIds;
import io.privacykit.collection.UsageCount;
import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.mail.MailMessage;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A request from submission to completion, as the requester and the operator see it. */
class RightsServiceTest {

    private static final Jurisdiction GERMANY = RightsDeadlinesTest.at("DE", null);
    private static final Jurisdiction CALIFORNIA = RightsDeadlinesTest.at("US", "CA");
    private static final Jurisdiction ARGENTINA = RightsDeadlinesTest.at("AR", null);
    private static final Jurisdiction UK = RightsDeadlinesTest.at("GB", null);
    private static final Jurisdiction SWITZERLAND = RightsDeadlinesTest.at("CH", null);
    private static final String KNOWN = "ada@example.org";
    private static final byte[] SUBJECT_KEY = new byte[32];

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-31T10:00:00Z"));
    private final Outbox outbox = new Outbox();
    private final InMemoryRightsStore store = new InMemoryRightsStore();
    private final AppData app = new AppData().with(KNOWN, Map.of("name", "Ada", "city", "London"));
    private final InMemoryCollectionStore collection = new InMemoryCollectionStore();
    private final SubjectIds subjectIds = new SubjectIds(SUBJECT_KEY);
    private final List<String> erasedLinks = new ArrayList<>();
    private final io.privacykit.communication.InMemoryCommunicationStore communication =
            new io.privacykit.communication.InMemoryCommunicationStore();
    private final RightsService rights = RightsService.builder()
            .store(store).mailer(outbox).clock(clock).provider(app)
            .links(RequestLinks.under("https://shop.example/privacy"))
            .collection(collection, subjectIds)
            .communication(communication)
            .identityVerifier((userId, email) -> userId.equals("user-" + email))
            .erasure(SubjectErasure.of("consent-links", subject -> {
                erasedLinks.addAll(subject.userIds());
                return ErasureResult.removed(subject.userIds().size());
            }))
            .build();

    private RequestView submit(RightType type, String email, Jurisdiction where) {
        Submission result = rights.submit(type, email, where, Optional.empty());
        assertThat(result).isInstanceOf(Submission.Accepted.class);
        return ((Submission.Accepted) result).request();
    }

    private Verification.Verified verified(String id) {
        Verification result = rights.verify(id, outbox.lastToken());
        assertThat(result).isInstanceOf(Verification.Verified.class);
        return (Verification.Verified) result;
    }

    @Test
    void aGermanAccessRequestIsDueOneCalendarMonthLaterAndWaitsForVerification() {
        RequestView view = submit(RightType.ACCESS, KNOWN, GERMANY);

        assertThat(view.status()).isEqualTo(RequestStatus.VERIFYING);
        assertThat(view.regime()).isEqualTo("GDPR");
        assertThat(view.dueDate()).isEqualTo(LocalDate.of(2025, 2, 28));
        assertThat(view.flags()).isEmpty();
        MailMessage mail = outbox.last();
        assertThat(mail.to()).isEqualTo(KNOWN);
        assertThat(mail.text()).contains("https://shop.example/privacy/requests/" + view.id() + "/verify?token=");
        assertThat(app.calls).isEmpty();
        assertThat(store.export(view.id())).isEmpty();
    }

    @Test
    void theTokenIsKeptOnlyAsItsHash() {
        RequestView view = submit(RightType.ACCESS, KNOWN, GERMANY);
        String token = outbox.lastToken();

        RightsRequest stored = store.find(view.id()).orElseThrow();

        assertThat(stored.tokenHash()).contains(Tokens.hash(token));
        assertThat(stored.toString()).doesNotContain(token);
        assertThat(rights.history(view.id())).allSatisfy(h -> assertThat(h.detail()).doesNotContain(token));
    }

    @Test
    void everyBadFieldIsNamed() {
        Submission result = rights.submit(null, "not an address", GERMANY,
                Optional.of(new AuthorizedAgent("Agency", "nope", "signed permission")));

        assertThat(result).isInstanceOfSatisfying(Submission.Invalid.class, invalid ->
                assertThat(invalid.errors()).extracting(FieldError::field).containsExactly("type", "email", "agent.email"));
        assertThat(outbox.sent).isEmpty();
    }

    @Test
    void anUnknownAddressGetsTheSameAnswerAndMessageAsAKnownOne() {
        RequestView known = submit(RightType.ERASURE, KNOWN, GERMANY);
        String knownMail = outbox.last().text().replace(known.id(), "ID").replace(outbox.lastToken(), "TOKEN");
        RequestView unknown = submit(RightType.ERASURE, "nobody@example.org", GERMANY);
        String unknownMail = outbox.last().text().replace(unknown.id(), "ID").replace(outbox.lastToken(), "TOKEN");

        assertThat(unknown).usingRecursiveComparison().ignoringFields("id").isEqualTo(known);
        assertThat(unknownMail).isEqualTo(knownMail);
        assertThat(outbox.last().subject()).isEqualTo(outbox.sent.get(0).subject());
        assertThat(app.calls).isEmpty();
    }

    @Test
    void theRightTokenVerifiesOnceAndTheExportDownloadsOnce() {
        RequestView view = submit(RightType.ACCESS, KNOWN, GERMANY);
        String token = outbox.lastToken();

        Verification.Verified verified = (Verification.Verified) rights.verify(view.id(), token);

        assertThat(verified.request().status()).isEqualTo(RequestStatus.COMPLETED);
        Fulfilment.ExportReady ready = (Fulfilment.ExportReady) verified.fulfilment();
        assertThat(outbox.last().text()).contains(ready.downloadUrl());
        assertThat(rights.verify(view.id(), token)).isEqualTo(new Verification.Rejected(Verification.Reason.USED, 5));

        ExportDownload first = rights.export(view.id(), ready.token());
        ExportDownload second = rights.export(view.id(), ready.token());

        assertThat(first).isInstanceOf(ExportDownload.Bundle.class);
        assertThat(second).isInstanceOf(ExportDownload.Gone.class);
        assertThat(rights.history(view.id())).extracting(HistoryEntry::action)
                .containsExactly("submitted", "verification-sent", "verified", "export-ready", "export-downloaded");
    }

    @Test
    void theBundleHoldsTheAppsDataAndPrivacyKitsRecordsOfTheSubject() throws Exception {
        LocalDate day = LocalDate.of(2025, 1, 20);
        String ada = subjectIds.ofUserId("user-" + KNOWN).value();
        String other = subjectIds.ofUserId("someone-else").value();
        collection.add(List.of(
                new UsageCount(ada, RecordKind.COLLECTED, "contact", "account", "user", "GDPR", day, 2),
                new UsageCount(ada, RecordKind.DISCLOSED, "contact", "delivery", "processor:parcel-co", "GDPR", day, 1),
                new UsageCount(other, RecordKind.COLLECTED, "contact", "account", "user", "GDPR", day, 7)), List.of());
        io.privacykit.communication.CommunicationPreferences.builder(communication).unsubscribeKey(SUBJECT_KEY)
                .clock(clock).build().optIn(subjectIds.ofEmail(KNOWN), io.privacykit.communication.Channel.EMAIL,
                        io.privacykit.jurisdiction.Regime.GDPR, "newsletter-form");
        RequestView view = submit(RightType.PORTABILITY, KNOWN, GERMANY);
        Fulfilment.ExportReady ready = (Fulfilment.ExportReady) verified(view.id()).fulfilment();

        ExportDownload.Bundle bundle = (ExportDownload.Bundle) rights.export(view.id(), ready.token());
        JsonNode json = new ObjectMapper().readTree(bundle.json());

        assertThat(json.path("schemaVersion").asText()).isEqualTo("1");
        assertThat(json.path("subject").path("email").asText()).isEqualTo(KNOWN);
        assertThat(json.path("app").path("account").path("name").asText()).isEqualTo("Ada");
        assertThat(json.path("privacykit").path("collection")).hasSize(1);
        assertThat(json.path("privacykit").path("collection").get(0).path("count").asLong()).isEqualTo(2);
        assertThat(json.path("privacykit").path("disclosures").get(0).path("recipient").asText())
                .isEqualTo("processor:parcel-co");
        assertThat(json.path("privacykit").path("rightsRequests").get(0).path("id").asText()).isEqualTo(view.id());
        assertThat(json.path("privacykit").path("communicationPreferences")).singleElement().satisfies(preference -> {
            assertThat(preference.path("channel").asText()).isEqualTo("email");
            assertThat(preference.path("status").asText()).isEqualTo("OPTED_IN");
            assertThat(preference.path("source").asText()).isEqualTo("newsletter-form");
        });
        assertThat(bundle.text()).doesNotContain(other);
    }

    @Test
    void oneSubjectNeverDownloadsAnothersExport() {
        RequestView ada = submit(RightType.ACCESS, KNOWN, GERMANY);
        Fulfilment.ExportReady adaExport = (Fulfilment.ExportReady) verified(ada.id()).fulfilment();
        RequestView eve = submit(RightType.ACCESS, "eve@example.org", GERMANY);
        Fulfilment.ExportReady eveExport = (Fulfilment.ExportReady) verified(eve.id()).fulfilment();

        assertThat(rights.export(ada.id(), eveExport.token())).isInstanceOf(ExportDownload.NotFound.class);
        assertThat(rights.export(ada.id(), "guess")).isInstanceOf(ExportDownload.NotFound.class);
        assertThat(rights.export("no-such-request", adaExport.token())).isInstanceOf(ExportDownload.NotFound.class);
        assertThat(rights.export(ada.id(), adaExport.token())).isInstanceOf(ExportDownload.Bundle.class);
    }

    @Test
    void anExpiredExportLinkIsGone() {
        RequestView view = submit(RightType.ACCESS, KNOWN, GERMANY);
        Fulfilment.ExportReady ready = (Fulfilment.ExportReady) verified(view.id()).fulfilment();

        clock.advance(Duration.ofDays(7));

        assertThat(rights.export(view.id(), ready.token())).isInstanceOf(ExportDownload.Gone.class);
    }

    @Test
    void fiveWrongTokensLockTheRequestAndTheRightOneNoLongerWorks() {
        RequestView view = submit(RightType.ACCESS, KNOWN, GERMANY);
        String token = outbox.lastToken();

        List<Verification> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            answers.add(rights.verify(view.id(), "wrong-" + i));
        }

        assertThat(answers).containsExactly(
                new Verification.Rejected(Verification.Reason.WRONG_TOKEN, 4),
                new Verification.Rejected(Verification.Reason.WRONG_TOKEN, 3),
                new Verification.Rejected(Verification.Reason.WRONG_TOKEN, 2),
                new Verification.Rejected(Verification.Reason.WRONG_TOKEN, 1),
                new Verification.Locked());
        assertThat(rights.verify(view.id(), token)).isInstanceOf(Verification.Locked.class);
        assertThat(rights.find(view.id()).orElseThrow().flags()).contains(RightsRequest.LOCKED);
        assertThat(app.calls).isEmpty();
        assertThat(store.export(view.id())).isEmpty();
    }

    @Test
    void anExpiredTokenVerifiesNothing() {
        RequestView view = submit(RightType.ERASURE, KNOWN, GERMANY);
        String token = outbox.lastToken();

        clock.advance(Duration.ofHours(24));

        assertThat(rights.verify(view.id(), token)).isEqualTo(new Verification.Rejected(Verification.Reason.EXPIRED, 5));
        assertThat(app.calls).isEmpty();
        assertThat(app.accounts).containsKey(KNOWN);
        assertThat(rights.find(view.id()).orElseThrow().status()).isEqualTo(RequestStatus.VERIFYING);
    }

    @Test
    void anUnknownRequestIsNotFound() {
        assertThat(rights.verify("nope", "token")).isInstanceOf(Verification.NotFound.class);
        assertThat(rights.verify(null, null)).isInstanceOf(Verification.NotFound.class);
    }

    @Test
    void erasureRemovesTheAppsDataAndPrivacyKitsLinksAndSaysWhatWasKept() {
        RequestView view = submit(RightType.ERASURE, KNOWN, GERMANY);

        Verification.Verified verified = verified(view.id());

        assertThat(verified.request().status()).isEqualTo(RequestStatus.COMPLETED);
        Fulfilment.Erased erased = (Fulfilment.Erased) verified.fulfilment();
        assertThat(erased.steps()).containsOnlyKeys("app", "consent-links");
        assertThat(erased.steps().get("app").kept()).containsExactly("invoices: 10 years (tax law)");
        assertThat(app.accounts).doesNotContainKey(KNOWN);
        assertThat(erasedLinks).containsExactly("user-" + KNOWN);
        assertThat(rights.history(view.id())).extracting(HistoryEntry::detail)
                .contains("app: 1 removed; kept: invoices: 10 years (tax law)", "consent-links: 1 removed");
    }

    @Test
    void aFailingErasureStepLeavesTheRequestInProgressForTheOperatorToRetry() {
        boolean[] fail = {true};
        RightsService flaky = RightsService.builder().store(store).mailer(outbox).clock(clock).provider(app)
                .links(RequestLinks.under("https://shop.example/privacy"))
                .erasure(SubjectErasure.of("collection-records", s -> {
                    if (fail[0]) {
                        throw new IllegalStateException("database down");
                    }
                    return ErasureResult.removed(3);
                })).build();
        RequestView view = ((Submission.Accepted) flaky.submit(RightType.ERASURE, KNOWN, GERMANY, Optional.empty()))
                .request();

        Verification.Verified verified = (Verification.Verified) flaky.verify(view.id(), outbox.lastToken());
        assertThat(verified.fulfilment()).isInstanceOf(Fulfilment.AwaitingOperator.class);
        assertThat(verified.request().status()).isEqualTo(RequestStatus.IN_PROGRESS);

        fail[0] = false;
        OperatorResult retried = flaky.retry(view.id(), "grace");

        assertThat(retried).isInstanceOfSatisfying(OperatorResult.Done.class,
                done -> assertThat(done.request().status()).isEqualTo(RequestStatus.COMPLETED));
        assertThat(flaky.history(view.id())).extracting(HistoryEntry::action).contains("erasure-failed", "retried");
    }

    @Test
    void withdrawalAndOptOutHandTheSubjectsConsentIdsToTheCaller() {
        RightsService withLedger = RightsService.builder().store(store).mailer(outbox).clock(clock).provider(app)
                .links(RequestLinks.under("https://shop.example/privacy")).build();
        RequestView view = ((Submission.Accepted) withLedger.submit(RightType.OPT_OUT_OF_SALE, KNOWN, CALIFORNIA,
                Optional.empty())).request();

        Verification.Verified verified = (Verification.Verified) withLedger.verify(view.id(), outbox.lastToken());

        assertThat(verified.fulfilment()).isEqualTo(new Fulfilment.OptOutOfSale(List.of()));
        assertThat(verified.request().status()).isEqualTo(RequestStatus.IN_PROGRESS);
        assertThat(withLedger.complete(view.id(), "engine", "opt-out recorded for 0 consent ids"))
                .isInstanceOf(OperatorResult.Done.class);
    }

    @Test
    void aCaliforniansRequestIsDueIn45DaysAndAcknowledgedIn10BusinessDays() {
        clock.set(Instant.parse("2025-01-10T18:00:00Z"));

        RequestView view = submit(RightType.KNOW, KNOWN, CALIFORNIA);

        assertThat(view.dueDate()).isEqualTo(LocalDate.of(2025, 2, 24));
        assertThat(view.acknowledgeBy()).contains(LocalDate.of(2025, 1, 27));
    }

    @Test
    void anArgentinesRepeatAccessWithinSixMonthsIsFlaggedNotRefused() {
        clock.set(Instant.parse("2025-01-10T10:00:00Z"));
        RequestView first = submit(RightType.ACCESS, KNOWN, ARGENTINA);
        assertThat(first.dueDate()).isEqualTo(LocalDate.of(2025, 1, 20));
        verified(first.id());

        clock.set(Instant.parse("2025-07-09T10:00:00Z"));
        RequestView second = submit(RightType.ACCESS, "  ADA@example.org ", ARGENTINA);
        clock.set(Instant.parse("2025-07-11T10:00:00Z"));
        RequestView third = submit(RightType.ACCESS, KNOWN, ARGENTINA);

        assertThat(second.flags()).containsExactly(RightsRequest.REPEAT_WITHIN_SIX_MONTHS);
        assertThat(second.status()).isEqualTo(RequestStatus.VERIFYING);
        assertThat(third.flags()).isEmpty();
    }

    @Test
    void theUkClockStandsStillUntilIdentityIsVerified() {
        RightsService patient = RightsService.builder().store(store).mailer(outbox).clock(clock).provider(app)
                .links(RequestLinks.under("https://shop.example/privacy"))
                .settings(new RightsSettings(Duration.ofDays(30), Duration.ofDays(7), 7)).build();
        clock.set(Instant.parse("2025-09-03T09:00:00Z"));
        RequestView view = ((Submission.Accepted) patient.submit(RightType.ACCESS, KNOWN, UK, Optional.empty()))
                .request();
        assertThat(view.dueDate()).isEqualTo(LocalDate.of(2025, 10, 3));

        clock.set(Instant.parse("2025-09-20T08:00:00Z"));
        assertThat(patient.verify(view.id(), outbox.lastToken())).isInstanceOf(Verification.Verified.class);

        assertThat(store.find(view.id()).orElseThrow().dueDate()).isEqualTo(LocalDate.of(2025, 10, 20));
        assertThat(patient.history(view.id())).extracting(HistoryEntry::action).contains("clock-paused", "clock-resumed");
    }

    @Test
    void theGermanClockKeepsRunningWhileIdentityIsVerified() {
        clock.set(Instant.parse("2025-09-03T09:00:00Z"));
        RequestView view = submit(RightType.ACCESS, KNOWN, GERMANY);
        clock.set(Instant.parse("2025-09-04T08:00:00Z"));
        assertThat(rights.verify(view.id(), outbox.lastToken())).isInstanceOf(Verification.Verified.class);

        assertThat(store.find(view.id()).orElseThrow().dueDate()).isEqualTo(LocalDate.of(2025, 10, 3));
    }

    @Test
    void anOperatorExtendsAGdprRequestToTheLawsLimitOnceAndEveryActionIsAudited() {
        RequestView view = submit(RightType.RESTRICTION, KNOWN, GERMANY);
        verified(view.id());

        assertThat(rights.extend(view.id(), "grace", "complex", Optional.of(LocalDate.of(2025, 5, 1))))
                .isInstanceOf(OperatorResult.NotAllowed.class);
        OperatorResult extended = rights.extend(view.id(), "grace", "many systems to search", Optional.empty());
        assertThat(extended).isInstanceOfSatisfying(OperatorResult.Done.class, done -> {
            assertThat(done.request().status()).isEqualTo(RequestStatus.EXTENDED);
            assertThat(done.request().dueDate()).isEqualTo(LocalDate.of(2025, 4, 30));
        });
        assertThat(rights.extend(view.id(), "grace", "again", Optional.empty()))
                .isInstanceOf(OperatorResult.NotAllowed.class);
        assertThat(rights.restrict(view.id(), "grace")).isInstanceOf(OperatorResult.Done.class);

        assertThat(app.restricted).containsEntry(KNOWN, true);
        assertThat(rights.history(view.id())).filteredOn(h -> h.actor().equals("operator:grace"))
                .extracting(HistoryEntry::action, h -> h.status().orElse(null))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("extended", RequestStatus.EXTENDED),
                        org.assertj.core.groups.Tuple.tuple("restricted", RequestStatus.COMPLETED));
    }

    @Test
    void aSwissExtensionNeedsTheDateTheNoticeStates() {
        RequestView view = submit(RightType.OBJECTION, KNOWN, SWITZERLAND);
        verified(view.id());

        assertThat(rights.extend(view.id(), "grace", "archive", Optional.empty()))
                .isInstanceOf(OperatorResult.NotAllowed.class);
        assertThat(rights.extend(view.id(), "grace", "archive", Optional.of(LocalDate.of(2025, 4, 15))))
                .isInstanceOfSatisfying(OperatorResult.Done.class,
                        done -> assertThat(done.request().dueDate()).isEqualTo(LocalDate.of(2025, 4, 15)));
    }

    @Test
    void anArgentineDeadlineCannotBeExtended() {
        RequestView view = submit(RightType.RECTIFICATION, KNOWN, ARGENTINA);
        verified(view.id());

        assertThat(rights.extend(view.id(), "grace", "busy", Optional.empty()))
                .isInstanceOf(OperatorResult.NotAllowed.class);
        assertThat(rights.rectify(view.id(), "grace", Map.of("city", "Buenos Aires")))
                .isInstanceOf(OperatorResult.Done.class);
        assertThat(app.accounts.get(KNOWN)).containsEntry("city", "Buenos Aires");
    }

    @Test
    void nothingIsCompletedOrChangedBeforeVerificationButAnOperatorMayDeny() {
        RequestView view = submit(RightType.RECTIFICATION, KNOWN, GERMANY);

        assertThat(rights.complete(view.id(), "grace", "done")).isInstanceOf(OperatorResult.NotAllowed.class);
        assertThat(rights.rectify(view.id(), "grace", Map.of("city", "Paris"))).isInstanceOf(OperatorResult.NotAllowed.class);
        assertThat(rights.extend(view.id(), "grace", "x", Optional.empty())).isInstanceOf(OperatorResult.NotAllowed.class);
        assertThat(rights.deny(view.id(), "grace", " ")).isInstanceOf(OperatorResult.NotAllowed.class);
        assertThat(rights.deny(view.id(), "", "identity not verified")).isInstanceOf(OperatorResult.NotAllowed.class);
        assertThat(rights.deny("nope", "grace", "x")).isInstanceOf(OperatorResult.NotFound.class);
        OperatorResult denied = rights.deny(view.id(), "grace", "identity not verified");

        assertThat(denied).isInstanceOfSatisfying(OperatorResult.Done.class,
                done -> assertThat(done.request().status()).isEqualTo(RequestStatus.DENIED));
        assertThat(store.find(view.id()).orElseThrow().reason()).contains("identity not verified");
        assertThat(app.calls).isEmpty();
        assertThat(rights.verify(view.id(), outbox.lastToken())).isInstanceOf(Verification.Rejected.class);
        assertThat(app.calls).isEmpty();
    }

    @Test
    void theQueueListsDueSoonAndOverdueRequests() {
        clock.set(Instant.parse("2025-03-01T10:00:00Z"));
        RequestView argentine = submit(RightType.ACCESS, KNOWN, ARGENTINA); // due 11 March
        RequestView german = submit(RightType.ACCESS, KNOWN, GERMANY); // due 1 April
        RequestView done = submit(RightType.ACCESS, "eve@example.org", ARGENTINA);
        verified(done.id());

        clock.set(Instant.parse("2025-03-05T10:00:00Z"));
        assertThat(rights.dueSoon()).extracting(RequestView::id).containsExactly(argentine.id());
        assertThat(rights.overdue()).isEmpty();

        clock.set(Instant.parse("2025-03-12T10:00:00Z"));
        assertThat(rights.overdue()).extracting(RequestView::id).containsExactly(argentine.id());
        assertThat(rights.queue()).extracting(RequestView::id).containsExactly(argentine.id(), german.id());
    }

    @Test
    void aSignedInUserTheAppVouchesForIsVerifiedWithoutAMessage() {
        Submission result = rights.submitSignedIn(RightType.ACCESS, "user-" + KNOWN, KNOWN, UK);

        assertThat(result).isInstanceOfSatisfying(Submission.Accepted.class, accepted -> {
            assertThat(accepted.request().status()).isEqualTo(RequestStatus.COMPLETED);
            assertThat(accepted.request().dueDate()).isEqualTo(LocalDate.of(2025, 2, 28));
            assertThat(accepted.fulfilment()).containsInstanceOf(Fulfilment.ExportReady.class);
        });
        assertThat(outbox.sent).extracting(MailMessage::subject).containsExactly("Your personal data is ready");
    }

    @Test
    void aSignedInUserTheAppDoesNotVouchForGetsTheLinkByMail() {
        Submission result = rights.submitSignedIn(RightType.ACCESS, "user-mallory", KNOWN, GERMANY);

        assertThat(result).isInstanceOfSatisfying(Submission.Accepted.class,
                accepted -> assertThat(accepted.request().status()).isEqualTo(RequestStatus.VERIFYING));
        assertThat(outbox.last().to()).isEqualTo(KNOWN);
        assertThat(app.calls).isEmpty();
    }

    @Test
    void anAgentsRequestIsFlaggedAndTheLinkGoesToThePersonNotTheAgent() {
        AuthorizedAgent agent = new AuthorizedAgent("Privacy Agents Inc.", "desk@agents.example", "signed permission");

        Submission result = rights.submit(RightType.ERASURE, KNOWN, CALIFORNIA, Optional.of(agent));

        RequestView view = ((Submission.Accepted) result).request();
        assertThat(view.flags()).containsExactly(RightsRequest.AGENT);
        assertThat(outbox.last().to()).isEqualTo(KNOWN);
        assertThat(rights.history(view.id()).get(0).actor()).isEqualTo("agent:Privacy Agents Inc.");
        assertThat(view.agent()).contains(agent);
        // 11 CCR 7063(a): the person confirms the agent's permission; none of the agent's free text is mailed.
        assertThat(outbox.last().subject()).isEqualTo("Confirm the privacy request made on your behalf");
        assertThat(outbox.last().text()).contains("desk@agents.example", "as your authorized agent",
                "If you gave them permission").doesNotContain("Privacy Agents Inc.", "signed permission");
    }

    @Test
    void everyBadFieldOfAnAgentIsNamed() {
        Submission blank = rights.submit(RightType.KNOW, KNOWN, CALIFORNIA,
                Optional.of(new AuthorizedAgent(" ", "desk@agents.example", "")));
        Submission overlong = rights.submit(RightType.KNOW, KNOWN, CALIFORNIA, Optional.of(new AuthorizedAgent(
                "A".repeat(257), "two@agents.example,three@agents.example", "x".repeat(2_001))));
        Submission controlCharacters = rights.submit(RightType.KNOW, KNOWN, CALIFORNIA,
                Optional.of(new AuthorizedAgent("Agency\nBcc: x@example.org", "desk@agents.example", "on file")));

        assertThat(blank).isInstanceOfSatisfying(Submission.Invalid.class, invalid -> assertThat(invalid.errors())
                .extracting(FieldError::field).containsExactly("agent.name", "agent.authorization"));
        assertThat(overlong).isInstanceOfSatisfying(Submission.Invalid.class, invalid -> assertThat(invalid.errors())
                .extracting(FieldError::field).containsExactly("agent.name", "agent.email", "agent.authorization"));
        assertThat(controlCharacters).isInstanceOfSatisfying(Submission.Invalid.class, invalid -> assertThat(
                invalid.errors()).extracting(FieldError::field).containsExactly("agent.name"));
        assertThat(outbox.sent).isEmpty();
    }

    @Test
    void aMailFailureIsReportedAndRecorded() {
        outbox.failing = true;

        Submission result = rights.submit(RightType.ACCESS, KNOWN, GERMANY, Optional.empty());

        assertThat(result).isInstanceOf(Submission.Unavailable.class);
        assertThat(store.open()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RequestStatus.RECEIVED);
            assertThat(rights.history(r.id())).extracting(HistoryEntry::action)
                    .containsExactly("submitted", "verification-mail-failed");
        });
    }

    @Test
    void typesParseFromTheirNames() {
        assertThat(RightType.parse("opt-out-of-sale")).contains(RightType.OPT_OUT_OF_SALE);
        assertThat(RightType.parse("access")).contains(RightType.ACCESS);
        assertThat(RightType.parse("delete-everything")).isEmpty();
        assertThat(Arrays.stream(RightType.values())).hasSize(12);
        assertThat(RequestStatus.IN_PROGRESS.code()).isEqualTo("in-progress");
    }
}
