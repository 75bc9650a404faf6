package io.privacykit.rights;

/**
 * Lets the app vouch for a signed-in user, so their request needs no e-mail round trip: the app
 * says whether its user controls an address (GDPR Recital 64, 11 CCR 7060-7062: use the means of
 * authentication the account already has).
 */
@FunctionalInterface
public interface IdentityVerifier {

    /** Whether the app's signed-in user {@code userId} is the person who controls {@code email}. */
    boolean controls(String userId, String email);
}
