-- Operational audit of API calls: who (a pseudonymous subject), what, when, outcome.
-- Never holds health information.
CREATE TABLE audit_event (
    id          BIGSERIAL    PRIMARY KEY,
    occurred_at TIMESTAMPTZ  NOT NULL,
    actor       VARCHAR(128) NOT NULL,
    action      VARCHAR(64)  NOT NULL,
    outcome     VARCHAR(16)  NOT NULL
);

CREATE INDEX audit_event_occurred_at ON audit_event (occurred_at);
