package io.privacykit.consent;

import io.privacykit.jurisdiction.Regime;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A visitor's recorded consent choices, as carried by the signed consent cookie and the ledger.
 * A category absent from {@code choices} is one the visitor has not chosen for yet.
 *
 * @param consentId     the visitor's random consent id (URL-safe, at most 64 characters)
 * @param choices       category name -> granted ({@code true}) or refused ({@code false}); insertion order kept
 * @param givenAt       when the choice was made, kept to the second (the cookie stores epoch seconds)
 * @param policyVersion the policy version the choice was given under
 * @param regime        the regime the visitor was under when choosing
 * @param ledgerSequence the sequence number of the ledger record this choice copies, or 0 when unknown
 *                       (a cookie written before cookies carried it): a newer record of the same
 *                       consent id supersedes this copy
 */
public record ConsentState(String consentId, Map<String, Boolean> choices, Instant givenAt, String policyVersion,
                           Regime regime, long ledgerSequence) {

    /** Consent ids are URL- and cookie-safe. */
    public static final Pattern CONSENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** The most choices one state holds, so that every state fits in a cookie. */
    public static final int MAX_CHOICES = 32;
    /** Shared (a SecureRandom is thread-safe): a new one per id was seeded on every consent change. */
    private static final SecureRandom ID_RANDOM = new SecureRandom();
    /** The longest policy version accepted. */
    public static final int MAX_POLICY_VERSION_LENGTH = 64;

    public ConsentState {
        Objects.requireNonNull(consentId, "consentId");
        Objects.requireNonNull(choices, "choices");
        Objects.requireNonNull(givenAt, "givenAt");
        Objects.requireNonNull(policyVersion, "policyVersion");
        Objects.requireNonNull(regime, "regime");
        if (ledgerSequence < 0) {
            throw new IllegalArgumentException("ledger sequence must not be negative: " + ledgerSequence);
        }
        if (!CONSENT_ID.matcher(consentId).matches()) {
            throw new IllegalArgumentException("consent id must match " + CONSENT_ID);
        }
        if (choices.size() > MAX_CHOICES) {
            throw new IllegalArgumentException("at most " + MAX_CHOICES + " choices, got " + choices.size());
        }
        Map<String, Boolean> copy = new LinkedHashMap<>(choices.size() * 2);
        for (Map.Entry<String, Boolean> choice : choices.entrySet()) {
            String name = choice.getKey();
            if (name == null || !CookieCategory.NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("category name must match " + CookieCategory.NAME + ": '" + name + "'");
            }
            copy.put(name, Objects.requireNonNull(choice.getValue(), () -> "choice for " + name));
        }
        choices = Collections.unmodifiableMap(copy);
        givenAt = givenAt.truncatedTo(ChronoUnit.SECONDS);
        if (policyVersion.isBlank() || policyVersion.length() > MAX_POLICY_VERSION_LENGTH
                || policyVersion.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("policy version must be 1-" + MAX_POLICY_VERSION_LENGTH
                    + " printable characters: '" + policyVersion + "'");
        }
    }

    /** A state whose ledger record is not known (sequence 0). */
    public ConsentState(String consentId, Map<String, Boolean> choices, Instant givenAt, String policyVersion,
                        Regime regime) {
        this(consentId, choices, givenAt, policyVersion, regime, 0);
    }

    /** The same choice, known to copy the ledger record numbered {@code sequence}. */
    public ConsentState withLedgerSequence(long sequence) {
        return new ConsentState(consentId, choices, givenAt, policyVersion, regime, sequence);
    }

    /** A fresh random consent id: 128 bits from {@link SecureRandom}, base64url without padding (22 characters). */
    public static String newConsentId() {
        byte[] bytes = new byte[16];
        ID_RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether the visitor granted {@code category}. */
    public boolean granted(String category) {
        return Boolean.TRUE.equals(choices.get(category));
    }

    /** Whether the visitor refused {@code category}. */
    public boolean refused(String category) {
        return Boolean.FALSE.equals(choices.get(category));
    }

    /** The same consent id with a new choice, made at {@code givenAt} under {@code policyVersion} and {@code regime}. */
    public ConsentState withChoices(Map<String, Boolean> newChoices, Instant newGivenAt, String newPolicyVersion,
                                    Regime newRegime) {
        return new ConsentState(consentId, newChoices, newGivenAt, newPolicyVersion, newRegime);
    }
}
