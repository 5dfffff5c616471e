package org.carechain.ledger.core.significance;

import org.carechain.crypto.Hash;

/** A (patient, resource type) pair: all records that compete for the same items. */
record GroupKey(Hash patientRef, String resourceType) {}
