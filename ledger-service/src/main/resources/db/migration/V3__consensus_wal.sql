-- The consensus write-ahead log: every proposal and vote this validator sent, with its lock
-- state, written before the message leaves the node. A restarted node replays it and so never
-- sends a conflicting message for a (height, round, step) it already spoke in.
CREATE TABLE consensus_wal (
    channel VARCHAR(16) NOT NULL,
    seq     BIGSERIAL   NOT NULL,
    height  BIGINT      NOT NULL,
    entry   BYTEA       NOT NULL,
    PRIMARY KEY (channel, seq)
);

CREATE INDEX consensus_wal_height ON consensus_wal (channel, height);
