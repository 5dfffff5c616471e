package org.carechain.cli.ledger;

import com.google.protobuf.ByteString;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TransactionBatch;
import org.carechain.proto.ledger.v1.SubmitBatchRequest;

/**
 * A signed batch of ehr record events as a {@code SubmitBatch} request, for clients of the ledger
 * (the demo, the load drivers). The ledger service maps the other way in its own ProtoMapping,
 * which clients cannot depend on.
 */
public final class SubmitRequests {

    private SubmitRequests() {}

    /** @throws ClassCastException if a transaction of the batch is not a record event */
    public static SubmitBatchRequest recordEvents(TransactionBatch batch) {
        org.carechain.proto.ledger.v1.TransactionBatch.Builder proto = org.carechain.proto.ledger.v1.TransactionBatch.newBuilder()
                .setSubmitterKeyId(batch.submitter().hex())
                .setSignature(ByteString.copyFrom(batch.signature()));
        for (Transaction transaction : batch.transactions()) {
            RecordEvent event = (RecordEvent) transaction.payload();
            proto.addTransactions(org.carechain.proto.ledger.v1.Transaction.newBuilder()
                    .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR)
                    .setIdempotencyKey(transaction.idempotencyKey())
                    .setRecordEvent(org.carechain.proto.ledger.v1.RecordEvent.newBuilder()
                            .setProvider(event.provider())
                            .setResourceType(event.resourceType())
                            .setRecordRef(ByteString.copyFrom(event.recordRef().toByteArray()))
                            .setPatientRef(ByteString.copyFrom(event.patientRef().toByteArray()))
                            .setOpValue(event.op().ordinal() + 1)
                            .setContentHash(ByteString.copyFrom(event.contentHash().toByteArray()))
                            .setItemMask(ByteString.copyFrom(event.itemMask()))
                            .setSecurityLabelValue(event.securityLabel().ordinal() + 1)
                            .setSourcePosition(event.sourcePosition())
                            .setCommittedAtMillis(event.committedAtMillis())));
        }
        return SubmitBatchRequest.newBuilder().setBatch(proto).build();
    }
}
