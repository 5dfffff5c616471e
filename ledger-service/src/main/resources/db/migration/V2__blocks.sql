-- Committed blocks and their transactions, one channel after another. Bodies are stored in their
-- canonical encoding, so a reader recomputes every hash from what is stored and notices any
-- change made behind the ledger's back.
CREATE TABLE ledger_block (
    channel            VARCHAR(16) NOT NULL,
    height             BIGINT      NOT NULL CHECK (height >= 1),
    block_hash         BYTEA       NOT NULL CHECK (octet_length(block_hash) = 32),
    header             BYTEA       NOT NULL,
    commit_certificate BYTEA       NOT NULL,
    tx_count           INT         NOT NULL CHECK (tx_count >= 0),
    first_log_index    BIGINT      NOT NULL CHECK (first_log_index >= 0),
    committed_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (channel, height),
    UNIQUE (channel, block_hash)
);

CREATE TABLE ledger_transaction (
    channel         VARCHAR(16)  NOT NULL,
    log_index       BIGINT       NOT NULL CHECK (log_index >= 0),
    height          BIGINT       NOT NULL,
    tx_hash         BYTEA        NOT NULL CHECK (octet_length(tx_hash) = 32),
    idempotency_key VARCHAR(128) NOT NULL,
    body            BYTEA        NOT NULL,
    PRIMARY KEY (channel, log_index),
    UNIQUE (channel, idempotency_key),
    UNIQUE (channel, tx_hash),
    FOREIGN KEY (channel, height) REFERENCES ledger_block (channel, height)
);
