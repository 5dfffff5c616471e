-- Trace requests this CA recorded on cbc, and the approvals recorded for them. The rid is never
-- here: the link tag is opened by the RBC, with k officers' partial decryptions.
CREATE TABLE trace_request (
    trace_id         VARCHAR(32)  PRIMARY KEY,
    serial           VARCHAR(40)  NOT NULL REFERENCES issued_certificate (serial),
    certificate_hash BYTEA        NOT NULL CHECK (length(certificate_hash) = 32),
    requested_by     VARCHAR(128) NOT NULL,
    reason           VARCHAR(40)  NOT NULL,
    requested_at     TIMESTAMPTZ  NOT NULL,
    transaction_hash BYTEA        NOT NULL CHECK (length(transaction_hash) = 32)
);

CREATE TABLE trace_approval (
    trace_id         VARCHAR(32)  NOT NULL REFERENCES trace_request (trace_id),
    officer_id       VARCHAR(128) NOT NULL,
    approved_at      TIMESTAMPTZ  NOT NULL,
    transaction_hash BYTEA        NOT NULL CHECK (length(transaction_hash) = 32),
    PRIMARY KEY (trace_id, officer_id)
);
