package io.privacykit.rights;

import java.time.Instant;
import java.util.Objects;

/**
 * A legal hold: the subject's records must not be purged while it stands (litigation, an
 * authority's order; GDPR Art. 17(3)(e)).
 *
 * @param email    the subject's address, normalised ({@link RightsRequest#normalizeEmail(String)})
 * @param reason   why
 * @param operator who placed it
 * @param placedAt when
 */
public record LegalHold(String email, String reason, String operator, Instant placedAt) {
    public LegalHold {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(placedAt, "placedAt");
    }
}
