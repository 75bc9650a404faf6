package io.privacykit.store;

import io.privacykit.consent.ConsentEvent;
import io.privacykit.consent.LedgerEntry;
import io.privacykit.consent.LedgerVerification;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where PrivacyKit keeps its records: the proof-of-consent ledger and the links between consent
 * ids and signed-in subjects. Shared by every app instance of a deployment, so each operation is
 * safe to call concurrently from many threads and many processes. Failures are
 * {@link StoreException}s; nothing is acknowledged unless a method returns normally.
 * {@code io.privacykit:privacykit-jdbc} implements it over H2 or PostgreSQL.
 */
public interface PrivacyStore extends AutoCloseable {

    /**
     * Appends a consent change to the ledger: assigns the next sequence number, chains the record
     * to the current head, seals it and the head with the ledger key, and moves the head, atomically even when several instances append at
     * once. The record is committed before this returns, so the response that acknowledges the
     * change may be sent (GDPR Art. 7(1): the controller must be able to demonstrate consent).
     *
     * @return the record as stored
     */
    LedgerEntry appendConsent(ConsentEvent event);

    /** Every ledger record of one consent id, oldest first; empty when there is none. */
    List<LedgerEntry> consentHistory(String consentId);

    /**
     * A page of the ledger: at most {@code limit} records with a sequence number above
     * {@code afterSequence}, in order. Start with 0; continue with the last sequence returned.
     */
    List<LedgerEntry> ledger(long afterSequence, int limit);

    /**
     * The sequence number of the newest ledger record, 0 for an empty ledger: where an instance
     * starts following the records other instances append, with {@link #ledger(long, int)}. The
     * default pages through the whole ledger; a store should read where its head is instead.
     */
    default long lastLedgerSequence() {
        long last = 0;
        for (List<LedgerEntry> page; !(page = ledger(last, 1_000)).isEmpty(); ) {
            last = page.get(page.size() - 1).sequence();
        }
        return last;
    }

    /**
     * Checks the whole ledger, page by page: the consent records' and subject links' hash chains,
     * their MACs under the ledger keys, and the sealed head ({@link io.privacykit.consent.LedgerAudit}).
     * An edited, deleted, reordered, inserted or cut-off record or link, or one rewritten without
     * the key, gives {@link LedgerVerification.Broken} naming the first that does not fit. Items
     * appended while it runs are not checked.
     */
    LedgerVerification verifyLedger();

    /**
     * Checks the last {@code records} consent records and the last {@code records} subject links
     * as {@link #verifyLedger()} does, and the head: a bounded cost, for a check at start-up or
     * on demand. The first record checked is trusted to follow the one before it.
     */
    LedgerVerification verifyLedgerTail(long records);

    /**
     * The outcome of the check the store made when it opened ({@code privacy.ledger.verify-on-start});
     * empty when it made none. A broken ledger also makes {@link #isHealthy()} false.
     */
    Optional<LedgerVerification> startupVerification();

    /**
     * Erases a subject's id from PrivacyKit's records (GDPR Art. 17): from every subject link
     * and from every consent record that commits to it rather than hashing it, leaving only
     * commitments nobody can link back, and records each erasure in the link chain so the ledger
     * still verifies. Records of the first format hash the id itself and are kept.
     *
     * @return what was erased and what was kept
     */
    SubjectErasure eraseSubject(String subjectId);

    /**
     * Records that a consent id was used by a signed-in subject, so their choice follows them and
     * a rights request finds it; the link is chained and sealed like a record, with the subject id
     * hashed only as a salted commitment. Linking the same pair again changes nothing.
     *
     * @param at when the link was seen first
     */
    void linkSubject(String consentId, String subjectId, Instant at);

    /** The consent ids linked to a subject, oldest link first; empty when none. */
    List<String> consentIdsOfSubject(String subjectId);

    /**
     * The subject a consent id is linked to: when several people signed in on one browser, the
     * one linked last.
     */
    Optional<String> subjectOfConsent(String consentId);

    /**
     * Whether the database answers now and the ledger was not found broken when the store opened;
     * never throws.
     */
    boolean isHealthy();

    /** Releases the store's connections; a store given a data source leaves that open. */
    @Override
    void close();
}
