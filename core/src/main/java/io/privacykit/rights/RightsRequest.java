package io.privacykit.rights;

import io.privacykit.jurisdiction.Regime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A rights request as a {@link RightsStore} keeps it. Changed only through {@link RightsService},
 * each change with a higher {@code version} and the {@link HistoryEntry}s that explain it. The
 * verification token is kept only as its SHA-256 hash.
 *
 * @param id             the request id, unguessable
 * @param type           the right exercised
 * @param email          the requester's address, as given
 * @param regime         the requester's regime at submission
 * @param country        the requester's country, if known
 * @param region         the requester's subdivision, if known
 * @param agent          the authorized agent who submitted it, if any
 * @param status         where it stands
 * @param receivedAt     when it was received
 * @param deadlines      when it is due, after any pause or extension
 * @param flags          markers for the operator, e.g. {@code repeat-within-six-months}
 * @param tokenHash      the hash of the unused verification token, if one is outstanding
 * @param tokenExpiresAt when that token expires
 * @param failedAttempts wrong tokens presented so far
 * @param pausedOn       the day the clock stopped, while it stands still
 * @param reason         the reason of a denial or extension
 * @param version        1 when submitted, one more on every change
 */
public record RightsRequest(String id, RightType type, String email, Regime regime, Optional<String> country,
                            Optional<String> region, Optional<AuthorizedAgent> agent, RequestStatus status,
                            Instant receivedAt, DueDates deadlines, List<String> flags, Optional<String> tokenHash,
                            Optional<Instant> tokenExpiresAt, int failedAttempts, Optional<LocalDate> pausedOn,
                            Optional<String> reason, long version) {

    /** Set when an access request repeats one made within six months (Law 25.326 Art. 14(3)). */
    public static final String REPEAT_WITHIN_SIX_MONTHS = "repeat-within-six-months";
    /** Set when an authorized agent submitted the request. */
    public static final String AGENT = "authorized-agent";
    /** Set once too many wrong tokens locked the request. */
    public static final String LOCKED = "locked";

    public RightsRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(regime, "regime");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(deadlines, "deadlines");
        flags = List.copyOf(flags);
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(tokenExpiresAt, "tokenExpiresAt");
        Objects.requireNonNull(pausedOn, "pausedOn");
        Objects.requireNonNull(reason, "reason");
        if (failedAttempts < 0 || version < 1) {
            throw new IllegalArgumentException("attempts and version must not be negative");
        }
    }

    /** The address in the form requests are matched by: trimmed and lower case. */
    public static String normalizeEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    /** Whether too many wrong tokens locked it. */
    public boolean isLocked() {
        return flags.contains(LOCKED);
    }

    /** The answer's due date. */
    public LocalDate dueDate() {
        return deadlines.due();
    }

    RightsRequest withStatus(RequestStatus next) {
        return new RightsRequest(id, type, email, regime, country, region, agent, next, receivedAt, deadlines, flags,
                tokenHash, tokenExpiresAt, failedAttempts, pausedOn, reason, version);
    }

    RightsRequest withToken(Optional<String> hash, Optional<Instant> expiresAt) {
        return new RightsRequest(id, type, email, regime, country, region, agent, status, receivedAt, deadlines, flags,
                hash, expiresAt, failedAttempts, pausedOn, reason, version);
    }

    RightsRequest withFailedAttempts(int attempts, List<String> newFlags) {
        return new RightsRequest(id, type, email, regime, country, region, agent, status, receivedAt, deadlines,
                newFlags, tokenHash, tokenExpiresAt, attempts, pausedOn, reason, version);
    }

    RightsRequest withDeadlines(DueDates next, Optional<LocalDate> paused) {
        return new RightsRequest(id, type, email, regime, country, region, agent, status, receivedAt, next, flags,
                tokenHash, tokenExpiresAt, failedAttempts, paused, reason, version);
    }

    RightsRequest withVersion(long next) {
        return new RightsRequest(id, type, email, regime, country, region, agent, status, receivedAt, deadlines, flags,
                tokenHash, tokenExpiresAt, failedAttempts, pausedOn, reason, next);
    }

    RightsRequest withReason(String text) {
        return new RightsRequest(id, type, email, regime, country, region, agent, status, receivedAt, deadlines, flags,
                tokenHash, tokenExpiresAt, failedAttempts, pausedOn, Optional.of(text), version);
    }
}
