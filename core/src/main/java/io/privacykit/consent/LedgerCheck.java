package io.privacykit.consent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacykit.store.PrivacyStore;
import io.privacykit.store.StoreException;
import java.util.Objects;

/**
 * The operator's check of the proof-of-consent ledger, as an HTTP endpoint answers it
 * ({@code GET {prefix}/admin/ledger/verify[?tail=N]}, behind the admin token): status and JSON
 * body, so the endpoint only passes the request's {@code tail} parameter and writes the result.
 */
public final class LedgerCheck {

    /** The most records a {@code tail} parameter may ask for; more is a whole check. */
    public static final long MAX_TAIL = 100_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper();

    private LedgerCheck() {
    }

    /**
     * What the endpoint answers.
     *
     * @param status 200 intact, 409 broken (body names the first bad record), 400 a bad
     *               {@code tail}, 503 the store cannot be read now
     * @param json   the body: {@link LedgerVerification#toJson()}, or {@code {"error": ...}}
     */
    public record Response(int status, String json) {
        public Response {
            Objects.requireNonNull(json, "json");
        }
    }

    /**
     * Checks the whole ledger, or its last {@code tail} records and subject links when
     * {@code tail} (the raw query parameter) is given. Never throws.
     */
    public static Response verify(PrivacyStore store, String tail) {
        Objects.requireNonNull(store, "store");
        long records = 0;
        if (tail != null) {
            try {
                records = Long.parseLong(tail.strip());
            } catch (NumberFormatException e) {
                records = -1;
            }
            if (records < 1 || records > MAX_TAIL) {
                return error(400, "tail must be a whole number from 1 to " + MAX_TAIL);
            }
        }
        LedgerVerification verification;
        try {
            verification = records == 0 ? store.verifyLedger() : store.verifyLedgerTail(records);
        } catch (StoreException e) {
            return error(503, "the ledger cannot be read now");
        }
        return new Response(verification.isIntact() ? 200 : 409, verification.toJson());
    }

    private static Response error(int status, String message) {
        return new Response(status, JSON.createObjectNode().put("error", message).toString());
    }
}
