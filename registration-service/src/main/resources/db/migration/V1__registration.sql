-- Registrations: the identity only as an escrow-sealed envelope (IdentityEnvelope); everything
-- role, status and reason hold the contract's enum names (e.g. REGISTRATION_STATUS_ACTIVE).
-- else here is also on the rbc channel. See docs/registration.md.
CREATE TABLE registration (
    rid                   BYTEA        PRIMARY KEY CHECK (length(rid) = 16),
    -- HMAC-SHA-256 under the consortium commitment key over the canonical identity: one row per person.
    identity_commitment   BYTEA        NOT NULL UNIQUE CHECK (length(identity_commitment) = 32),
    role                  VARCHAR(40)  NOT NULL,
    organization          VARCHAR(63)  NOT NULL,
    status                VARCHAR(40)  NOT NULL,
    -- The latest record version on rbc: 0 at enrolment, +1 per status change.
    version               INTEGER      NOT NULL CHECK (version >= 0),
    identity_envelope     BYTEA        NOT NULL,
    ciphertext_hash       BYTEA        NOT NULL CHECK (length(ciphertext_hash) = 32),
    credential_expires_at TIMESTAMPTZ  NOT NULL,
    enrolled_at           TIMESTAMPTZ  NOT NULL,
    updated_at            TIMESTAMPTZ  NOT NULL
);

-- Every record version written to rbc, with the transaction that carries it.
CREATE TABLE registration_version (
    rid              BYTEA        NOT NULL REFERENCES registration (rid),
    version          INTEGER      NOT NULL,
    status           VARCHAR(40)  NOT NULL,
    reason           VARCHAR(40)  NOT NULL,
    idempotency_key  VARCHAR(128) NOT NULL UNIQUE,
    transaction_hash BYTEA        NOT NULL CHECK (length(transaction_hash) = 32),
    -- The registrar's token subject (pseudonymous).
    actor            VARCHAR(128) NOT NULL,
    recorded_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (rid, version)
);
