package org.carechain.ledger.core.significance;

/** What a record event did to its record at the source. */
public enum Operation {
  CREATE,
  UPDATE,
  DELETE
}
