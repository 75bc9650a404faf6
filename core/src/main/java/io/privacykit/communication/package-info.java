/**
 * Communication preferences: who may be sent marketing on which channel under which law, the
 * proof of each opt-in and opt-out, and unsubscribe links. Start at
 * {@link io.privacykit.communication.CommunicationPreferences}.
 */
package io.privacykit.communication;
