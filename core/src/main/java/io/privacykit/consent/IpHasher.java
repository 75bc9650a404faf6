package io.privacykit.consent;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a visitor's IP address into the short keyed hash the ledger keeps instead of the address.
 *
 * <p>Data minimisation (GDPR Art. 5(1)(c)) and data protection by design (Art. 25): the ledger must
 * show that a consent came from somewhere plausible, not who sent it. So the address is first
 * truncated to its network (IPv4 /24, IPv6 /48, the granularity of common anonymisation), which
 * alone no longer singles out a household, and then hashed with HMAC-SHA256 under a secret key,
 * so that the small space of networks cannot be enumerated by whoever reads the ledger without
 * the key. Visitors of one network share a hash. Thread-safe.
 */
public final class IpHasher {

    /** Bytes of the HMAC kept: 128 bits, ample to tell networks apart and shorter to store. */
    private static final int KEPT_BYTES = 16;
    private static final int IPV4_PREFIX_BYTES = 3;  // /24
    private static final int IPV6_PREFIX_BYTES = 6;  // /48
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    /** One initialised Mac per thread: a Mac is not thread-safe, and making one costs more than a hash. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    /**
     * @param key the secret key ({@code privacy.consent.ip-hash-key}); at least 16 bytes
     */
    public IpHasher(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < 16) {
            throw new IllegalArgumentException("the IP hash key needs at least 16 bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        macs.get(); // fail now, not on the first visitor, if the platform lacks HmacSHA256
    }

    /** The unpadded base64url hash of the address's network; 22 characters. */
    public String hash(InetAddress address) {
        Objects.requireNonNull(address, "address");
        byte[] network = address.getAddress();
        int prefix = address instanceof Inet4Address ? IPV4_PREFIX_BYTES : IPV6_PREFIX_BYTES;
        Arrays.fill(network, prefix, network.length, (byte) 0);
        byte[] mac = macs.get().doFinal(network);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(mac, KEPT_BYTES));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("unusable IP hash key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }
}
