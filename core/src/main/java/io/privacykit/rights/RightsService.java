package io.privacykit.rights;

import io.privacykit.collection.CollectionStore;
import io.privacykit.collection.SubjectIds;
import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.jurisdiction.SpecialRight;
import io.privacykit.mail.MailException;
import io.privacykit.mail.MailMessage;
import io.privacykit.mail.Mailer;
import io.privacykit.store.PrivacyStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Takes data-subject requests from submission to completion: records each with the deadline of the
 * requester's regime and right, verifies identity by a single-use link mailed to the address (or
 * the app's word for a signed-in user), then exports, erases or hands the request to an operator,
 * writing every step to the request's append-only history. Nothing is disclosed or changed before
 * verification, and an address nobody knows gets the same answer and message as a known one.
 * Thread-safe and safe across app instances sharing one {@link RightsStore}.
 */
public final class RightsService {

    static final String REQUESTER = "requester";
    static final String SYSTEM = "system";
    private static final int MAX_EMAIL_LENGTH = 254;
    private static final int MAX_TEXT = 2_000;
    private static final int UPDATE_ATTEMPTS = 10;
    static final String HELD_DETAIL = "a legal hold stands on the subject: nothing erased, as the right to erasure does"
            + " not apply to what is needed for legal claims (GDPR Art. 17(3)(e)); release the hold and retry, or"
            + " deny with the reason";

    private final RightsStore store;
    private final Mailer mailer;
    private final Clock clock;
    private final RequestLinks links;
    private final PersonalDataProvider provider;
    private final Optional<PrivacyStore> privacyStore;
    private final Optional<IdentityVerifier> identityVerifier;
    private final Optional<RetentionJob> retention;
    private final List<SubjectErasure> erasures;
    private final RightsSettings settings;
    private final RightsDeadlines deadlines;
    private final ExportBundles bundles;
    private final Tokens tokens = new Tokens();

    private RightsService(Builder b) {
        this.store = Objects.requireNonNull(b.store, "store");
        this.mailer = Objects.requireNonNull(b.mailer, "mailer");
        this.links = Objects.requireNonNull(b.links, "links");
        this.clock = b.clock;
        this.provider = b.provider;
        this.privacyStore = Optional.ofNullable(b.privacyStore);
        this.identityVerifier = Optional.ofNullable(b.identityVerifier);
        this.retention = Optional.ofNullable(b.retention);
        this.erasures = List.copyOf(b.erasures);
        this.settings = b.settings;
        this.deadlines = new RightsDeadlines(b.holidays);
        this.bundles = new ExportBundles(provider, privacyStore, Optional.ofNullable(b.collectionStore),
                Optional.ofNullable(b.subjectIds), store, Optional.ofNullable(b.communication));
    }

    /** A builder; a store, a mailer and the links are required. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- Requester ----

    /**
     * Records a request from someone in {@code jurisdiction} and mails a verification link to
     * {@code email}, whether or not anyone knows the address.
     *
     * @param agent the authorized agent submitting it, if any (the link still goes to {@code email})
     */
    public Submission submit(RightType type, String email, Jurisdiction jurisdiction, Optional<AuthorizedAgent> agent) {
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        Objects.requireNonNull(agent, "agent");
        List<FieldError> errors = validate(type, email, agent);
        if (!errors.isEmpty()) {
            return new Submission.Invalid(errors);
        }
        Instant now = clock.instant();
        Optional<AuthorizedAgent> stripped = agent.map(a -> new AuthorizedAgent(a.name().strip(), a.email().strip(),
                a.authorization().strip()));
        RightsRequest request = newRequest(type, email.strip(), jurisdiction, stripped, now);
        String token = tokens.newToken();
        Instant expires = now.plus(settings.verificationTtl());
        String actor = stripped.map(a -> "agent:" + a.name()).orElse(REQUESTER);
        List<HistoryEntry> history = new ArrayList<>();
        history.add(entry(request, now, actor, "submitted", RequestStatus.RECEIVED, describe(request)));
        if (request.pausedOn().isPresent()) {
            history.add(entry(request, now, SYSTEM, "clock-paused", null, "until the requester's identity is verified"));
        }
        store.create(request, history);
        try {
            mailer.send(verificationMessage(request, token, expires));
        } catch (MailException e) {
            store.append(List.of(entry(request, clock.instant(), SYSTEM, "verification-mail-failed", null,
                    e.getMessage() == null ? "" : truncate(e.getMessage()))));
            return new Submission.Unavailable("The confirmation e-mail could not be sent; please try again later.");
        }
        RightsRequest verifying = request.withStatus(RequestStatus.VERIFYING)
                .withToken(Optional.of(Tokens.hash(token)), Optional.of(expires)).withVersion(2);
        store.update(1, verifying, List.of(entry(verifying, clock.instant(), SYSTEM, "verification-sent",
                RequestStatus.VERIFYING, "link valid until " + expires)));
        return new Submission.Accepted(RequestView.of(verifying), Optional.empty());
    }

    /**
     * Records a request from the app's signed-in user {@code userId}. When the app's
     * {@link IdentityVerifier} vouches that the user controls {@code email}, the request is verified
     * and fulfilled at once; otherwise it goes the way of {@link #submit}.
     */
    public Submission submitSignedIn(RightType type, String userId, String email, Jurisdiction jurisdiction) {
        Objects.requireNonNull(userId, "userId");
        List<FieldError> errors = validate(type, email, Optional.empty());
        if (!errors.isEmpty()) {
            return new Submission.Invalid(errors);
        }
        if (identityVerifier.isEmpty() || !identityVerifier.get().controls(userId, email.strip())) {
            return submit(type, email, jurisdiction, Optional.empty());
        }
        Instant now = clock.instant();
        RightsRequest submitted = newRequest(type, email.strip(), jurisdiction, Optional.empty(), now);
        // Verified on the spot: the UK clock never stops.
        RightsRequest request = submitted.withDeadlines(submitted.deadlines(), Optional.empty());
        store.create(request, List.of(entry(request, now, REQUESTER, "submitted", RequestStatus.RECEIVED,
                describe(request) + ", signed in")));
        RightsRequest verified = request.withStatus(RequestStatus.VERIFIED).withVersion(2);
        store.update(1, verified, List.of(entry(verified, now, "app", "verified", RequestStatus.VERIFIED,
                "signed-in user vouched for by the app")));
        FulfilmentStep step = fulfil(verified);
        return new Submission.Accepted(RequestView.of(step.request()), Optional.of(step.fulfilment()));
    }

    /**
     * Checks a verification token. The right token, within its time, verifies the request once and
     * starts its fulfilment; a wrong one counts against {@link RightsSettings#MAX_ATTEMPTS}, after which
     * the request locks.
     */
    public Verification verify(String requestId, String token) {
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            Optional<RightsRequest> found = requestId == null ? Optional.empty() : store.find(requestId);
            if (found.isEmpty()) {
                return new Verification.NotFound();
            }
            RightsRequest request = found.get();
            if (request.isLocked()) {
                return new Verification.Locked();
            }
            int left = RightsSettings.MAX_ATTEMPTS - request.failedAttempts();
            if (request.status() != RequestStatus.VERIFYING || request.tokenHash().isEmpty()) {
                return new Verification.Rejected(Verification.Reason.USED, left);
            }
            Instant now = clock.instant();
            if (!Tokens.matches(token, request.tokenHash().get())) {
                int failures = request.failedAttempts() + 1;
                boolean lock = failures >= RightsSettings.MAX_ATTEMPTS;
                List<String> flags = new ArrayList<>(request.flags());
                if (lock) {
                    flags.add(RightsRequest.LOCKED);
                }
                RightsRequest next = request.withFailedAttempts(failures, flags).withVersion(request.version() + 1);
                List<HistoryEntry> history = new ArrayList<>();
                history.add(entry(next, now, REQUESTER, "verification-failed", null, "wrong token, attempt " + failures));
                if (lock) {
                    history.add(entry(next, now, SYSTEM, "locked", null,
                            RightsSettings.MAX_ATTEMPTS + " wrong tokens; an operator may deny the request"));
                }
                if (!store.update(request.version(), next, history)) {
                    continue;
                }
                return lock ? new Verification.Locked()
                        : new Verification.Rejected(Verification.Reason.WRONG_TOKEN, RightsSettings.MAX_ATTEMPTS - failures);
            }
            if (!now.isBefore(request.tokenExpiresAt().orElse(Instant.MIN))) {
                return new Verification.Rejected(Verification.Reason.EXPIRED, left);
            }
            RightsRequest next = request.withStatus(RequestStatus.VERIFIED)
                    .withToken(Optional.empty(), Optional.empty()).withVersion(request.version() + 1);
            List<HistoryEntry> history = new ArrayList<>();
            history.add(entry(next, now, REQUESTER, "verified", RequestStatus.VERIFIED, "e-mail link"));
            if (request.pausedOn().isPresent()) {
                long days = ChronoUnit.DAYS.between(request.pausedOn().get(), today());
                next = next.withDeadlines(request.deadlines().shiftedBy(days), Optional.empty());
                history.add(entry(next, now, SYSTEM, "clock-resumed", null,
                        days + " day(s) not counted; due " + next.dueDate()));
            }
            if (!store.update(request.version(), next, history)) {
                continue;
            }
            FulfilmentStep step = fulfil(next);
            return new Verification.Verified(RequestView.of(step.request()), step.fulfilment());
        }
        throw new IllegalStateException("request " + requestId + " kept changing under verification");
    }

    /** Hands out a request's export once, to the holder of its download token. */
    public ExportDownload export(String requestId, String token) {
        ExportDownload checked = checkExport(requestId, token);
        if (!(checked instanceof ExportDownload.Available)) {
            return checked;
        }
        Instant now = clock.instant();
        Optional<byte[]> bundle = store.takeExport(requestId, now);
        if (bundle.isEmpty()) {
            return new ExportDownload.Gone();
        }
        store.append(List.of(new HistoryEntry(requestId, now, REQUESTER, "export-downloaded", Optional.empty(),
                bundle.get().length + " bytes")));
        return new ExportDownload.Bundle(bundle.get(), fileName(requestId));
    }

    /**
     * What {@link #export} would answer, without handing anything out: {@link ExportDownload.Available}
     * while the link works. For {@code HEAD} requests and link scanners, which must not use up the
     * single download.
     */
    public ExportDownload checkExport(String requestId, String token) {
        if (requestId == null || token == null) {
            return new ExportDownload.NotFound();
        }
        Optional<StoredExport> found = store.export(requestId);
        if (found.isEmpty() || !Tokens.matches(token, found.get().tokenHash())) {
            return new ExportDownload.NotFound();
        }
        StoredExport export = found.get();
        if (export.downloadedAt().isPresent() || !clock.instant().isBefore(export.expiresAt())) {
            return new ExportDownload.Gone();
        }
        return new ExportDownload.Available(fileName(requestId));
    }

    private static String fileName(String requestId) {
        return "privacy-export-" + requestId + ".json";
    }

    // ---- Operator ----

    /** The request with this id, if any. */
    public Optional<RequestView> find(String requestId) {
        return store.find(requestId).map(RequestView::of);
    }

    /** The requester's address of the request with this id, for the operator; never part of a {@link RequestView}. */
    public Optional<String> email(String requestId) {
        return store.find(requestId).map(RightsRequest::email);
    }

    /** A request's history, oldest first. */
    public List<HistoryEntry> history(String requestId) {
        return store.history(requestId);
    }

    /** Every open request, the earliest due first. */
    public List<RequestView> queue() {
        return store.open().stream().map(RequestView::of).toList();
    }

    /** Open requests due today or within {@link RightsSettings#dueSoonDays()} days, earliest first. */
    public List<RequestView> dueSoon() {
        LocalDate today = today();
        LocalDate horizon = today.plusDays(settings.dueSoonDays());
        return store.open().stream()
                .filter(r -> !r.dueDate().isBefore(today) && !r.dueDate().isAfter(horizon))
                .map(RequestView::of).toList();
    }

    /** Open requests past their due date, the most overdue first. */
    public List<RequestView> overdue() {
        LocalDate today = today();
        return store.open().stream().filter(r -> r.dueDate().isBefore(today)).map(RequestView::of).toList();
    }

    /** Marks a verified request completed, with a note of what was done. */
    public OperatorResult complete(String requestId, String operator, String note) {
        return operate(requestId, operator, request -> {
            if (!request.status().isVerified() || request.status().isFinal()) {
                return refuse("only a verified, open request can be completed; it is " + request.status().code());
            }
            return change(request, request.withStatus(RequestStatus.COMPLETED), "completed", text(note));
        });
    }

    /** Denies an open request with the reason told to the requester (GDPR Art. 12(4); 11 CCR 7022(f)). */
    public OperatorResult deny(String requestId, String operator, String reason) {
        if (reason == null || reason.isBlank()) {
            return new OperatorResult.NotAllowed("a denial needs a reason");
        }
        return operate(requestId, operator, request -> {
            if (request.status().isFinal()) {
                return refuse("the request is " + request.status().code() + " already");
            }
            return change(request, request.withStatus(RequestStatus.DENIED).withReason(text(reason)), "denied",
                    text(reason));
        });
    }

    /**
     * Extends a verified, open request's deadline, once, before it is due, with the reason told to the
     * requester: to the law's limit, or to {@code until} when given (required where the law sets no
     * limit, as in Switzerland).
     */
    public OperatorResult extend(String requestId, String operator, String reason, Optional<LocalDate> until) {
        Objects.requireNonNull(until, "until");
        if (reason == null || reason.isBlank()) {
            return new OperatorResult.NotAllowed("an extension needs a reason");
        }
        return operate(requestId, operator, request -> {
            DueDates dates = request.deadlines();
            if (!request.status().isVerified() || request.status().isFinal()
                    || request.status() == RequestStatus.EXTENDED) {
                return refuse("only a verified, open request not extended before can be extended; it is "
                        + request.status().code());
            }
            if (today().isAfter(dates.due())) {
                return refuse("the notice of an extension must come before the due date " + dates.due());
            }
            LocalDate newDue;
            switch (dates.extension()) {
                case NONE:
                    return refuse("the " + request.regime() + " deadline for " + request.type() + " cannot be extended");
                case FIXED:
                    newDue = until.orElse(dates.extendableTo().orElseThrow());
                    if (newDue.isAfter(dates.extendableTo().orElseThrow())) {
                        return refuse("the law allows an extension to " + dates.extendableTo().get() + " at most");
                    }
                    break;
                default:
                    if (until.isEmpty()) {
                        return refuse("say until when: the law sets no limit, the notice states the date");
                    }
                    newDue = until.get();
            }
            if (!newDue.isAfter(dates.due())) {
                return refuse("an extension ends after the due date " + dates.due());
            }
            DueDates extended = new DueDates(dates.acknowledgeBy(), newDue, dates.extension(), dates.extendableTo(),
                    dates.clockStopsWhileVerifying(), dates.rule(), dates.calendar());
            return change(request, request.withStatus(RequestStatus.EXTENDED).withReason(text(reason))
                    .withDeadlines(extended, request.pausedOn()), "extended", "to " + newDue + ": " + text(reason));
        });
    }

    /**
     * Applies accepted corrections through the app's provider and completes a verified rectification
     * request. An app that does not rectify through PrivacyKit (the provider's default) gets a
     * {@link OperatorResult.NotAllowed} saying so, and the request stays open for the operator.
     */
    public OperatorResult rectify(String requestId, String operator, Map<String, String> corrections) {
        Objects.requireNonNull(corrections, "corrections");
        if (corrections.isEmpty()) {
            return new OperatorResult.NotAllowed("a rectification needs at least one correction");
        }
        Map<String, String> accepted = Map.copyOf(corrections);
        return byTheApp(requestId, operator, RightType.RECTIFICATION, "rectify", "rectified",
                "fields: " + String.join(", ", new java.util.TreeSet<>(accepted.keySet())),
                subject -> provider.rectify(subject, accepted));
    }

    /**
     * Restricts processing through the app's provider and completes a verified restriction request;
     * like {@link #rectify}, an app that does not restrict through PrivacyKit gets a
     * {@link OperatorResult.NotAllowed} saying so.
     */
    public OperatorResult restrict(String requestId, String operator) {
        return byTheApp(requestId, operator, RightType.RESTRICTION, "restrict", "restricted", "",
                provider::restrict);
    }

    /**
     * Runs a verified request's automatic fulfilment (an export or an erasure) again, after a step
     * failed, or hands a withdrawal of consent or an opt-out of sale back to the caller to record in
     * the ledger again ({@link OperatorResult.Resumed}). Other rights are fulfilled by an operator,
     * so there is nothing to retry.
     */
    public OperatorResult retry(String requestId, String operator) {
        if (operator == null || operator.isBlank()) {
            return new OperatorResult.NotAllowed("the operator's name is required for the audit trail");
        }
        Optional<RightsRequest> found = requestId == null ? Optional.empty() : store.find(requestId);
        if (found.isEmpty()) {
            return new OperatorResult.NotFound();
        }
        RightsRequest request = found.get();
        if (!request.status().isVerified() || request.status().isFinal()) {
            return new OperatorResult.NotAllowed("only a verified, open request can be fulfilled; it is "
                    + request.status().code());
        }
        boolean consentStep = request.type() == RightType.WITHDRAW_CONSENT || request.type() == RightType.OPT_OUT_OF_SALE;
        if (!request.type().isDisclosure() && request.type() != RightType.ERASURE && !consentStep) {
            return new OperatorResult.NotAllowed("nothing to retry: " + request.type()
                    + " is fulfilled by an operator, not automatically");
        }
        store.append(List.of(entry(request, clock.instant(), "operator:" + operator.strip(), "retried", null, "")));
        FulfilmentStep step = fulfil(request);
        if (consentStep) {
            return new OperatorResult.Resumed(RequestView.of(step.request()), step.fulfilment());
        }
        if (step.fulfilment() instanceof Fulfilment.Held held) {
            return new OperatorResult.NotAllowed(held.reason());
        }
        if (step.fulfilment() instanceof Fulfilment.AwaitingOperator) {
            return new OperatorResult.Failed("the " + (request.type() == RightType.ERASURE ? "erasure" : "export")
                    + " failed again; the request's history says why");
        }
        return new OperatorResult.Done(RequestView.of(step.request()));
    }

    /**
     * Writes to an open request's history that the caller's part of its fulfilment failed (a ledger
     * step of a withdrawal or an opt-out), e.g. {@code consent-withdrawal-failed}; the request stays
     * open for the operator's {@link #retry}. Nothing happens for an unknown request.
     */
    public void stepFailed(String requestId, String action, RuntimeException failure) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(failure, "failure");
        if (requestId == null) {
            return;
        }
        store.find(requestId).ifPresent(request -> store.append(List.of(entry(request, clock.instant(), SYSTEM,
                action, null, failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + truncate(failure.getMessage()))))));
    }

    /**
     * Places a legal hold on the subject of a request: the retention cleanup purges none of their
     * records until it is released (GDPR Art. 17(3)(e)). Recorded in the request's history; the
     * request's own status is unchanged.
     */
    public OperatorResult placeHold(String requestId, String operator, String reason) {
        if (reason == null || reason.isBlank()) {
            return new OperatorResult.NotAllowed("a legal hold needs a reason");
        }
        return holding(requestId, operator, (job, request) -> {
            job.placeHold(request.email(), text(reason), operator.strip());
            return change(request, request, "hold-placed", text(reason));
        });
    }

    /** Releases the legal hold on the subject of a request; their records go at the next cleanup that finds them due. */
    public OperatorResult releaseHold(String requestId, String operator, String note) {
        return holding(requestId, operator, (job, request) -> {
            if (!job.releaseHold(request.email())) {
                return refuse("no legal hold stands on this request's subject");
            }
            return change(request, request, "hold-released", released(request, text(note)));
        });
    }

    /**
     * Places a legal hold on the person with this address, whether or not they made a request (an
     * authority's order, litigation: GDPR Art. 17(3)(e)); written to the history of each of their
     * requests. The hold itself keeps who placed it and when.
     */
    public HoldResult holdSubject(String email, String operator, String reason) {
        List<FieldError> errors = new ArrayList<>();
        if (!isAddress(email)) {
            errors.add(new FieldError("email", "required: the person's e-mail address"));
        }
        if (reason == null || reason.isBlank()) {
            errors.add(new FieldError("reason", "required: why the records are held"));
        }
        return bySubject(email, operator, errors, job -> {
            job.placeHold(email.strip(), text(reason), operator.strip());
            return Optional.of(text(reason));
        }, "hold-placed");
    }

    /** Releases the legal hold on the person with this address; written to the history of each of their requests. */
    public HoldResult releaseSubject(String email, String operator, String note) {
        List<FieldError> errors = new ArrayList<>();
        if (!isAddress(email)) {
            errors.add(new FieldError("email", "required: the person's e-mail address"));
        }
        return bySubject(email, operator, errors,
                job -> job.releaseHold(email.strip()) ? Optional.of(text(note)) : Optional.empty(), "hold-released");
    }

    private HoldResult bySubject(String email, String operator, List<FieldError> errors,
                                 java.util.function.Function<RetentionJob, Optional<String>> action, String audit) {
        if (operator == null || operator.isBlank()) {
            errors.add(new FieldError("operator", "required: the operator's name, for the audit trail"));
        }
        if (!errors.isEmpty()) {
            return new HoldResult.Invalid(errors);
        }
        if (retention.isEmpty()) {
            return new HoldResult.NotAllowed("no retention job runs here, so there is no purge to hold");
        }
        Optional<String> detail = action.apply(retention.get());
        if (detail.isEmpty()) {
            return new HoldResult.NotAllowed("no legal hold stands on this address");
        }
        Instant now = clock.instant();
        List<HistoryEntry> entries = store.ofEmail(RightsRequest.normalizeEmail(email)).stream()
                .map(r -> entry(r, now, "operator:" + operator.strip(), audit, null,
                        audit.equals("hold-released") ? released(r, detail.get()) : detail.get())).toList();
        if (!entries.isEmpty()) {
            store.append(entries);
        }
        return new HoldResult.Done(retention.get().holds());
    }

    /** A release erases nothing by itself: an open erasure held by it waits for the operator's retry. */
    private static String released(RightsRequest request, String note) {
        boolean heldErasure = request.type() == RightType.ERASURE && request.status().isVerified()
                && !request.status().isFinal();
        return heldErasure ? (note.isEmpty() ? "" : note + "; ") + "the held erasure runs on the operator's retry"
                : note;
    }

    /** The legal holds in force, for the operator; empty when no retention job is wired in. */
    public List<LegalHold> holds() {
        return retention.map(RetentionJob::holds).orElse(List.of());
    }

    private OperatorResult holding(String requestId, String operator,
                                   java.util.function.BiFunction<RetentionJob, RightsRequest, Change> action) {
        if (retention.isEmpty()) {
            return new OperatorResult.NotAllowed("no retention job runs here, so there is no purge to hold");
        }
        if (operator == null || operator.isBlank()) {
            return new OperatorResult.NotAllowed("the operator's name is required for the audit trail");
        }
        Optional<RightsRequest> found = requestId == null ? Optional.empty() : store.find(requestId);
        if (found.isEmpty()) {
            return new OperatorResult.NotFound();
        }
        Change change = action.apply(retention.get(), found.get());
        if (change.refusal() != null) {
            return new OperatorResult.NotAllowed(change.refusal());
        }
        // The hold is in force already; the history line is written against whatever version is current.
        return operate(requestId, operator, request -> change(request, request, change.action(), change.detail()));
    }

    /**
     * Runs an operator's step through the app's provider once, outside the compare-and-set loop, then
     * records it. A provider that leaves the step to its default (it throws
     * {@link UnsupportedOperationException}) is a refusal, not a failure.
     */
    private OperatorResult byTheApp(String requestId, String operator, RightType type, String verb, String action,
                                    String detail, java.util.function.Consumer<DataSubject> call) {
        if (operator == null || operator.isBlank()) {
            return new OperatorResult.NotAllowed("the operator's name is required for the audit trail");
        }
        Optional<RightsRequest> found = requestId == null ? Optional.empty() : store.find(requestId);
        if (found.isEmpty()) {
            return new OperatorResult.NotFound();
        }
        RightsRequest request = found.get();
        Optional<String> refusal = fulfillable(request, type);
        if (refusal.isPresent()) {
            return new OperatorResult.NotAllowed(refusal.get());
        }
        try {
            call.accept(subjectOf(request));
        } catch (UnsupportedOperationException e) {
            return new OperatorResult.NotAllowed("this app does not " + verb + " through PrivacyKit"
                    + " (its PersonalDataProvider leaves " + verb + " to its default): " + verb
                    + " the data in the app, then complete the request with a note of what was done, or deny it"
                    + " with the reason");
        } catch (RuntimeException e) {
            store.append(List.of(entry(request, clock.instant(), "operator:" + operator.strip(), verb + "-failed", null,
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + truncate(e.getMessage())))));
            return new OperatorResult.Failed("the app could not " + verb + " the data (" + e.getClass().getSimpleName()
                    + "); the request stays open: try again");
        }
        return operate(requestId, operator, current -> fulfillable(current, type).map(RightsService::refuse)
                .orElseGet(() -> change(current, current.withStatus(RequestStatus.COMPLETED), action, detail)));
    }

    private static Optional<String> fulfillable(RightsRequest request, RightType type) {
        if (request.type() != type) {
            return Optional.of("not a " + type.name().toLowerCase(Locale.ROOT) + " request: it is "
                    + request.type().name().toLowerCase(Locale.ROOT));
        }
        if (!request.status().isVerified() || request.status().isFinal()) {
            return Optional.of("only a verified, open request can be fulfilled; it is " + request.status().code());
        }
        return Optional.empty();
    }

    // ---- Fulfilment ----

    private record FulfilmentStep(RightsRequest request, Fulfilment fulfilment) {
    }

    private FulfilmentStep fulfil(RightsRequest verified) {
        DataSubject subject = subjectOf(verified);
        RightType type = verified.type();
        if (type.isDisclosure()) {
            return exportFor(verified, subject);
        }
        return switch (type) {
            case ERASURE -> erase(verified, subject);
            case WITHDRAW_CONSENT -> new FulfilmentStep(inProgress(verified, "consent ids handed over for withdrawal"),
                    new Fulfilment.WithdrawConsent(consentIds(subject)));
            case OPT_OUT_OF_SALE -> new FulfilmentStep(inProgress(verified, "consent ids handed over for the opt-out"),
                    new Fulfilment.OptOutOfSale(consentIds(subject)));
            default -> new FulfilmentStep(inProgress(verified, "waiting for an operator"),
                    new Fulfilment.AwaitingOperator());
        };
    }

    private FulfilmentStep exportFor(RightsRequest request, DataSubject subject) {
        Instant now = clock.instant();
        byte[] bundle;
        try {
            bundle = bundles.bundle(request, subject, now);
        } catch (RuntimeException e) {
            return failed(request, "export-failed", e);
        }
        String token = tokens.newToken();
        Instant expires = now.plus(settings.exportTtl());
        store.putExport(new StoredExport(request.id(), Tokens.hash(token), expires, Optional.empty()), bundle);
        String url = links.export(request.id(), token);
        RightsRequest completed = update(request, r -> r.withStatus(RequestStatus.COMPLETED), "export-ready",
                bundle.length + " bytes, one download until " + expires);
        try {
            mailer.send(MailMessage.text(request.email(), "Your personal data is ready",
                    "Your request " + request.id() + " is complete. Download your data once, before "
                            + expires + ":\n\n" + url + "\n\nThe link works only once.\n"));
        } catch (MailException e) {
            store.append(List.of(entry(completed, clock.instant(), SYSTEM, "export-mail-failed", null,
                    e.getMessage() == null ? "" : truncate(e.getMessage()))));
        }
        return new FulfilmentStep(completed, new Fulfilment.ExportReady(url, token, expires));
    }

    private FulfilmentStep erase(RightsRequest request, DataSubject subject) {
        Optional<LegalHold> hold = holdOn(request);
        if (hold.isPresent()) {
            // GDPR Art. 17(3)(e): the right to erasure does not apply to what is needed for the establishment,
            // exercise or defence of legal claims. Nothing is erased, the app's included; the request stays open
            // until the operator retries it after the hold is released, or denies it with the reason.
            RightsRequest working = inProgress(request, "erasure held");
            store.append(List.of(entry(working, clock.instant(), SYSTEM, "erasure-held", null, HELD_DETAIL
                    + " (hold placed by " + hold.get().operator() + " at " + hold.get().placedAt() + ")")));
            return new FulfilmentStep(working, new Fulfilment.Held(HELD_DETAIL));
        }
        RightsRequest working = inProgress(request, "erasing");
        Map<String, ErasureResult> results = new LinkedHashMap<>();
        List<SubjectErasure> steps = new ArrayList<>();
        steps.add(SubjectErasure.of("app", provider::erase));
        steps.addAll(erasures);
        for (SubjectErasure step : steps) {
            ErasureResult result;
            try {
                result = step.erase(subject);
            } catch (RuntimeException e) {
                return failed(working, "erasure-failed", e);
            }
            results.put(step.name(), result);
            store.append(List.of(entry(working, clock.instant(), SYSTEM, "erased", null, step.name() + ": "
                    + result.removed() + " removed" + (result.kept().isEmpty() ? "" : "; kept: "
                    + String.join("; ", result.kept())))));
        }
        RightsRequest done = update(working, r -> r.withStatus(RequestStatus.COMPLETED), "completed",
                "erasure finished");
        return new FulfilmentStep(done, new Fulfilment.Erased(results));
    }

    private Optional<LegalHold> holdOn(RightsRequest request) {
        String email = RightsRequest.normalizeEmail(request.email());
        return retention.flatMap(job -> job.holds().stream().filter(h -> h.email().equals(email)).findFirst());
    }

    private FulfilmentStep failed(RightsRequest request, String action, RuntimeException e) {
        RightsRequest working = request.status() == RequestStatus.IN_PROGRESS ? request
                : update(request, r -> r.withStatus(RequestStatus.IN_PROGRESS), "in-progress", "");
        store.append(List.of(entry(working, clock.instant(), SYSTEM, action, null,
                e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + truncate(e.getMessage())))));
        return new FulfilmentStep(working, new Fulfilment.AwaitingOperator());
    }

    private RightsRequest inProgress(RightsRequest request, String detail) {
        if (request.status() == RequestStatus.IN_PROGRESS || request.status() == RequestStatus.EXTENDED) {
            return request;
        }
        return update(request, r -> r.withStatus(RequestStatus.IN_PROGRESS), "in-progress", detail);
    }

    private List<String> consentIds(DataSubject subject) {
        if (privacyStore.isEmpty()) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        subject.userIds().forEach(userId -> ids.addAll(privacyStore.get().consentIdsOfSubject(userId)));
        return List.copyOf(ids);
    }

    private DataSubject subjectOf(RightsRequest request) {
        return new DataSubject(request.email(), provider.userIdsOf(request.email()));
    }

    // ---- Internals ----

    private interface Operation {
        Change apply(RightsRequest request);
    }

    private record Change(RightsRequest next, String action, String detail, String refusal) {
    }

    private static Change refuse(String message) {
        return new Change(null, null, null, message);
    }

    private static Change change(RightsRequest current, RightsRequest next, String action, String detail) {
        return new Change(next.withVersion(current.version() + 1), action, detail, null);
    }

    private OperatorResult operate(String requestId, String operator, Operation operation) {
        if (operator == null || operator.isBlank()) {
            return new OperatorResult.NotAllowed("the operator's name is required for the audit trail");
        }
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            Optional<RightsRequest> found = requestId == null ? Optional.empty() : store.find(requestId);
            if (found.isEmpty()) {
                return new OperatorResult.NotFound();
            }
            RightsRequest request = found.get();
            Change change = operation.apply(request);
            if (change.refusal() != null) {
                return new OperatorResult.NotAllowed(change.refusal());
            }
            RightsRequest next = change.next();
            HistoryEntry audit = entry(next, clock.instant(), "operator:" + operator.strip(), change.action(),
                    next.status() == request.status() ? null : next.status(), change.detail());
            if (store.update(request.version(), next, List.of(audit))) {
                return new OperatorResult.Done(RequestView.of(next));
            }
        }
        throw new IllegalStateException("request " + requestId + " kept changing under an operator action");
    }

    /** Applies a system change, retrying against concurrent changes by re-reading the request. */
    private RightsRequest update(RightsRequest request, UnaryOperator<RightsRequest> change, String action,
                                 String detail) {
        RightsRequest current = request;
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            RightsRequest next = change.apply(current).withVersion(current.version() + 1);
            if (store.update(current.version(), next, List.of(entry(next, clock.instant(), SYSTEM, action,
                    next.status() == current.status() ? null : next.status(), detail)))) {
                return next;
            }
            current = store.find(request.id()).orElseThrow();
        }
        throw new IllegalStateException("request " + request.id() + " kept changing");
    }

    private RightsRequest newRequest(RightType type, String email, Jurisdiction jurisdiction,
                                     Optional<AuthorizedAgent> agent, Instant now) {
        DueDates dates = deadlinesOf(jurisdiction, type, now);
        List<String> flags = new ArrayList<>();
        if (agent.isPresent()) {
            flags.add(RightsRequest.AGENT);
        }
        if (!RightsCatalog.rightsIn(jurisdiction).contains(type)) {
            flags.add(RightsCatalog.BEYOND_THE_LAW);
        }
        if (isRepeatAccess(type, email, jurisdiction, now)) {
            flags.add(RightsRequest.REPEAT_WITHIN_SIX_MONTHS);
        }
        Optional<LocalDate> paused = dates.clockStopsWhileVerifying() ? Optional.of(today()) : Optional.empty();
        return new RightsRequest(tokens.newId(), type, email, jurisdiction.regime(),
                Optional.ofNullable(jurisdiction.country()), Optional.ofNullable(jurisdiction.region()), agent,
                RequestStatus.RECEIVED, now, dates, flags, Optional.empty(), Optional.empty(), 0, paused,
                Optional.empty(), 1);
    }

    private DueDates deadlinesOf(Jurisdiction jurisdiction, RightType type, Instant now) {
        return deadlines.of(jurisdiction, type, LocalDate.ofInstant(now, clock.getZone()));
    }

    /**
     * Law 25.326 Art. 14(3): access is free at intervals of no less than six months unless a
     * legitimate interest is shown. A repeat is flagged for the operator, never refused.
     */
    private boolean isRepeatAccess(RightType type, String email, Jurisdiction jurisdiction, Instant now) {
        if (type != RightType.ACCESS
                || !jurisdiction.specialRights().contains(SpecialRight.FREE_ACCESS_EVERY_SIX_MONTHS)) {
            return false;
        }
        LocalDate since = LocalDate.ofInstant(now, clock.getZone()).minusMonths(6);
        return store.ofEmail(RightsRequest.normalizeEmail(email)).stream()
                .anyMatch(r -> r.type() == RightType.ACCESS && r.status().isVerified()
                        && LocalDate.ofInstant(r.receivedAt(), clock.getZone()).isAfter(since));
    }

    private static List<FieldError> validate(RightType type, String email, Optional<AuthorizedAgent> agent) {
        List<FieldError> errors = new ArrayList<>();
        if (type == null) {
            errors.add(new FieldError("type", "required: one of " + List.of(RightType.values())));
        }
        if (!isAddress(email)) {
            errors.add(new FieldError("email", "required: one e-mail address of at most " + MAX_EMAIL_LENGTH
                    + " characters"));
        }
        if (agent.isPresent()) {
            AuthorizedAgent a = agent.get();
            if (a.name().isBlank() || a.name().strip().length() > AuthorizedAgent.MAX_NAME
                    || a.name().chars().anyMatch(Character::isISOControl)) {
                errors.add(new FieldError("agent.name", "required: the agent's name, one line of at most "
                        + AuthorizedAgent.MAX_NAME + " characters"));
            }
            if (!isAddress(a.email())) {
                errors.add(new FieldError("agent.email", "required: one e-mail address where the agent can be reached"));
            }
            if (a.authorization().isBlank() || a.authorization().strip().length() > AuthorizedAgent.MAX_AUTHORIZATION) {
                errors.add(new FieldError("agent.authorization", "required: how the agent is authorised (e.g. signed"
                        + " permission, a power of attorney), at most " + AuthorizedAgent.MAX_AUTHORIZATION + " characters"));
            }
        }
        return errors;
    }

    private static boolean isAddress(String email) {
        if (email == null) {
            return false;
        }
        String value = email.strip();
        int at = value.indexOf('@');
        return value.length() <= MAX_EMAIL_LENGTH && at > 0 && at == value.lastIndexOf('@') && at < value.length() - 1
                && value.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
    }

    private MailMessage verificationMessage(RightsRequest request, String token, Instant expires) {
        String when = DateTimeFormatter.ISO_LOCAL_DATE.format(LocalDate.ofInstant(request.receivedAt(), clock.getZone()));
        String right = request.type().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        if (request.agent().isPresent()) {
            // 11 CCR 7063(a): the consumer verifies their own identity and confirms the agent's permission
            // directly. Only the agent's address, checked to be one, goes into the message: the agent's free
            // text would let anyone write to any address in the business's name.
            return MailMessage.text(request.email(), "Confirm the privacy request made on your behalf",
                    "On " + when + " someone writing from " + request.agent().get().email() + " made a privacy"
                            + " request (" + right + ") for this e-mail address as your authorized agent.\n\n"
                            + "If you gave them permission, confirm the request yourself before " + expires + ":\n\n"
                            + links.verify(request.id(), token) + "\n\n"
                            + "If you did not, ignore this message: nothing will happen.\n");
        }
        return MailMessage.text(request.email(), "Confirm your privacy request",
                "We received a privacy request (" + right + ") for this e-mail address on " + when + ".\n\n"
                        + "If you made it, confirm it before " + expires + ":\n\n"
                        + links.verify(request.id(), token) + "\n\n"
                        + "If you did not, ignore this message: nothing will happen.\n");
    }

    private HistoryEntry entry(RightsRequest request, Instant at, String actor, String action, RequestStatus status,
                               String detail) {
        return new HistoryEntry(request.id(), at, actor, action, Optional.ofNullable(status), detail);
    }

    private static String describe(RightsRequest request) {
        return request.type() + " under " + request.regime() + ", due " + request.dueDate()
                + request.deadlines().acknowledgeBy().map(d -> ", acknowledge by " + d).orElse("")
                + " (" + request.deadlines().rule() + ", calendar " + request.deadlines().calendar() + ")"
                + request.agent().map(a -> ", agent " + a.name() + " (" + a.authorization() + ")").orElse("");
    }

    private static String text(String value) {
        return value == null ? "" : truncate(value.strip());
    }

    private static String truncate(String value) {
        return value.length() <= MAX_TEXT ? value : value.substring(0, MAX_TEXT);
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    /** Builds a {@link RightsService}. */
    public static final class Builder {
        private RightsStore store;
        private Mailer mailer;
        private RequestLinks links;
        private Clock clock = Clock.systemUTC();
        private PersonalDataProvider provider = PersonalDataProvider.NONE;
        private PrivacyStore privacyStore;
        private CollectionStore collectionStore;
        private io.privacykit.communication.CommunicationStore communication;
        private SubjectIds subjectIds;
        private IdentityVerifier identityVerifier;
        private RetentionJob retention;
        private final List<SubjectErasure> erasures = new ArrayList<>();
        private RightsSettings settings = RightsSettings.defaults();
        private HolidayCalendars holidays;

        private Builder() {
        }

        /** Where requests are kept (required). */
        public Builder store(RightsStore value) {
            this.store = Objects.requireNonNull(value, "store");
            return this;
        }

        /** Sends verification links and download links (required). */
        public Builder mailer(Mailer value) {
            this.mailer = Objects.requireNonNull(value, "mailer");
            return this;
        }

        /** The links put in messages (required). */
        public Builder links(RequestLinks value) {
            this.links = Objects.requireNonNull(value, "links");
            return this;
        }

        /** The clock; its zone decides which day a request was received on (default: UTC). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The app's side: finding, exporting, erasing (default: an app that holds nothing). */
        public Builder provider(PersonalDataProvider value) {
            this.provider = Objects.requireNonNull(value, "provider");
            return this;
        }

        /** The consent ledger, for the consent history in exports and the ids to withdraw. */
        public Builder privacyStore(PrivacyStore value) {
            this.privacyStore = Objects.requireNonNull(value, "privacyStore");
            return this;
        }

        /** The collection records and the subject ids they are kept under, for exports. */
        public Builder collection(CollectionStore store, SubjectIds ids) {
            this.collectionStore = Objects.requireNonNull(store, "store");
            this.subjectIds = Objects.requireNonNull(ids, "ids");
            return this;
        }

        /** The marketing preferences kept under the same subject ids as the collection records, for exports. */
        public Builder communication(io.privacykit.communication.CommunicationStore store) {
            this.communication = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Lets the app vouch for signed-in users ({@link RightsService#submitSignedIn}). */
        public Builder identityVerifier(IdentityVerifier value) {
            this.identityVerifier = Objects.requireNonNull(value, "identityVerifier");
            return this;
        }

        /** The retention job whose cleanup legal holds stop ({@link RightsService#placeHold}); without it there are none. */
        public Builder retention(RetentionJob value) {
            this.retention = Objects.requireNonNull(value, "retention");
            return this;
        }

        /** Adds a step of erasure over PrivacyKit's records, run after the app's provider, in order. */
        public Builder erasure(SubjectErasure step) {
            this.erasures.add(Objects.requireNonNull(step, "step"));
            return this;
        }

        /** Link lifetimes and the due-soon horizon (default: {@link RightsSettings#defaults()}). */
        public Builder settings(RightsSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /** The public holidays business days skip (default: Jollyday's). */
        public Builder holidays(HolidayCalendars value) {
            this.holidays = Objects.requireNonNull(value, "holidays");
            return this;
        }

        /** The service. */
        public RightsService build() {
            if (holidays == null) {
                holidays = new HolidayCalendars();
            }
            return new RightsService(this);
        }
    }
}
