package io.privacykit.collection;

import java.util.Locale;

/** What makes a transfer of personal data outside the EEA lawful (GDPR Chapter V). */
public enum TransferSafeguard {
    /** Art. 45: an adequacy decision (including the EU-US Data Privacy Framework). */
    ADEQUACY("Adequacy Decision"),
    /** Art. 46(2)(c): standard contractual clauses. */
    SCC("SCCs"),
    /** Art. 47: binding corporate rules. */
    BCR("BCRs"),
    /** Art. 49: a derogation for a specific situation, such as explicit consent. */
    DEROGATION("Other");

    private final String fidesLabel;

    TransferSafeguard(String fidesLabel) {
        this.fidesLabel = fidesLabel;
    }

    /** The value of fideslang's {@code legal_basis_for_transfers}. */
    public String fidesLabel() {
        return fidesLabel;
    }

    /** The configuration code: {@code scc}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
