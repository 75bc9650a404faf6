-- PrivacyKit store, version 1: the proof-of-consent ledger, subject links and job locks.
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 14+.

-- One row per consent change, hash-chained (io.privacykit.consent.LedgerChain). Append-only:
-- PrivacyKit never updates or deletes a row; retention purges would be recorded, not silent.
CREATE TABLE consent_ledger (
    sequence        BIGINT        NOT NULL PRIMARY KEY,
    consent_id      VARCHAR(128)  NOT NULL,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    policy_version  VARCHAR(128)  NOT NULL,
    regime          VARCHAR(32)   NOT NULL,
    law             VARCHAR(256)  NOT NULL,
    location_source VARCHAR(16)   NOT NULL,
    country         VARCHAR(16),
    region          VARCHAR(32),
    choices         VARCHAR       NOT NULL,
    method          VARCHAR(16)   NOT NULL,
    page            VARCHAR(512),
    ip_hash         VARCHAR(64),
    user_agent      VARCHAR(512),
    subject_id      VARCHAR(256),
    previous_hash   VARCHAR(64)   NOT NULL,
    hash            VARCHAR(64)   NOT NULL
);

CREATE INDEX consent_ledger_consent_id ON consent_ledger (consent_id, sequence);
CREATE INDEX consent_ledger_subject_id ON consent_ledger (subject_id);
CREATE INDEX consent_ledger_occurred_at ON consent_ledger (occurred_at);

-- The head of the chain, kept apart from the records so that a deleted tail is noticed. Exactly
-- one row; appends lock it (SELECT ... FOR UPDATE), which serializes them across app instances.
CREATE TABLE ledger_head (
    id            INTEGER     NOT NULL PRIMARY KEY,
    last_sequence BIGINT      NOT NULL,
    last_hash     VARCHAR(64) NOT NULL,
    CONSTRAINT ledger_head_single_row CHECK (id = 1)
);

INSERT INTO ledger_head (id, last_sequence, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- A consent id seen with a signed-in person, so a choice follows them and a rights request finds it.
CREATE TABLE subject_link (
    consent_id VARCHAR(128) NOT NULL,
    subject_id VARCHAR(256) NOT NULL,
    linked_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT subject_link_pair UNIQUE (consent_id, subject_id)
);

CREATE INDEX subject_link_subject_id ON subject_link (subject_id);

-- Jobs that must run once across all instances (retention purge, outbox): the holder owns the
-- named lock until locked_until.
CREATE TABLE job_lock (
    name         VARCHAR(64)  NOT NULL PRIMARY KEY,
    holder       VARCHAR(128),
    locked_until TIMESTAMP WITH TIME ZONE
);
