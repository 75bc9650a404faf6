package io.privacykit.communication;

import io.privacykit.collection.SubjectId;
import io.privacykit.jurisdiction.Regime;
import java.time.Instant;
import java.util.Objects;

/**
 * One recorded change of a person's marketing preference on one channel: the proof that they
 * opted in (GDPR Art. 7(1) asks the controller to be able to show it) or out.
 *
 * @param subject the person
 * @param channel the channel the preference is for
 * @param status  what they said
 * @param regime  the regime whose rules applied when they said it
 * @param source  where they said it, such as {@code signup-form} or {@code unsubscribe-link}
 * @param at      when
 */
public record PreferenceChange(SubjectId subject, Channel channel, PreferenceStatus status, Regime regime,
        String source, Instant at) {

    public PreferenceChange {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(regime, "regime");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(at, "at");
        if (source.isBlank() || source.length() > 64) {
            throw new IllegalArgumentException("a source is 1 to 64 characters");
        }
    }
}
