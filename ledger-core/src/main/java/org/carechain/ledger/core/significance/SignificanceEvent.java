package org.carechain.ledger.core.significance;

/** An input of the significance engine, taken from a committed block. */
public sealed interface SignificanceEvent permits RecordEvent, BlockReward {}
