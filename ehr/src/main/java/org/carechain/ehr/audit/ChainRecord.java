package org.carechain.ehr.audit;

import java.util.Objects;
import org.carechain.crypto.Hash;

/**
 * One record as the chain last saw it (the ledger's {@code ListRecords}): pseudonyms and hashes
 * only.
 *
 * @param versions CREATE and UPDATE events since the record's latest CREATE
 * @param transactionHash the latest event, which proves this state
 */
public record ChainRecord(String resourceType, Hash recordRef, boolean live, Hash contentHash, int versions,
        long height, Hash transactionHash) {

    public ChainRecord {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(recordRef, "recordRef");
        Objects.requireNonNull(contentHash, "contentHash");
        Objects.requireNonNull(transactionHash, "transactionHash");
    }
}
