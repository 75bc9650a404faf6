-- PrivacyKit store, version 3: a ledger someone with database access but no ledger key cannot
-- rewrite unnoticed (io.privacykit.consent.LedgerChain, LedgerAudit). Portable SQL (H2 2.x,
-- PostgreSQL 14+). Existing rows keep their format: they verify as unkeyed, up to the first
-- sealed record.

-- Format 1 hashes the subject id itself; format 2 hashes a salted commitment of it, so that
-- erasing the id and the salt leaves the chain intact. key_id and mac seal a record.
ALTER TABLE consent_ledger ADD COLUMN record_format SMALLINT DEFAULT 1 NOT NULL;
ALTER TABLE consent_ledger ADD COLUMN subject_salt VARCHAR(32);
ALTER TABLE consent_ledger ADD COLUMN subject_commitment VARCHAR(64);
ALTER TABLE consent_ledger ADD COLUMN key_id VARCHAR(16);
ALTER TABLE consent_ledger ADD COLUMN mac VARCHAR(64);

CREATE INDEX consent_ledger_subject_commitment ON consent_ledger (subject_commitment);

-- The head names the last subject link too, and is sealed over both.
ALTER TABLE ledger_head ADD COLUMN link_sequence BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE ledger_head ADD COLUMN link_hash VARCHAR(64)
    DEFAULT '0000000000000000000000000000000000000000000000000000000000000000' NOT NULL;
ALTER TABLE ledger_head ADD COLUMN key_id VARCHAR(16);
ALTER TABLE ledger_head ADD COLUMN mac VARCHAR(64);

-- Subject links form a chain of their own, of links and erasures. Rows from version 1 have no
-- link_sequence: the store chains them when it first opens an unsealed ledger.
ALTER TABLE subject_link ALTER COLUMN subject_id DROP NOT NULL;
ALTER TABLE subject_link ADD COLUMN link_sequence BIGINT;
ALTER TABLE subject_link ADD COLUMN kind VARCHAR(8) DEFAULT 'LINK' NOT NULL;
ALTER TABLE subject_link ADD COLUMN salt VARCHAR(32);
ALTER TABLE subject_link ADD COLUMN subject_commitment VARCHAR(64);
ALTER TABLE subject_link ADD COLUMN previous_hash VARCHAR(64);
ALTER TABLE subject_link ADD COLUMN hash VARCHAR(64);
ALTER TABLE subject_link ADD COLUMN key_id VARCHAR(16);
ALTER TABLE subject_link ADD COLUMN mac VARCHAR(64);

CREATE UNIQUE INDEX subject_link_sequence ON subject_link (link_sequence);
CREATE INDEX subject_link_consent_id ON subject_link (consent_id);
