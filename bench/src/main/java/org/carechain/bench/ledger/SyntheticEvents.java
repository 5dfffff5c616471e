package org.carechain.bench.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.carechain.cli.ledger.SubmitRequests;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TransactionBatch;
import org.carechain.proto.ledger.v1.SubmitBatchRequest;

/**
 * Signed batches of synthetic record events for the ehr channel. Every reference is 32 random
 * bytes (a made-up pseudonym), never health data; providers cycle through a small fixed set so the
 * significance state has a realistic number of groups. Idempotency keys are
 * {@code <run>/<batch>/<index>}, so the chain tells which batch each committed transaction came from.
 */
final class SyntheticEvents {

    static final int PROVIDERS = 16;

    private final Ed25519PrivateKey submitter;
    private final String run;

    SyntheticEvents(Ed25519PrivateKey submitter, String run) {
        this.submitter = submitter;
        this.run = run;
    }

    String run() {
        return run;
    }

    /** One signed batch as the SubmitBatch request that carries it. */
    SubmitBatchRequest batch(long batchNumber, int size, SplittableRandom random) {
        long now = System.currentTimeMillis();
        List<Transaction> transactions = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            String key = run + "/" + batchNumber + "/" + i;
            transactions.add(new Transaction(Channel.EHR, key, new RecordEvent(
                    "bench-provider-" + random.nextInt(PROVIDERS), "Observation",
                    randomHash(random), randomHash(random), RecordEvent.Operation.CREATE, randomHash(random),
                    new byte[] {0b0011}, RecordEvent.SecurityLabel.N, key, now)));
        }
        return SubmitRequests.recordEvents(TransactionBatch.sign(transactions, submitter));
    }

    private static Hash randomHash(SplittableRandom random) {
        byte[] bytes = new byte[Hash.SIZE];
        random.nextBytes(bytes);
        return Hash.of(bytes);
    }
}
