package io.privacykit.communication;

/** Whether a message may be sent, and why: the answer of {@link CommunicationPreferences#canSend}. */
public sealed interface SendDecision {

    /** Why, in words an operator can log. */
    String reason();

    /** Whether the message may go out. */
    default boolean allowed() {
        return this instanceof Allowed;
    }

    /** The message may be sent. */
    record Allowed(String reason) implements SendDecision {
    }

    /** The message must not be sent. */
    record Refused(String reason) implements SendDecision {
    }
}
