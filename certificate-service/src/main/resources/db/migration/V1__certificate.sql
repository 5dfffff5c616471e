-- certificate-service tables. See docs/certificates.md.

-- Certificates this CA issued, so the holder can fetch them again and the CRL can list them.
-- Nothing here names a person: the subject is a fresh pseudonym, the rid is only inside the
-- certificate's link tag, encrypted to the consortium escrow key.
CREATE TABLE issued_certificate (
    -- Lower-case hex of the serial number.
    serial           VARCHAR(40)  PRIMARY KEY,
    certificate_hash BYTEA        NOT NULL UNIQUE CHECK (length(certificate_hash) = 32),
    pseudonym        VARCHAR(64)  NOT NULL UNIQUE,
    der              BYTEA        NOT NULL,
    not_after        TIMESTAMPTZ  NOT NULL,
    issued_at        TIMESTAMPTZ  NOT NULL,
    transaction_hash BYTEA        NOT NULL CHECK (length(transaction_hash) = 32)
);

-- Derived from the cbc channel, block by block: every CA's issuances and revocations.
CREATE TABLE cbc_certificate (
    certificate_hash  BYTEA        PRIMARY KEY CHECK (length(certificate_hash) = 32),
    -- Hex SHA-256 of the issuing CA's root certificate.
    issuer_ca         VARCHAR(64)  NOT NULL,
    serial            VARCHAR(40)  NOT NULL,
    pseudonym         VARCHAR(64)  NOT NULL,
    not_after         TIMESTAMPTZ  NOT NULL,
    issued_at         TIMESTAMPTZ  NOT NULL,
    height            BIGINT       NOT NULL,
    revoked_at        TIMESTAMPTZ,
    -- RFC 5280 CRLReason code.
    revocation_reason INTEGER,
    revoked_height    BIGINT,
    UNIQUE (issuer_ca, serial)
);
CREATE INDEX cbc_certificate_revoked ON cbc_certificate (issuer_ca) WHERE revoked_at IS NOT NULL;

-- The trust bundle as of cbc_progress.height (genesis roots plus endorsed updates).
CREATE TABLE cbc_trust_root (
    root_hash    BYTEA   PRIMARY KEY CHECK (length(root_hash) = 32),
    der          BYTEA   NOT NULL,
    added_height BIGINT  NOT NULL
);

-- How far the derived tables have followed the cbc channel.
CREATE TABLE cbc_progress (
    channel         VARCHAR(16) PRIMARY KEY,
    height          BIGINT      NOT NULL,
    bundle_sequence BIGINT      NOT NULL
);

-- Login challenges: each can be answered once, before it expires.
CREATE TABLE auth_challenge (
    challenge  BYTEA       PRIMARY KEY CHECK (length(challenge) = 32),
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX auth_challenge_expiry ON auth_challenge (expires_at);
