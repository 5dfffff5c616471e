package org.carechain.ledger.capture;

import java.util.Optional;
import org.carechain.ledger.core.chain.RecordEvent.Operation;

/**
 * What capture submits for a change whose operation does not fit what the chain knows of the
 * record. This only happens when changes escaped capture (the slot was dropped, or rows existed
 * before capture started): the chain's lifecycle rules would reject the event, and capture would
 * stall on it. Capture keeps the chain following the database instead, and the audit reports the
 * history the chain missed (its version count falls short of the row's version).
 */
enum CaptureReconciliation {
    /** The operation fits: submit it as read. */
    AS_READ,
    /** An UPDATE of a record the chain does not hold live: submit a CREATE of its current content. */
    UPDATE_AS_CREATE,
    /** A CREATE of a record the chain holds live: submit an UPDATE. */
    CREATE_AS_UPDATE,
    /** A DELETE of a record the chain does not hold live: nothing to record. */
    SKIP_DELETE;

    /** The reconciliation for an operation, given whether the chain (with events in flight) holds the record live. */
    static CaptureReconciliation of(Operation operation, boolean live) {
        return switch (operation) {
            case CREATE -> live ? CREATE_AS_UPDATE : AS_READ;
            case UPDATE -> live ? AS_READ : UPDATE_AS_CREATE;
            case DELETE -> live ? AS_READ : SKIP_DELETE;
        };
    }

    /** The operation to submit; empty to submit nothing. */
    Optional<Operation> submitted(Operation read) {
        return switch (this) {
            case AS_READ -> Optional.of(read);
            case UPDATE_AS_CREATE -> Optional.of(Operation.CREATE);
            case CREATE_AS_UPDATE -> Optional.of(Operation.UPDATE);
            case SKIP_DELETE -> Optional.empty();
        };
    }
}
