package io.privacykit.rights;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a request's append-only history: who did what, when, and the status it left the
 * request in. Stores only ever add entries (GDPR Art. 5(2): the controller demonstrates compliance).
 *
 * @param requestId the request
 * @param at        when
 * @param actor     who: {@code requester}, {@code agent:<name>}, {@code app}, {@code system} or {@code operator:<name>}
 * @param action    what, e.g. {@code submitted}, {@code verified}, {@code verification-failed}, {@code extended}
 * @param status    the status after the action, when it changed one
 * @param detail    a free-text detail (a reason, a count), possibly empty; never a token
 */
public record HistoryEntry(String requestId, Instant at, String actor, String action, Optional<RequestStatus> status,
                           String detail) {
    public HistoryEntry {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }
}
