-- The chain's view of every EHR record: its latest record event, derived from the committed blocks
-- in the same database transaction as the block that causes it (ChannelRuntime.commit). The audit
-- compares a provider's database with these rows and proves each finding with the transaction
-- they name, which it fetches with its inclusion proof and commit certificate.
CREATE TABLE ledger_record (
    channel       VARCHAR(16)  NOT NULL,
    provider      VARCHAR(128) NOT NULL,
    resource_type VARCHAR(64)  NOT NULL,
    record_ref    BYTEA        NOT NULL CHECK (octet_length(record_ref) = 32),
    -- False after a DELETE.
    live          BOOLEAN      NOT NULL,
    -- The content hash of the latest event (of the deleted content, after a DELETE).
    content_hash  BYTEA        NOT NULL CHECK (octet_length(content_hash) = 32),
    -- CREATE and UPDATE events since the record's latest CREATE: the versions the chain has seen.
    versions      INTEGER      NOT NULL CHECK (versions >= 0),
    -- The latest event.
    log_index     BIGINT       NOT NULL,
    height        BIGINT       NOT NULL,
    tx_hash       BYTEA        NOT NULL CHECK (octet_length(tx_hash) = 32),
    PRIMARY KEY (channel, provider, resource_type, record_ref)
);

-- Derived rows are rebuilt from the blocks: forget those of blocks committed before this index
-- existed, and the node writes all of them again, records included, when it opens the channel.
DELETE FROM ledger_significance;
UPDATE ledger_channel SET derived_height = 0;
