package io.privacykit.rights;

/** The answer to an operator's action on a request. */
public sealed interface OperatorResult {

    /**
     * Done (200) and recorded in the request's history.
     *
     * @param request the request after the action
     */
    record Done(RequestView request) implements OperatorResult {
    }

    /**
     * Not allowed in the request's state, or bad input (400); nothing changed.
     *
     * @param message why, safe to show
     */
    record NotAllowed(String message) implements OperatorResult {
    }

    /**
     * The app's provider or an automatic step failed (503); the failure is in the request's history
     * and the request stays open, so the action may be tried again.
     *
     * @param message what failed, safe to show
     */
    record Failed(String message) implements OperatorResult {
    }

    /**
     * The retried fulfilment is the caller's to carry out again, as after verification (200 once it
     * is done): for a {@link Fulfilment.WithdrawConsent} or {@link Fulfilment.OptOutOfSale}, record the
     * change for each consent id whose ledger does not show it already, then
     * {@link RightsService#complete} the request; on failure, {@link RightsService#stepFailed}.
     *
     * @param request     the request, still open
     * @param fulfilment  what the caller must do
     */
    record Resumed(RequestView request, Fulfilment fulfilment) implements OperatorResult {
    }

    /** No such request (404). */
    record NotFound() implements OperatorResult {
    }
}
