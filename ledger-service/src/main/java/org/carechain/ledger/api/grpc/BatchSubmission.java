package org.carechain.ledger.api.grpc;

import io.grpc.Status;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.carechain.crypto.sign.Ed25519Verify;
import org.carechain.crypto.sign.KeyId;
import org.carechain.ledger.chain.Mempool;
import org.carechain.ledger.core.chain.BatchSeal;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.SealedTransaction;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TransactionBatch;
import org.carechain.ledger.node.ChannelRuntime;
import org.carechain.ledger.node.LedgerChannels;
import org.carechain.ledger.node.PeerNetwork;
import org.carechain.proto.ledger.v1.SubmitBatchRequest;
import org.carechain.proto.ledger.v1.SubmitBatchResponse;
import org.carechain.proto.ledger.v1.SubmitStatus;
import org.carechain.proto.ledger.v1.TransactionReceipt;

/**
 * Admits a signed batch into the channel's mempool. The order of checks is the order of cost:
 * shape first (INVALID_ARGUMENT, nothing admitted), then who signed (PERMISSION_DENIED for a key
 * the genesis does not list, UNAUTHENTICATED for a signature that does not match), then, per
 * transaction, duplicates already committed or waiting.
 */
@ApplicationScoped
public class BatchSubmission {

    @Inject
    LedgerChannels channels;

    @Inject
    PeerNetwork peers;

    public Uni<SubmitBatchResponse> submit(SubmitBatchRequest request) {
        org.carechain.proto.ledger.v1.TransactionBatch proto = request.getBatch();
        List<Transaction> transactions = decode(proto);
        Channel channel = singleChannel(transactions);
        ChannelRuntime runtime = channels.channel(channel).orElseThrow(() -> Status.FAILED_PRECONDITION
                .withDescription("this node does not host channel " + channel.id()).asRuntimeException());
        KeyId submitter = keyId(proto.getSubmitterKeyId());
        Ed25519Verify key = runtime.submitterKey(submitter).orElseThrow(() -> Status.PERMISSION_DENIED
                .withDescription("key " + submitter.hex() + " may not submit to channel " + channel.id()).asRuntimeException());
        TransactionBatch batch = new TransactionBatch(transactions, submitter, proto.getSignature().toByteArray());
        try {
            batch.verify(key);
        } catch (GeneralSecurityException e) {
            throw Status.UNAUTHENTICATED.withDescription("the batch signature does not match its transactions")
                    .asRuntimeException();
        }
        List<String> keys = transactions.stream().map(Transaction::idempotencyKey).toList();
        return runtime.blocks().committedKeys(channel, keys)
                .map(committed -> receipts(runtime, batch, committed))
                .invoke(admission -> {
                    // A client submitting again what still waits wants it to reach every proposer: a
                    // forward lost in a restart would otherwise leave it in this mempool alone.
                    if (admission.anyWaiting() && !request.getForwarded()) {
                        peers.forwardBatch(request);
                    }
                })
                .map(Admission::response);
    }

    /** The receipts, and whether any transaction of the batch now waits in the mempool (new or not). */
    private record Admission(SubmitBatchResponse response, boolean anyWaiting) {}

    private static Admission receipts(ChannelRuntime runtime, TransactionBatch batch, Set<String> committed) {
        SubmitBatchResponse.Builder response = SubmitBatchResponse.newBuilder();
        boolean anyWaiting = false;
        Set<String> seenInBatch = new HashSet<>();
        BatchSeal.Source source = BatchSeal.Source.of(batch);
        List<Transaction> transactions = batch.transactions();
        List<SealedTransaction> offered = new ArrayList<>();
        List<Integer> offeredAt = new ArrayList<>();
        List<TransactionReceipt.Builder> receipts = new ArrayList<>();
        for (int position = 0; position < transactions.size(); position++) {
            Transaction transaction = transactions.get(position);
            TransactionReceipt.Builder receipt = TransactionReceipt.newBuilder()
                    .setIdempotencyKey(transaction.idempotencyKey())
                    .setTransactionHash(ProtoMapping.bytes(transaction.hash()));
            if (committed.contains(transaction.idempotencyKey()) || !seenInBatch.add(transaction.idempotencyKey())) {
                receipt.setStatus(SubmitStatus.SUBMIT_STATUS_DUPLICATE);
            } else {
                offered.add(new SealedTransaction(transaction, source, position));
                offeredAt.add(position);
            }
            receipts.add(receipt);
        }
        List<Mempool.Outcome> outcomes = runtime.mempool().offerAll(offered);
        for (int i = 0; i < outcomes.size(); i++) {
            TransactionReceipt.Builder receipt = receipts.get(offeredAt.get(i));
            anyWaiting |= outcomes.get(i) != Mempool.Outcome.FULL;
            switch (outcomes.get(i)) {
                case ACCEPTED -> receipt.setStatus(SubmitStatus.SUBMIT_STATUS_ACCEPTED);
                case DUPLICATE -> receipt.setStatus(SubmitStatus.SUBMIT_STATUS_DUPLICATE);
                case FULL -> receipt.setStatus(SubmitStatus.SUBMIT_STATUS_REJECTED)
                        .setReason("the channel's mempool is full; retry later");
            }
        }
        receipts.forEach(response::addReceipts);
        return new Admission(response.build(), anyWaiting);
    }

    private static List<Transaction> decode(org.carechain.proto.ledger.v1.TransactionBatch proto) {
        int count = proto.getTransactionsCount();
        if (count == 0 || count > TransactionBatch.MAX_TRANSACTIONS) {
            throw new IllegalArgumentException("a batch must hold 1 to " + TransactionBatch.MAX_TRANSACTIONS + " transactions");
        }
        List<Transaction> transactions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            try {
                Transaction transaction = ProtoMapping.transaction(proto.getTransactions(i));
                org.carechain.ledger.interop.ConsentCodec.parse(transaction);
                transactions.add(transaction);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("transaction " + i + ": " + e.getMessage(), e);
            }
        }
        return transactions;
    }

    private static Channel singleChannel(List<Transaction> transactions) {
        Channel channel = transactions.get(0).channel();
        for (Transaction transaction : transactions) {
            if (transaction.channel() != channel) {
                throw new IllegalArgumentException("a batch holds transactions of one channel");
            }
        }
        return channel;
    }

    private static KeyId keyId(String value) {
        try {
            return KeyId.of(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("submitter_key_id: " + e.getMessage(), e);
        }
    }

}
