-- PrivacyKit store, version 2: what apps record about the personal information they collect,
-- disclose, sell and share (io.privacykit.collection), added up instead of a row per call.
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 14+. The counts are upserted with MERGE
-- on H2 and INSERT ... ON CONFLICT on PostgreSQL (JdbcCollectionStore picks by vendor).

-- How often one subject's information was used one way on one UTC day. The key leads with the day,
-- so the reporting windows (the preceding 12 months, a calendar year) read a range of it.
CREATE TABLE pi_usage (
    usage_day    DATE         NOT NULL,
    record_kind  VARCHAR(16)  NOT NULL,
    category     VARCHAR(64)  NOT NULL,
    purpose      VARCHAR(64)  NOT NULL,
    counterpart  VARCHAR(128) NOT NULL,
    regime       VARCHAR(16)  NOT NULL,
    subject_id   VARCHAR(32)  NOT NULL,
    occurrences  BIGINT       NOT NULL,
    CONSTRAINT pi_usage_key PRIMARY KEY (usage_day, record_kind, category, purpose, counterpart, regime, subject_id)
);

-- A request to know (Cal. Civ. Code 1798.110; GDPR Art. 15) reads one subject's rows.
CREATE INDEX pi_usage_subject ON pi_usage (subject_id);

-- How often records diverged from the declared policy one way, first and last seen.
CREATE TABLE pi_divergence (
    violation    VARCHAR(32)  NOT NULL,
    record_kind  VARCHAR(16)  NOT NULL,
    category     VARCHAR(64)  NOT NULL,
    purpose      VARCHAR(64)  NOT NULL,
    counterpart  VARCHAR(128) NOT NULL,
    occurrences  BIGINT       NOT NULL,
    first_seen   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pi_divergence_key PRIMARY KEY (violation, record_kind, category, purpose, counterpart)
);
