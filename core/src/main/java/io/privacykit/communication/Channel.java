package io.privacykit.communication;

import java.util.Locale;

/** How a message reaches a person. */
public enum Channel {
    /** Electronic mail. */
    EMAIL,
    /** Text messages to a phone number. */
    SMS;

    /** The contract code: {@code email}, {@code sms}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The channel named by its contract code. */
    public static Channel fromCode(String code) {
        for (Channel channel : values()) {
            if (channel.code().equals(code)) {
                return channel;
            }
        }
        throw new IllegalArgumentException("unknown channel '" + code + "' (email, sms)");
    }
}
