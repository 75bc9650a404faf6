package io.privacykit.servlet;

import io.privacykit.collection.SubjectId;
import io.privacykit.communication.Channel;
import io.privacykit.communication.CommunicationPreferences;
import io.privacykit.communication.MessageKind;
import io.privacykit.communication.PreferenceChange;
import io.privacykit.communication.SendDecision;
import io.privacykit.jurisdiction.Regime;
import java.util.Objects;

/**
 * One person's marketing preferences as a request sees them ({@link PrivacyContext#communication()}):
 * changes are recorded under the visitor's regime, and {@link #canSend} asks the person's own.
 */
public final class Communication {

    private final CommunicationPreferences preferences;
    private final SubjectId subject;
    private final Regime regime;

    Communication(CommunicationPreferences preferences, SubjectId subject, Regime regime) {
        this.preferences = Objects.requireNonNull(preferences, "preferences");
        this.subject = Objects.requireNonNull(subject, "subject");
        this.regime = Objects.requireNonNull(regime, "regime");
    }

    /** Records that the person asked for marketing on {@code channel}, from {@code source} (a form's name). */
    public PreferenceChange optIn(Channel channel, String source) {
        return preferences.optIn(subject, channel, regime, source);
    }

    /** Records that the person refused or stopped marketing on {@code channel}. */
    public PreferenceChange optOut(Channel channel, String source) {
        return preferences.optOut(subject, channel, regime, source);
    }

    /**
     * Whether a message of {@code kind} may go to the person on {@code channel}. A person who has
     * said nothing is first placed under the visitor's regime, so that its default rule applies.
     */
    public SendDecision canSend(MessageKind kind, Channel channel) {
        SendDecision decision = preferences.canSend(subject, kind, channel);
        if (!decision.allowed() && decision.reason().startsWith("no opt-in recorded and no regime known")) {
            preferences.assignRegime(subject, regime);
            decision = preferences.canSend(subject, kind, channel);
        }
        return decision;
    }

    /** The token for the unsubscribe link of a marketing message to the person on {@code channel}. */
    public String unsubscribeToken(Channel channel) {
        return preferences.unsubscribeToken(subject, channel);
    }

    /** The person these preferences are of. */
    public SubjectId subject() {
        return subject;
    }

    /** The regime changes are recorded under: the visitor's. */
    public Regime regime() {
        return regime;
    }
}
