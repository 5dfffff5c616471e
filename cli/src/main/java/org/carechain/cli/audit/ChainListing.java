package org.carechain.cli.audit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.carechain.crypto.Hash;
import org.carechain.ehr.audit.ChainRecord;
import org.carechain.proto.ledger.v1.ListRecordsResponse;
import org.carechain.proto.ledger.v1.RecordState;

/**
 * A provider's records as a validator's {@code ListRecords} stream gave them, the audit's input.
 *
 * @param height the committed height when the listing started
 */
public record ChainListing(long height, List<ChainRecord> records) {

    /** Reads the whole stream. */
    public static ChainListing read(Iterator<ListRecordsResponse> pages) {
        long height = 0;
        List<ChainRecord> records = new ArrayList<>();
        while (pages.hasNext()) {
            ListRecordsResponse page = pages.next();
            height = page.getHeight();
            for (RecordState state : page.getRecordsList()) {
                records.add(new ChainRecord(state.getResourceType(), Hash.of(state.getRecordRef().toByteArray()),
                        state.getLive(), Hash.of(state.getContentHash().toByteArray()), state.getVersions(),
                        state.getHeight(), Hash.of(state.getTransactionHash().toByteArray())));
            }
        }
        return new ChainListing(height, records);
    }
}
