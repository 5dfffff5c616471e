-- Consent and access, derived from the ehr channel's committed blocks in the same database
-- transaction as the block that causes them (ChannelRuntime.commit), as ledger_record is. Each row
-- names its transaction, which a reader proves with an inclusion proof and commit certificate.

-- Every consent grant (carechain.consent.v1.ConsentGrant) and, once revoked, its revocation.
CREATE TABLE ledger_consent_grant (
    channel           VARCHAR(16) NOT NULL,
    tx_hash           BYTEA       NOT NULL CHECK (octet_length(tx_hash) = 32),
    patient_ref       BYTEA       NOT NULL CHECK (octet_length(patient_ref) = 32),
    height            BIGINT      NOT NULL,
    log_index         BIGINT      NOT NULL,
    -- The grant as the transaction carries it (protobuf).
    body              BYTEA       NOT NULL,
    revoked_tx_hash   BYTEA       CHECK (revoked_tx_hash IS NULL OR octet_length(revoked_tx_hash) = 32),
    revoked_height    BIGINT,
    revoked_at_millis BIGINT,
    PRIMARY KEY (channel, tx_hash)
);
CREATE INDEX ledger_consent_grant_patient ON ledger_consent_grant (channel, patient_ref, height);

-- Every access event (carechain.consent.v1.AccessEvent): who asked whom for which patient's records.
CREATE TABLE ledger_access_event (
    channel             VARCHAR(16)  NOT NULL,
    log_index           BIGINT       NOT NULL,
    tx_hash             BYTEA        NOT NULL CHECK (octet_length(tx_hash) = 32),
    height              BIGINT       NOT NULL,
    patient_ref         BYTEA        NOT NULL CHECK (octet_length(patient_ref) = 32),
    serving_provider    VARCHAR(128) NOT NULL,
    requesting_provider VARCHAR(128) NOT NULL,
    at_millis           BIGINT       NOT NULL,
    body                BYTEA        NOT NULL,
    PRIMARY KEY (channel, log_index)
);
CREATE INDEX ledger_access_event_patient ON ledger_access_event (channel, patient_ref, at_millis);
CREATE INDEX ledger_access_event_serving ON ledger_access_event (channel, serving_provider, at_millis);
CREATE INDEX ledger_access_event_requesting ON ledger_access_event (channel, requesting_provider, at_millis);

-- Rebuild every derived row from the blocks, these included, when the node next opens the channel.
DELETE FROM ledger_significance;
DELETE FROM ledger_record;
UPDATE ledger_channel SET derived_height = 0;
