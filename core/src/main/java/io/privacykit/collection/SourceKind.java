package io.privacykit.collection;

import java.util.Locale;

/** Where personal information comes from: the categories of sources of Cal. Civ. Code 1798.110(c)(2) and GDPR Art. 14(2)(f). */
public enum SourceKind {
    /** The subject, directly (a form, an account). */
    USER,
    /** The subject's browser or device, automatically (cookies, IP address, telemetry). */
    DEVICE,
    /** The business's own inferences and derived data. */
    INFERRED,
    /** A business partner or affiliate. */
    PARTNER,
    /** Another third party (data brokers, social networks the subject signs in with). */
    THIRD_PARTY,
    /** Publicly available sources. */
    PUBLIC;

    private final String code = name().toLowerCase(Locale.ROOT);

    /** The configuration code: {@code third_party}. */
    public String code() {
        return code;
    }
}
