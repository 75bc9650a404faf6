package io.privacykit.communication;

import io.privacykit.collection.SubjectId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Unsubscribe tokens for the links in marketing messages: the person and the channel, with a
 * keyed MAC, so a link works without a sign-in and without a stored token, and nobody can make one
 * for somebody else. Tokens do not expire: an unsubscribe link must keep working (CAN-SPAM,
 * 15 U.S.C. 7704(a)(3)(A)(ii), at least 30 days; PECR and CASL s. 11(3), for as long as the message
 * can be read). Thread-safe.
 */
final class UnsubscribeTokens {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    UnsubscribeTokens(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the unsubscribe key needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
        newMac();
    }

    /** The token for one person's marketing on one channel. */
    String issue(SubjectId subject, Channel channel) {
        byte[] payload = payload(subject, channel);
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(payload));
    }

    /** The person and channel of a genuine token; empty for anything else. */
    Optional<Unsubscribe> read(String token) {
        if (token == null || token.length() > 128) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        byte[] payload;
        byte[] given;
        try {
            payload = DECODER.decode(token.substring(0, dot));
            given = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (payload.length != 17 || !MessageDigest.isEqual(mac(payload), given)) {
            return Optional.empty();
        }
        int channel = payload[16];
        if (channel < 0 || channel >= Channel.values().length) {
            return Optional.empty();
        }
        SubjectId subject = new SubjectId(HexFormat.of().formatHex(payload, 0, 16));
        return Optional.of(new Unsubscribe(subject, Channel.values()[channel]));
    }

    private static byte[] payload(SubjectId subject, Channel channel) {
        byte[] payload = Arrays.copyOf(HexFormat.of().parseHex(subject.value()), 17);
        payload[16] = (byte) channel.ordinal();
        return payload;
    }

    private byte[] mac(byte[] payload) {
        Mac mac = macs.get();
        mac.update("privacykit-unsubscribe\0".getBytes(StandardCharsets.US_ASCII));
        return Arrays.copyOf(mac.doFinal(payload), MAC_BYTES);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }
}
