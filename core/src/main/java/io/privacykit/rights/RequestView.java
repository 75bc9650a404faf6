package io.privacykit.rights;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What a requester and an operator see of a request: the endpoint answers with
 * {@code {"id", "type", "status", "regime", "receivedAt", "dueDate", "flags"}} from it. It never holds
 * the requester's e-mail address or a token; it names the authorized agent who submitted it, if any.
 *
 * @param id            the request id
 * @param type          the right exercised
 * @param status        where it stands ({@link RequestStatus#code()} in JSON)
 * @param regime        the regime's code
 * @param receivedAt    when it was received
 * @param dueDate       when the answer is due
 * @param acknowledgeBy when receipt must be confirmed, where the law says so
 * @param flags         markers such as {@code repeat-within-six-months}
 * @param agent         the authorized agent who submitted it, if any
 */
public record RequestView(String id, RightType type, RequestStatus status, String regime, Instant receivedAt,
                          LocalDate dueDate, Optional<LocalDate> acknowledgeBy, List<String> flags,
                          Optional<AuthorizedAgent> agent) {
    public RequestView {
        flags = List.copyOf(flags);
        java.util.Objects.requireNonNull(agent, "agent");
    }

    /** The view of {@code request}. */
    public static RequestView of(RightsRequest request) {
        return new RequestView(request.id(), request.type(), request.status(), request.regime().name(),
                request.receivedAt(), request.deadlines().due(), request.deadlines().acknowledgeBy(), request.flags(),
                request.agent());
    }
}
