-- Owner mode (at the provider): the per-keyword state, what each record is indexed as, the epochs
-- with their outbox of entries still to push, and how far the ehr channel has been followed.
-- Nothing here is in clear: keywords appear only as HMAC tags, records only as their chain pseudonyms.

-- One row per (security label, keyword), named by its tag. The state as of the last epoch that
-- changed it, and the state before that epoch: tokens are issued from the latest anchored epoch.
CREATE TABLE search_owner_keyword (
    tag         bytea   PRIMARY KEY,
    count       bigint  NOT NULL,
    digest      bytea   NOT NULL,
    epoch       bigint  NOT NULL,
    prev_count  bigint  NOT NULL,
    prev_digest bytea   NOT NULL
);

-- The version of each record that the index holds (its content hash on the chain), and its label.
CREATE TABLE search_owner_record (
    record_ref     bytea   PRIMARY KEY,
    resource_type  text    NOT NULL,
    security_label char(1) NOT NULL,
    content_hash   bytea   NOT NULL
);

-- BUILT: its entries are in the outbox; PUSHED: the server holds them; ANCHORED: its root is on `search`.
CREATE TABLE search_owner_epoch (
    epoch          bigint  PRIMARY KEY,
    base_size      bigint  NOT NULL,
    log_size       bigint  NOT NULL,
    log_root       bytea   NOT NULL,
    frontier       bytea[] NOT NULL,
    entries        integer NOT NULL,
    state          text    NOT NULL CHECK (state IN ('BUILT', 'PUSHED', 'ANCHORED')),
    anchor_height  bigint,
    anchor_tx      bytea,
    anchor_signature bytea,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE search_owner_outbox (
    epoch    bigint  NOT NULL,
    position integer NOT NULL,
    label    bytea   NOT NULL,
    value    bytea   NOT NULL,
    PRIMARY KEY (epoch, position)
);

CREATE TABLE search_owner_progress (
    id         integer PRIMARY KEY CHECK (id = 1),
    ehr_height bigint  NOT NULL
);
