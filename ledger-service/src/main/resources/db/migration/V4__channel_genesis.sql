-- Which chain each channel's data belongs to. A node refuses to start on a database that holds
-- another genesis's blocks, instead of failing somewhere in the middle of replaying them.
CREATE TABLE ledger_channel (
    channel      VARCHAR(16) PRIMARY KEY,
    genesis_hash BYTEA       NOT NULL CHECK (octet_length(genesis_hash) = 32)
);
