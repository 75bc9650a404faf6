package io.privacykit.communication;

import io.privacykit.collection.SubjectId;
import io.privacykit.jurisdiction.Regime;
import java.util.List;
import java.util.Optional;

/**
 * Where marketing preferences are kept: an append-only history per person and channel, and the
 * regime a person's preferences fall under. Safe to call from many threads and processes;
 * failures are {@link io.privacykit.store.StoreException}s and nothing is acknowledged then.
 * {@code io.privacykit:privacykit-jdbc} implements it beside its {@link io.privacykit.store.PrivacyStore}.
 */
public interface CommunicationStore {

    /** Appends a change; committed before this returns. */
    void append(PreferenceChange change);

    /** The latest change of one person on one channel, if they ever said anything. */
    Optional<PreferenceChange> latest(SubjectId subject, Channel channel);

    /** Every change of one person, oldest first: for an access request's export. */
    List<PreferenceChange> history(SubjectId subject);

    /** Records the regime whose rules apply to a person's marketing (where they signed up); the latest wins. */
    void assignRegime(SubjectId subject, Regime regime);

    /** The regime recorded for a person, if any. */
    Optional<Regime> regimeOf(SubjectId subject);

    /**
     * Removes everything kept about a person (an erasure request), keeping only that they opted
     * out of marketing where they had, so that they are never mailed again (GDPR Art. 17(3)(b) and
     * 21(3): an objection to direct marketing must keep working).
     *
     * @return the number of rows removed
     */
    int erase(SubjectId subject);
}
