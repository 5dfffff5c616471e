-- search-service, server mode: the untrusted host's store (docs/search-security.md).
-- It holds only what owners pushed: 32-byte PRF labels, AES-GCM ciphertexts, and the RFC 6962
-- update log over them. Nothing here names a keyword, a record or a person.

-- One row per pushed entry. log_index is the entry's leaf position in its owner's update log,
-- whose leaf data is label || value.
CREATE TABLE search_entry (
    owner     VARCHAR(63) NOT NULL,
    label     BYTEA       NOT NULL CHECK (length(label) = 32),
    value     BYTEA       NOT NULL CHECK (length(value) > 0),
    log_index BIGINT      NOT NULL CHECK (log_index >= 0),
    PRIMARY KEY (owner, label),
    UNIQUE (owner, log_index)
);

-- Each owner's log after its last applied epoch. frontier is the concatenated 32-byte hashes of
-- the log's complete right-edge subtrees, largest first (MerkleFrontier.nodes()): enough to append
-- the next epoch and compute its root without reading the entries. batch_digest (SHA-256 of the
-- signed bytes of the last push) and base_log_size recognise an exact retry of that push.
CREATE TABLE search_log_head (
    owner         VARCHAR(63) PRIMARY KEY,
    epoch         BIGINT      NOT NULL CHECK (epoch >= 0),
    base_log_size BIGINT      NOT NULL CHECK (base_log_size >= 0),
    log_size      BIGINT      NOT NULL CHECK (log_size >= base_log_size),
    log_root      BYTEA       NOT NULL CHECK (length(log_root) = 32),
    frontier      BYTEA       NOT NULL CHECK (length(frontier) % 32 = 0),
    batch_digest  BYTEA       CHECK (length(batch_digest) = 32),
    updated_at    TIMESTAMPTZ NOT NULL
);

-- Every applied epoch with the owner's signature over it, so the host can show what each owner
-- told it to store, and an auditor can check consistency between anchored heads.
CREATE TABLE search_epoch (
    owner         VARCHAR(63) NOT NULL,
    epoch         BIGINT      NOT NULL CHECK (epoch > 0),
    base_log_size BIGINT      NOT NULL CHECK (base_log_size >= 0),
    log_size      BIGINT      NOT NULL CHECK (log_size >= base_log_size),
    log_root      BYTEA       NOT NULL CHECK (length(log_root) = 32),
    batch_digest  BYTEA       NOT NULL CHECK (length(batch_digest) = 32),
    signature     BYTEA       NOT NULL CHECK (length(signature) = 64),
    applied_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (owner, epoch)
);
