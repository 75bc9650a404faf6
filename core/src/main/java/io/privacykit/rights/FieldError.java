package io.privacykit.rights;

import java.util.Objects;

/**
 * One bad field of a submission, for a 400 that names every bad field.
 *
 * @param field   the field's name, e.g. {@code email}
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
