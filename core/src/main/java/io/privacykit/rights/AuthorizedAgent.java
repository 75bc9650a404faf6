package io.privacykit.rights;

import java.util.Objects;

/**
 * A person or business submitting a request on the requester's behalf (Cal. Civ. Code 1798.135(c),
 * 11 CCR 7063; GDPR Art. 80). The requester still verifies their own identity: the verification
 * link goes to the requester's address, never the agent's.
 *
 * @param name          the agent's name
 * @param email         where the agent can be reached
 * @param authorization how the agent shows permission, e.g. "signed permission on file" or a power of attorney reference
 */
public record AuthorizedAgent(String name, String email, String authorization) {
    /** The longest agent name kept. */
    public static final int MAX_NAME = 256;
    /** The longest statement of authorisation kept. */
    public static final int MAX_AUTHORIZATION = 2_000;

    /** Null is refused here; blank or overlong values are named by {@link RightsService#submit} as bad fields. */
    public AuthorizedAgent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(authorization, "authorization");
    }
}
