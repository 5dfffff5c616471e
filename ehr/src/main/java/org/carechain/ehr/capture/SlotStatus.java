package org.carechain.ehr.capture;

/**
 * A replication slot as operators see it.
 *
 * @param active whether a client is streaming from it now
 * @param confirmedFlushLsn the position up to which the client has confirmed, e.g. {@code 0/16B3748}
 * @param lagBytes WAL written since that position: what capture has not yet confirmed
 * @param retainedBytes WAL the server keeps for the slot (from its restart position)
 */
public record SlotStatus(String slotName, boolean active, String confirmedFlushLsn, long lagBytes, long retainedBytes) {}
