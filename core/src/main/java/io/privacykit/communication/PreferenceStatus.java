package io.privacykit.communication;

/** What a person said about marketing on one channel. */
public enum PreferenceStatus {
    /** They asked for it, or ticked an unticked box. */
    OPTED_IN,
    /** They refused it, unsubscribed, or withdrew an earlier opt-in. */
    OPTED_OUT
}
