package io.privacykit.rights;

/** The answer to a verification token presented for a request. */
public sealed interface Verification {

    /**
     * The token was right (200): the request is verified and fulfilled as far as it can be at once.
     *
     * @param request    the request after verification
     * @param fulfilment what happened and what the caller must do next
     */
    record Verified(RequestView request, Fulfilment fulfilment) implements Verification {
    }

    /**
     * The token was wrong, expired or already used (400); nothing was disclosed or changed.
     *
     * @param reason       why
     * @param attemptsLeft wrong tokens still allowed before the request locks
     */
    record Rejected(Reason reason, int attemptsLeft) implements Verification {
    }

    /** Too many wrong tokens: the request is locked and only an operator can deny it (429). */
    record Locked() implements Verification {
    }

    /** No such request (404). */
    record NotFound() implements Verification {
    }

    /** Why a token was rejected. */
    enum Reason {
        /** Not the token that was sent. */
        WRONG_TOKEN,
        /** The right token, too late: submit the request again. */
        EXPIRED,
        /** The request has no outstanding token: it was verified already, or never needed one. */
        USED
    }
}
