package io.privacykit.consent;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Consent configuration ({@code privacy.consent.*}).
 *
 * @param cookieName            the consent cookie's name
 * @param keys                  signing keys, the first signs and all verify; never empty
 * @param maxAge                how long a choice stays valid (default 12 months); a regime may shorten it
 * @param reconsentBefore       consents given under a policy version ordered before this one must be
 *                              asked again; {@code null} when every version's consent stays valid
 * @param secureCookie          whether the cookie carries the {@code Secure} attribute
 * @param sameSite              the cookie's {@code SameSite} attribute ({@code Lax}, {@code Strict}, {@code None})
 * @param ipHashKey             the key of the keyed hash that stands for an IP address in the ledger
 * @param cacheMaxSize          how many verified cookie values are remembered, so that a returning
 *                              visitor's cookie is not verified again on every request
 */
public record ConsentSettings(String cookieName, List<SigningKey> keys, Duration maxAge, String reconsentBefore,
                              boolean secureCookie, String sameSite, byte[] ipHashKey, long cacheMaxSize) {

    /**
     * The default of {@link #cacheMaxSize()}: at about 0.75 KB a value, at most some 37 MB. A
     * cookie that fell out is verified again (an HMAC-SHA256, about 2 µs).
     */
    public static final long DEFAULT_CACHE_MAX_SIZE = 50_000;

    public ConsentSettings {
        Objects.requireNonNull(cookieName, "cookieName");
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one consent signing key is required");
        }
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(sameSite, "sameSite");
        Objects.requireNonNull(ipHashKey, "ipHashKey");
        if (cacheMaxSize < 1) {
            throw new IllegalArgumentException("the verified-cookie cache holds at least one value: " + cacheMaxSize);
        }
    }

    /** Settings with the default {@link #cacheMaxSize()}. */
    public ConsentSettings(String cookieName, List<SigningKey> keys, Duration maxAge, String reconsentBefore,
                           boolean secureCookie, String sameSite, byte[] ipHashKey) {
        this(cookieName, keys, maxAge, reconsentBefore, secureCookie, sameSite, ipHashKey, DEFAULT_CACHE_MAX_SIZE);
    }
}
