package io.privacykit.collection;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A pseudonymous data subject: 128 bits of a keyed HMAC-SHA256 of the app's user id or e-mail
 * address, as 32 hexadecimal digits, made by {@link SubjectIds}. Records hold this, never the
 * id or address itself (GDPR Art. 4(5), 25(1), 32(1)(a)).
 *
 * @param value 32 lower-case hexadecimal digits
 */
public record SubjectId(String value) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{32}");

    public SubjectId {
        Objects.requireNonNull(value, "value");
        if (!HEX.matcher(value).matches()) {
            throw new IllegalArgumentException("a subject id is 32 lower-case hexadecimal digits");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
