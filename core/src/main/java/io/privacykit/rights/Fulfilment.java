package io.privacykit.rights;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What happened once a request was verified, and what the caller must do next. */
public sealed interface Fulfilment {

    /**
     * An export was made; the link was also mailed to the requester and works once.
     *
     * @param downloadUrl the single-use link
     * @param token       the download token in it
     * @param expiresAt   when the link stops working
     */
    record ExportReady(String downloadUrl, String token, Instant expiresAt) implements Fulfilment {
    }

    /**
     * The subject's data was erased; the request is completed.
     *
     * @param steps each step's result, by step name ({@code app} for the app's provider)
     */
    record Erased(Map<String, ErasureResult> steps) implements Fulfilment {
        public Erased {
            steps = Map.copyOf(steps);
        }
    }

    /**
     * The caller must record a withdrawal of every category for these consent ids (their browsers
     * follow through the subject link) and then call {@link RightsService#complete}.
     *
     * @param consentIds the consent ids linked to the subject
     */
    record WithdrawConsent(List<String> consentIds) implements Fulfilment {
        public WithdrawConsent {
            consentIds = List.copyOf(consentIds);
        }
    }

    /**
     * The caller must record an opt-out of sale and sharing for these consent ids (Cal. Civ. Code
     * 1798.120) and then call {@link RightsService#complete}.
     *
     * @param consentIds the consent ids linked to the subject
     */
    record OptOutOfSale(List<String> consentIds) implements Fulfilment {
        public OptOutOfSale {
            consentIds = List.copyOf(consentIds);
        }
    }

    /**
     * An erasure not carried out because a legal hold stands on the subject (GDPR Art. 17(3)(e)):
     * nothing was erased and the request stays open; after the hold is released the operator's
     * {@link RightsService#retry} erases, or the operator denies the request with the reason.
     *
     * @param reason why, citing the exemption, safe to show
     */
    record Held(String reason) implements Fulfilment {
    }

    /** An operator decides and acts: rectification, restriction, objection, review, or a failed step to retry. */
    record AwaitingOperator() implements Fulfilment {
    }
}
