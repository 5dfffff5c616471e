-- Read models derived from the committed blocks, written in the same database transaction as the
-- block that causes them (ChannelRuntime.commit). Neither is trusted on its own: readers check
-- what they return against the hashes the block headers commit to.

-- The patient pseudonym of each record event, so a patient's trail is an index lookup instead of
-- a scan of every transaction body. NULL for transactions that are not record events.
ALTER TABLE ledger_transaction
    ADD COLUMN patient_ref BYTEA CHECK (patient_ref IS NULL OR octet_length(patient_ref) = 32);
CREATE INDEX ledger_transaction_patient ON ledger_transaction (channel, patient_ref, log_index)
    WHERE patient_ref IS NOT NULL;

-- Each provider's significance (nano units) after every block that changed it; 0 when the
-- provider left the table. The table at height h is every provider's latest row at or below h.
CREATE TABLE ledger_significance (
    channel           VARCHAR(16)  NOT NULL,
    provider          VARCHAR(128) NOT NULL,
    height            BIGINT       NOT NULL,
    significance_nano BIGINT       NOT NULL CHECK (significance_nano >= 0),
    PRIMARY KEY (channel, provider, height),
    FOREIGN KEY (channel, height) REFERENCES ledger_block (channel, height)
);
CREATE INDEX ledger_significance_height ON ledger_significance (channel, height);

-- The last height whose derived rows are written. Blocks committed before this migration have
-- none; a node fills them in when it opens the channel.
ALTER TABLE ledger_channel ADD COLUMN derived_height BIGINT NOT NULL DEFAULT 0 CHECK (derived_height >= 0);
