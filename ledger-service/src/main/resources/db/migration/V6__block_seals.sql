-- The submitters' batch signatures a block carries (Block.sealBytes), so that a block served to a
-- catching-up validator can be checked like a proposal. NULL for blocks stored before seals.
ALTER TABLE ledger_block ADD COLUMN seals BYTEA;
