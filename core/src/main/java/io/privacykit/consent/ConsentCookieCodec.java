package io.privacykit.consent;

import io.privacykit.jurisdiction.Regime;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Writes and verifies the signed consent cookie. The value is cookie-safe (RFC 6265 cookie-octets):
 * {@code v2.<keyId>.<payload>.<mac>}, where payload is the base64url (unpadded) UTF-8 text
 * {@code consentId|epochSeconds|REGIME|granted,...|refused,...|ledgerSequence|policyVersion} and mac is the
 * base64url HMAC-SHA256 of everything before the last dot, under the key named by keyId. The first
 * configured key signs, every configured key verifies (rotation). Decoding never throws. A state
 * whose ledger record is unknown (sequence 0) is written, and older cookies are still read, as
 * {@code v1}, whose payload has no sequence. Each decode verifies: remembering verified values is
 * the caller's ({@code PrivacyEngine} keeps them with what a request needs of them, {@link #inForce}
 * and {@link #validSpan}).
 */
public final class ConsentCookieCodec {

    /** Longer values are rejected before any other work (browsers keep at most ~4096 bytes per cookie). */
    public static final int MAX_LENGTH = 4096;

    /** Instances behind one load balancer may disagree slightly about the time; a cookie this far ahead is still accepted. */
    static final Duration ALLOWED_CLOCK_SKEW = Duration.ofMinutes(5);

    /**
     * Cal. Civ. Code 1798.135(c)(4): after a consumer opts out of sale/sharing, a business waits at least
     * 12 months before asking them to opt back in. A California choice is therefore kept at least this long,
     * so an opt-out never lapses sooner and sale resumes silently.
     */
    static final Duration CCPA_MINIMUM_AGE = Duration.ofDays(365);

    private static final String VERSION = "v1";
    /** The format whose payload carries the ledger sequence of the record the cookie copies. */
    private static final String SEQUENCED = "v2";
    private static final int MAC_CHARS = 43; // 32 bytes, base64url without padding
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNBASE64 = Base64.getUrlDecoder();
    private static final ConsentCookieResult ABSENT = new ConsentCookieResult.Absent();
    private static final Map<String, Regime> REGIMES = Arrays.stream(Regime.values())
            .collect(Collectors.toUnmodifiableMap(Regime::name, regime -> regime));

    private final ConsentSettings settings;
    private final Clock clock;
    private final String[] keyIds;
    private final SigningKey[] keys;

    /** A codec signing with the first of {@code settings.keys()} and reading the time from {@code clock}. */
    public ConsentCookieCodec(ConsentSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        List<SigningKey> configured = settings.keys();
        this.keyIds = new String[configured.size()];
        this.keys = configured.toArray(SigningKey[]::new);
        for (int i = 0; i < keys.length; i++) {
            keyIds[i] = keys[i].id();
        }
    }

    /**
     * How long a consent given under {@code regime} stays valid: the configured maximum age, except that
     * a California choice is kept at least 12 months (Civ. Code 1798.135(c)(4)). No regime's law sets a
     * shorter validity: the EDPB and CNIL suggestions of re-asking after some 6-13 months are guidance,
     * left to {@link ConsentSettings#maxAge()} (default 12 months). The consent cookie's own
     * {@code Max-Age} is longer by a grace period, so that a lapsed consent still reaches the
     * server and its expiry can be recorded.
     */
    public Duration maxAgeFor(Regime regime) {
        Duration configured = settings.maxAge();
        if (regime == Regime.CCPA && configured.compareTo(CCPA_MINIMUM_AGE) < 0) {
            return CCPA_MINIMUM_AGE;
        }
        return configured;
    }

    /** The signed cookie value for {@code state}, signed with the first configured key. */
    public String encode(ConsentState state) {
        StringBuilder payload = new StringBuilder(96)
                .append(state.consentId()).append('|')
                .append(state.givenAt().getEpochSecond()).append('|')
                .append(state.regime().name()).append('|');
        appendChoices(payload, state.choices(), true);
        payload.append('|');
        appendChoices(payload, state.choices(), false);
        boolean sequenced = state.ledgerSequence() > 0;
        if (sequenced) {
            payload.append('|').append(state.ledgerSequence());
        }
        payload.append('|').append(state.policyVersion());
        String signed = (sequenced ? SEQUENCED : VERSION) + '.' + keyIds[0] + '.'
                + BASE64.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
        return signed + '.' + new String(mac(0, signed), StandardCharsets.ISO_8859_1);
    }

    /**
     * Verifies a cookie value: {@link ConsentCookieResult.Absent} for null or empty,
     * {@link ConsentCookieResult.Rejected} with the reason for anything not accepted. Never throws.
     */
    public ConsentCookieResult decode(String cookieValueOrNull) {
        if (cookieValueOrNull == null || cookieValueOrNull.isEmpty()) {
            return ABSENT;
        }
        if (cookieValueOrNull.length() > MAX_LENGTH) {
            return new ConsentCookieResult.Rejected(RejectionReason.OVERSIZED);
        }
        try {
            return verify(cookieValueOrNull);
        } catch (RuntimeException e) {
            // The checks above are meant to leave nothing that throws; this is the last line of "never a 500".
            return new ConsentCookieResult.Rejected(RejectionReason.MALFORMED);
        }
    }

    private ConsentCookieResult verify(String raw) {
        String value = raw;
        // RFC 6265 section 4.1.1 allows a cookie-value in double quotes; containers differ in stripping them.
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            value = value.substring(1, value.length() - 1);
        }
        boolean sequenced = value.startsWith(SEQUENCED + '.');
        if (!sequenced && !value.startsWith(VERSION + '.')) {
            return rejected(RejectionReason.MALFORMED);
        }
        int keyStart = VERSION.length() + 1;
        int keyEnd = value.indexOf('.', keyStart);
        int payloadEnd = keyEnd < 0 ? -1 : value.indexOf('.', keyEnd + 1);
        if (payloadEnd < 0 || value.indexOf('.', payloadEnd + 1) >= 0
                || !isBase64Url(value, keyStart, keyEnd)
                || !isBase64Url(value, keyEnd + 1, payloadEnd)
                || !isBase64Url(value, payloadEnd + 1, value.length())
                || value.length() - payloadEnd - 1 != MAC_CHARS
                || keyEnd - keyStart > 16) {
            return rejected(RejectionReason.MALFORMED);
        }
        int key = keyIndex(value, keyStart, keyEnd);
        if (key < 0) {
            return rejected(RejectionReason.UNKNOWN_KEY);
        }
        String signed = value.substring(0, payloadEnd);
        byte[] expected = mac(key, signed);
        byte[] given = value.substring(payloadEnd + 1).getBytes(StandardCharsets.ISO_8859_1);
        // Comparing the canonical encoding (not decoded bytes) also refuses a re-spelled signature.
        if (!MessageDigest.isEqual(expected, given)) {
            return rejected(RejectionReason.BAD_SIGNATURE);
        }
        ConsentState state = parsePayload(new String(
                UNBASE64.decode(value.substring(keyEnd + 1, payloadEnd)), StandardCharsets.UTF_8), sequenced);
        if (state == null) {
            return rejected(RejectionReason.MALFORMED);
        }
        return inForce(state);
    }

    /**
     * What a cookie carrying {@code state}, verified before, amounts to now: valid, lapsed (expired,
     * or given under a policy version that requires asking again), or rejected when dated in the
     * future. {@link #decode} ends with this check, so a caller that remembers verified states
     * gets the same answer from it without verifying again.
     */
    public ConsentCookieResult inForce(ConsentState state) {
        Instant now = clock.instant();
        if (state.givenAt().isAfter(now.plus(ALLOWED_CLOCK_SKEW))) {
            return rejected(RejectionReason.FUTURE_DATED);
        }
        if (state.givenAt().plus(maxAgeFor(state.regime())).isBefore(now)) {
            return new ConsentCookieResult.Lapsed(state, RejectionReason.EXPIRED);
        }
        String reconsentBefore = settings.reconsentBefore();
        if (reconsentBefore != null && PolicyVersions.isBefore(state.policyVersion(), reconsentBefore)) {
            return new ConsentCookieResult.Lapsed(state, RejectionReason.OUTDATED_POLICY);
        }
        return new ConsentCookieResult.Valid(state);
    }

    /**
     * The epoch milliseconds in which {@link #inForce} finds {@code state} valid, rounded inwards,
     * for a caller that remembers a state it found valid and checks the clock, not the state, on
     * each use: from the first millisecond it is no longer dated in the future to the last before
     * it may lapse. Empty when its policy version requires asking again. Outside it, ask
     * {@link #inForce}.
     */
    public ValidSpan validSpan(ConsentState state) {
        String reconsentBefore = settings.reconsentBefore();
        if (reconsentBefore != null && PolicyVersions.isBefore(state.policyVersion(), reconsentBefore)) {
            return ValidSpan.EMPTY;
        }
        Instant from = state.givenAt().minus(ALLOWED_CLOCK_SKEW);
        Instant lapse = state.givenAt().plus(maxAgeFor(state.regime()));
        try {
            long fromMillis = from.toEpochMilli() + (from.getNano() % 1_000_000 == 0 ? 0 : 1);
            return new ValidSpan(fromMillis, lapse.toEpochMilli());
        } catch (ArithmeticException e) {
            return ValidSpan.EMPTY; // a maximum age past the year 292 million: inForce decides each time
        }
    }

    /**
     * A span of epoch milliseconds in which a remembered consent state is valid ({@link #validSpan}).
     *
     * @param fromEpochMilli  the first millisecond of the span
     * @param untilEpochMilli the first millisecond after it
     */
    public record ValidSpan(long fromEpochMilli, long untilEpochMilli) {

        /** The span that contains no time. */
        public static final ValidSpan EMPTY = new ValidSpan(Long.MAX_VALUE, Long.MIN_VALUE);

        /** Whether {@code epochMilli} (a clock's {@code millis()}) lies in this span. */
        public boolean contains(long epochMilli) {
            return fromEpochMilli <= epochMilli && epochMilli < untilEpochMilli;
        }
    }

    /** The state in a verified payload, or null when it does not parse (only a key holder could produce that). */
    private static ConsentState parsePayload(String payload, boolean sequenced) {
        int[] bars = new int[sequenced ? 6 : 5];
        int from = 0;
        for (int i = 0; i < bars.length; i++) {
            bars[i] = payload.indexOf('|', from);
            if (bars[i] < 0) {
                return null;
            }
            from = bars[i] + 1;
        }
        String consentId = payload.substring(0, bars[0]);
        String seconds = payload.substring(bars[0] + 1, bars[1]);
        Regime regime = regime(payload.substring(bars[1] + 1, bars[2]));
        if (regime == null || seconds.isEmpty() || seconds.length() > 12 || !isDigits(seconds)) {
            return null;
        }
        Map<String, Boolean> choices = new LinkedHashMap<>();
        if (!readChoices(payload.substring(bars[2] + 1, bars[3]), true, choices)
                || !readChoices(payload.substring(bars[3] + 1, bars[4]), false, choices)) {
            return null;
        }
        long sequence = 0;
        if (sequenced) {
            String digits = payload.substring(bars[4] + 1, bars[5]);
            if (digits.isEmpty() || digits.length() > 18 || !isDigits(digits)) {
                return null;
            }
            sequence = Long.parseLong(digits);
        }
        try {
            return new ConsentState(consentId, choices, Instant.ofEpochSecond(Long.parseLong(seconds)),
                    payload.substring(bars[bars.length - 1] + 1), regime, sequence);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean readChoices(String list, boolean granted, Map<String, Boolean> into) {
        if (list.isEmpty()) {
            return true;
        }
        int start = 0;
        while (start <= list.length()) {
            int comma = list.indexOf(',', start);
            int end = comma < 0 ? list.length() : comma;
            if (into.put(list.substring(start, end), granted) != null) {
                return false; // a category both granted and refused, or listed twice
            }
            start = end + 1;
        }
        return true;
    }

    private static void appendChoices(StringBuilder out, Map<String, Boolean> choices, boolean granted) {
        boolean first = true;
        for (Map.Entry<String, Boolean> choice : choices.entrySet()) {
            if (choice.getValue() == granted) {
                if (!first) {
                    out.append(',');
                }
                out.append(choice.getKey());
                first = false;
            }
        }
    }

    private static Regime regime(String code) {
        return REGIMES.get(code);
    }

    private int keyIndex(String value, int start, int end) {
        for (int i = 0; i < keyIds.length; i++) {
            if (keyIds[i].length() == end - start && value.startsWith(keyIds[i], start)) {
                return i;
            }
        }
        return -1;
    }

    /** The base64url (unpadded) HMAC of the ASCII text {@code signed} under key {@code key}. */
    private byte[] mac(int key, String signed) {
        return BASE64.encode(keys[key].hmac(signed.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static boolean isBase64Url(String s, int start, int end) {
        if (start >= end) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static ConsentCookieResult rejected(RejectionReason reason) {
        return new ConsentCookieResult.Rejected(reason);
    }
}
