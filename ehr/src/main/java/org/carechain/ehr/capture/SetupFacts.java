package org.carechain.ehr.capture;

/**
 * What {@link CaptureSetup} reads from the server, so that judging it is a pure function.
 *
 * @param replicaIdentity {@code pg_class.relreplident} of the table: {@code f} is FULL; 0 when
 *     the table is missing
 * @param publishesAll whether the publication publishes insert, update, delete and truncate
 * @param slotPlugin the slot's output plugin, or null when there is no slot (or a physical one)
 * @param slotDatabase the slot's database, or null
 */
public record SetupFacts(
    String database,
    String walLevel,
    boolean mayReplicate,
    int maxReplicationSlots,
    int usedReplicationSlots,
    int maxWalSenders,
    int usedWalSenders,
    boolean tableExists,
    char replicaIdentity,
    boolean publicationExists,
    boolean publicationCoversTable,
    boolean publishesAll,
    boolean slotExists,
    String slotPlugin,
    String slotDatabase) {}
