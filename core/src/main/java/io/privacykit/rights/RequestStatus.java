package io.privacykit.rights;

import java.util.Locale;

/**
 * Where a request stands: received, then verifying the requester's identity, verified, in
 * progress, and finally completed or denied; an extended request is still open, with a later due
 * date. Only {@link #COMPLETED} and {@link #DENIED} are final.
 */
public enum RequestStatus {
    /** Recorded, nothing sent yet. */
    RECEIVED,
    /** A verification link went to the requester; nothing is disclosed or changed until it is used. */
    VERIFYING,
    /** The requester proved control of the address, or the app vouched for the signed-in user. */
    VERIFIED,
    /** Being fulfilled, or waiting for an operator. */
    IN_PROGRESS,
    /** The deadline was extended, with the reason told to the requester; still open. */
    EXTENDED,
    /** Fulfilled. */
    COMPLETED,
    /** Refused, with the reason told to the requester. */
    DENIED;

    /** Whether nothing more happens to the request. */
    public boolean isFinal() {
        return this == COMPLETED || this == DENIED;
    }

    /** Whether the requester's identity has been verified at this point. */
    public boolean isVerified() {
        return this != RECEIVED && this != VERIFYING && this != DENIED;
    }

    /** The code in JSON: lower case with hyphens, e.g. {@code in-progress}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
