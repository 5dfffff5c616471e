package org.carechain.ledger.core.significance;

import org.carechain.crypto.Hash;

/** What the engine remembers of a live record: enough to undo its contribution. */
record LiveRecord(Hash patientRef, ItemMask itemMask) {

  GroupKey group(String resourceType) {
    return new GroupKey(patientRef, resourceType);
  }
}
