-- The RFC 6962 log of every transaction of a channel, as its complete subtrees. Level 0 rows are
-- the leaf hashes (one per transaction, in log order); a row at level L covers 2^L leaves
-- starting at idx * 2^L. Complete subtrees never change in an append-only log, so rows are only
-- ever inserted, and any root or proof needs at most about 2 log2(n) of them.
CREATE TABLE ledger_tree_node (
    channel VARCHAR(16) NOT NULL,
    level   SMALLINT    NOT NULL CHECK (level BETWEEN 0 AND 62),
    idx     BIGINT      NOT NULL CHECK (idx >= 0),
    hash    BYTEA       NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (channel, level, idx)
);
