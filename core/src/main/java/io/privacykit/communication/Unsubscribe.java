package io.privacykit.communication;

import io.privacykit.collection.SubjectId;
import java.util.Objects;

/**
 * What a genuine unsubscribe token stands for.
 *
 * @param subject the person
 * @param channel the channel they leave
 */
public record Unsubscribe(SubjectId subject, Channel channel) {

    public Unsubscribe {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(channel, "channel");
    }
}
