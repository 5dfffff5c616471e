package org.carechain.ledger.interop;

import org.carechain.service.error.ApiException;

import com.google.protobuf.ByteString;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ledger.api.grpc.BatchSubmission;
import org.carechain.ledger.api.grpc.ProtoMapping;
import org.carechain.ledger.capture.CaptureConfig;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TransactionBatch;
import org.carechain.ledger.node.ChannelRuntime;
import org.carechain.ledger.node.LedgerChannels;
import org.carechain.ledger.node.LedgerConfig;
import org.carechain.ledger.node.LedgerNodes;
import org.carechain.proto.ledger.v1.SubmitBatchRequest;
import org.carechain.proto.ledger.v1.SubmitStatus;
import org.carechain.proto.ledger.v1.TransactionReceipt;

/**
 * This node as its provider's gateway: which provider it speaks for, its ehr channel, and the
 * submission of its own consent and access transactions, signed with the provider's submitter key
 * (the one change capture uses).
 */
@ApplicationScoped
public class InteropNode {

    @Inject
    CaptureConfig capture;

    @Inject
    LedgerConfig ledger;

    @Inject
    LedgerChannels channels;

    @Inject
    BatchSubmission submission;

    private volatile Ed25519PrivateKey submitter;

    /** Where a submitted transaction is: committed at a height, or admitted and waiting (height 0). */
    public record Submitted(Hash transactionHash, long height) {
        public boolean committed() {
            return height > 0;
        }
    }

    /** The provider this node speaks for. @throws InteropException 503 if it speaks for none */
    public String provider() {
        if (!capture.enabled()) {
            throw ApiException.unavailable("this ledger node is not a provider's gateway (change capture is off)");
        }
        return capture.provider().or(ledger::nodeId).orElseThrow(
                () -> ApiException.unavailable("this ledger node has no provider id"));
    }

    /** The ehr channel. @throws InteropException 404 if this node does not host it */
    public ChannelRuntime ehr() {
        return channels.channel(Channel.EHR)
                .orElseThrow(() -> ApiException.notFound("this node does not host the ehr channel"));
    }

    /**
     * Submits one transaction to the ehr channel and waits up to {@code wait} for its block.
     *
     * @return the transaction's hash and height; height 0 if it was admitted but not committed in time
     * @throws InteropException 503 (in the Uni) if the ledger refuses it
     */
    public Uni<Submitted> submit(Transaction transaction, Duration wait) {
        return org.carechain.service.CallerContext.resume(admit(transaction).flatMap(hash -> awaitCommit(hash, System.nanoTime() + wait.toNanos())));
    }

    /**
     * Submits one transaction to the ehr channel: it is in this node's mempool (and forwarded to the
     * other validators) when the Uni completes, and committed in a coming block.
     */
    public Uni<Hash> admit(Transaction transaction) {
        return org.carechain.service.CallerContext.resume(admitHere(transaction));
    }

    private Uni<Hash> admitHere(Transaction transaction) {
        TransactionBatch batch = TransactionBatch.sign(List.of(transaction), key());
        org.carechain.proto.ledger.v1.TransactionBatch proto = org.carechain.proto.ledger.v1.TransactionBatch.newBuilder()
                .setSubmitterKeyId(batch.submitter().hex())
                .setSignature(ByteString.copyFrom(batch.signature()))
                .addTransactions(ProtoMapping.transaction(transaction))
                .build();
        return submission.submit(SubmitBatchRequest.newBuilder().setBatch(proto).build()).map(response -> {
            TransactionReceipt receipt = response.getReceipts(0);
            if (receipt.getStatus() != SubmitStatus.SUBMIT_STATUS_ACCEPTED
                    && receipt.getStatus() != SubmitStatus.SUBMIT_STATUS_DUPLICATE) {
                throw ApiException.unavailable("the ledger did not take the transaction: " + receipt.getReason());
            }
            return transaction.hash();
        });
    }

    private Uni<Submitted> awaitCommit(Hash hash, long deadline) {
        ChannelRuntime ehr = ehr();
        long seen = ehr.commits().height();
        return ehr.blocks().transaction(Channel.EHR, hash).flatMap(found -> {
            if (found.isPresent()) {
                return Uni.createFrom().item(new Submitted(hash, found.get().height()));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Uni.createFrom().item(new Submitted(hash, 0));
            }
            return ehr.commits().awaitHeight(seen + 1)
                    .ifNoItem().after(Duration.ofNanos(left)).recoverWithItem(seen)
                    .flatMap(ignored -> awaitCommit(hash, deadline));
        });
    }

    private Ed25519PrivateKey key() {
        Ed25519PrivateKey known = submitter;
        if (known == null) {
            provider();
            Optional<java.nio.file.Path> file = capture.submitterKeyFile();
            known = LedgerNodes.readKey(file.orElseThrow(
                    () -> ApiException.unavailable("this node has no submitter key")), "capture submitter key");
            submitter = known;
        }
        return known;
    }
}
