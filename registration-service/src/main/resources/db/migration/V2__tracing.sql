-- Traces being opened here: the officers' partial decryptions, first of the certificate's link
-- tag, then of the identity envelope. The rid is known only once k link-tag partials arrived.
-- See docs/certificates.md, "Tracing".
CREATE TABLE trace (
    trace_id         VARCHAR(32)  PRIMARY KEY,
    certificate_hash BYTEA        NOT NULL CHECK (length(certificate_hash) = 32),
    requested_by     VARCHAR(128) NOT NULL,
    link_tag         BYTEA        NOT NULL,
    rid              BYTEA        REFERENCES registration (rid),
    opened_at        TIMESTAMPTZ
);

CREATE TABLE trace_partial (
    trace_id     VARCHAR(32)  NOT NULL REFERENCES trace (trace_id),
    -- LINK_TAG or IDENTITY.
    stage        VARCHAR(16)  NOT NULL,
    share_index  INTEGER      NOT NULL,
    officer_id   VARCHAR(128) NOT NULL,
    partial      BYTEA        NOT NULL,
    received_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (trace_id, stage, share_index)
);
