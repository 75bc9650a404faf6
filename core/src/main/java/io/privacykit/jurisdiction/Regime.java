package io.privacykit.jurisdiction;

/**
 * The privacy regimes PrivacyKit tells apart (docs/architecture.md, "Contracts"). The code is stable: it
 * appears in JSON, in the consent cookie and in the ledger. The rules of a regime at a place and
 * time are a {@link Jurisdiction}.
 */
public enum Regime {
    /** GDPR 2016/679 with ePrivacy 2002/58: the EEA and EU outermost regions. */
    GDPR,
    /** UK GDPR, DPA 2018 and PECR: Great Britain and Northern Ireland. */
    UK_GDPR,
    /** Switzerland's revised Federal Act on Data Protection (2023). */
    CH_FADP,
    /** California's CCPA as amended by the CPRA. */
    CCPA,
    /** Another US state's comprehensive privacy law; the law's name is in {@link Jurisdiction#law()}. */
    US_STATE,
    /** Brazil's Lei Geral de Proteção de Dados (13.709/2018). */
    LGPD,
    /** Argentina's Personal Data Protection Law 25.326. */
    AR_PDPA,
    /** Canada's PIPEDA (every province but Quebec). */
    CA_PIPEDA,
    /** Quebec's Law 25 (Act respecting the protection of personal information in the private sector). */
    CA_QC,
    /** Everywhere else: the policy's own terms. */
    DEFAULT
}
