package io.privacykit.consent;

import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.store.PrivacyStore;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Records consent changes in the proof-of-consent ledger from the parts a request has (GDPR
 * Art. 7(1): the controller must be able to demonstrate that consent was given), hashing the
 * visitor's address on the way so it is never stored, and issues receipts for them.
 */
public final class ConsentLedger {

    private final PrivacyStore store;
    private final IpHasher hasher;
    private final Clock clock;

    /**
     * @param store  where records are appended
     * @param hasher turns the visitor's address into the hash kept instead
     * @param clock  the time of each record
     */
    public ConsentLedger(PrivacyStore store, IpHasher hasher, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Appends a consent change and returns the committed record; when a subject id is given, the
     * consent id is also linked to it. Throws {@link io.privacykit.store.StoreException} when the
     * change could not be stored, in which case it must not be acknowledged.
     *
     * @param consentId     the consent id
     * @param choices       category name to granted
     * @param policyVersion the policy version the choice was made under
     * @param jurisdiction  the jurisdiction of the request
     * @param method        how the change came about
     * @param page          the page's path, or {@code null}; query and fragment are dropped
     * @param client        the visitor's address, or {@code null}; only its keyed hash is kept
     * @param userAgent     the {@code User-Agent}, or {@code null}
     * @param subjectId     the signed-in subject, or {@code null}
     */
    public LedgerEntry record(String consentId, Map<String, Boolean> choices, String policyVersion,
                              Jurisdiction jurisdiction, ConsentMethod method, String page, InetAddress client,
                              String userAgent, String subjectId) {
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        ConsentEvent event = new ConsentEvent(consentId, clock.instant(), policyVersion, jurisdiction.regime(),
                jurisdiction.law(), jurisdiction.location().source(), jurisdiction.country(),
                jurisdiction.region(), choices, method, page, client == null ? null : hasher.hash(client),
                userAgent, subjectId);
        LedgerEntry entry = store.appendConsent(event);
        if (subjectId != null) {
            store.linkSubject(consentId, subjectId, event.at());
        }
        return entry;
    }

    /** The receipt of a recorded change, for the visitor. */
    public ConsentReceipt receipt(LedgerEntry entry) {
        return ConsentReceipt.of(entry);
    }

    /**
     * Whether a receipt (for example one a visitor presents) matches the record the ledger holds
     * at its sequence number, hash and contents.
     */
    public boolean confirms(ConsentReceipt receipt) {
        Optional<LedgerEntry> recorded = store.consentHistory(receipt.consentId()).stream()
                .filter(entry -> entry.sequence() == receipt.sequence())
                .findFirst();
        return recorded.map(entry -> ConsentReceipt.of(entry).equals(receipt)).orElse(false);
    }
}
