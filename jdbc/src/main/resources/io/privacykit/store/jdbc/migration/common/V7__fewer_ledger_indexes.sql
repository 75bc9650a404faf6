-- PrivacyKit store, version 7: the consent ledger keeps only the indexes its queries use. Every
-- index is written on each append (a durable commit per batch), and no query selects records by
-- their time or by a subject's commitment: the history is read by consent id, erasure by subject
-- id, and the check by sequence. Portable SQL (H2 2.x, PostgreSQL 14+).
DROP INDEX consent_ledger_occurred_at;
DROP INDEX consent_ledger_subject_commitment;
