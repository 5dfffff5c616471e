package org.carechain.service.ledger;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TransactionBatch;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.proto.ledger.v1.MutinyLedgerServiceGrpc;
import org.carechain.proto.ledger.v1.SubmitBatchRequest;
import org.carechain.proto.ledger.v1.SubmitStatus;
import org.carechain.proto.ledger.v1.TransactionReceipt;
import org.carechain.service.error.ApiException;
import org.jboss.logging.Logger;

/**
 * How a service writes its records to a ledger channel: the transactions go as one batch, signed
 * with the service's submitter key (listed in the channel's genesis), through {@code SubmitBatch}
 * to the ledger client named {@code ledger}. The batch is recorded once the ledger answers
 * ACCEPTED or DUPLICATE for every transaction (DUPLICATE: the same idempotency key was accepted
 * before, e.g. by an earlier attempt whose answer was lost).
 */
@ApplicationScoped
public class LedgerSubmitter {

    private static final Logger LOG = Logger.getLogger(LedgerSubmitter.class);

    /** How long a coalesced transaction waits for others to share its batch. */
    static final long COALESCE_MILLIS = 2;
    /** Most transactions in one coalesced batch. */
    static final int MAX_COALESCED = 256;

    @GrpcClient("ledger")
    MutinyLedgerServiceGrpc.MutinyLedgerServiceStub ledger;

    @jakarta.inject.Inject
    Vertx vertx;

    private final java.util.Queue<Pending> pending = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean flushScheduled = new java.util.concurrent.atomic.AtomicBoolean();

    private record Pending(Transaction transaction, Ed25519PrivateKey key, Duration timeout,
            java.util.concurrent.CompletableFuture<Hash> result) {}

    /** The ledger did not take the records: unreachable, or it refused them. Nothing was recorded. */
    public static final class LedgerUnavailableException extends ApiException {
        public LedgerUnavailableException(String message) {
            super(503, Status.Code.UNAVAILABLE, message);
        }
    }

    /** The type URL the ledger files a protobuf message under. */
    public static String typeUrl(com.google.protobuf.Descriptors.Descriptor message) {
        return "type.carechain.org/" + message.getFullName();
    }

    /** A transaction carrying a service-defined protobuf record. */
    public static Transaction transaction(Channel channel, String idempotencyKey, com.google.protobuf.Message record) {
        return new Transaction(channel, idempotencyKey, new TypedPayload(typeUrl(record.getDescriptorForType()),
                record.toByteArray()));
    }

    /** A typed transaction read from the ledger (a block, a stream), as the ledger-core value it hashes. */
    public static Transaction fromProto(org.carechain.proto.ledger.v1.Transaction proto) {
        if (!proto.hasTyped()) {
            throw new IllegalArgumentException("not a typed transaction");
        }
        return new Transaction(Channel.valueOf(proto.getChannel().name().substring("CHANNEL_".length())),
                proto.getIdempotencyKey(), new TypedPayload(proto.getTyped().getTypeUrl(),
                        proto.getTyped().getValue().toByteArray()));
    }

    /**
     * Submits the transactions as one signed batch and completes with their hashes, in order, once
     * the ledger took all of them. Fails with {@link LedgerUnavailableException} (503) otherwise.
     * The answer is delivered on the caller's Vert.x context, so a database transaction the caller
     * holds continues where it began.
     */
    public Uni<List<Hash>> submit(List<Transaction> transactions, Ed25519PrivateKey submitterKey, Duration timeout) {
        String what = transactions.size() == 1 ? transactions.get(0).idempotencyKey()
                : transactions.size() + " transactions from " + transactions.get(0).idempotencyKey();
        return org.carechain.service.CallerContext.resume(ledger.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .submitBatch(request(transactions, submitterKey))
                .onFailure(StatusRuntimeException.class)
                .transform(failure -> unavailable(what, (StatusRuntimeException) failure))
                .map(response -> acceptedHashes(what, transactions, response.getReceiptsList())));
    }

    /**
     * Submits one transaction in a batch it shares with the others submitted within
     * {@value #COALESCE_MILLIS} ms with the same key (up to {@value #MAX_COALESCED}): one signature and
     * one round trip for many callers under load. Completes with its hash once the ledger took it;
     * each transaction gets its own answer (one refused transaction does not fail the others).
     */
    public Uni<Hash> submitCoalesced(Transaction transaction, Ed25519PrivateKey submitterKey, Duration timeout) {
        java.util.concurrent.CompletableFuture<Hash> result = new java.util.concurrent.CompletableFuture<>();
        pending.add(new Pending(transaction, submitterKey, timeout, result));
        if (flushScheduled.compareAndSet(false, true)) {
            vertx.setTimer(COALESCE_MILLIS, id -> flush());
        }
        return org.carechain.service.CallerContext.resume(Uni.createFrom().completionStage(result));
    }

    private void flush() {
        flushScheduled.set(false);
        java.util.Map<Ed25519PrivateKey, List<Pending>> byKey = new java.util.LinkedHashMap<>();
        Pending next;
        int taken = 0;
        while (taken < MAX_COALESCED && (next = pending.poll()) != null) {
            byKey.computeIfAbsent(next.key(), key -> new ArrayList<>()).add(next);
            taken++;
        }
        if (!pending.isEmpty() && flushScheduled.compareAndSet(false, true)) {
            vertx.runOnContext(ignored -> flush());
        }
        byKey.forEach((key, group) -> {
            List<Transaction> transactions = group.stream().map(Pending::transaction).toList();
            Duration timeout = group.stream().map(Pending::timeout).max(Duration::compareTo).orElseThrow();
            String what = transactions.size() + " coalesced transactions from " + transactions.get(0).idempotencyKey();
            ledger.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .submitBatch(request(transactions, key))
                    .subscribe().with(response -> {
                        List<TransactionReceipt> receipts = response.getReceiptsList();
                        for (int i = 0; i < group.size(); i++) {
                            Pending one = group.get(i);
                            SubmitStatus status = i < receipts.size() ? receipts.get(i).getStatus() : SubmitStatus.UNRECOGNIZED;
                            if (status == SubmitStatus.SUBMIT_STATUS_ACCEPTED || status == SubmitStatus.SUBMIT_STATUS_DUPLICATE) {
                                one.result().complete(one.transaction().hash());
                            } else {
                                LOG.errorf("the ledger did not accept %s: %s", one.transaction().idempotencyKey(), status);
                                one.result().completeExceptionally(
                                        new LedgerUnavailableException("the ledger refused the record; nothing was changed"));
                            }
                        }
                    }, failure -> {
                        RuntimeException mapped = failure instanceof StatusRuntimeException status
                                ? unavailable(what, status)
                                : new LedgerUnavailableException("the ledger is unreachable; nothing was changed, try again later");
                        group.forEach(one -> one.result().completeExceptionally(mapped));
                    });
        });
    }

    /** The transactions as one batch signed with the submitter key, ready for {@code SubmitBatch}. */
    private static SubmitBatchRequest request(List<Transaction> transactions, Ed25519PrivateKey submitterKey) {
        TransactionBatch batch = TransactionBatch.sign(transactions, submitterKey);
        org.carechain.proto.ledger.v1.TransactionBatch.Builder proto = org.carechain.proto.ledger.v1.TransactionBatch
                .newBuilder()
                .setSubmitterKeyId(batch.submitter().hex())
                .setSignature(ByteString.copyFrom(batch.signature()));
        transactions.forEach(transaction -> proto.addTransactions(toProto(transaction)));
        return SubmitBatchRequest.newBuilder().setBatch(proto).build();
    }

    private static org.carechain.proto.ledger.v1.Transaction toProto(Transaction transaction) {
        if (!(transaction.payload() instanceof TypedPayload typed)) {
            throw new IllegalArgumentException("services submit typed payloads only");
        }
        return org.carechain.proto.ledger.v1.Transaction.newBuilder()
                .setChannel(org.carechain.proto.ledger.v1.Channel.valueOf("CHANNEL_" + transaction.channel().name()))
                .setIdempotencyKey(transaction.idempotencyKey())
                .setTyped(org.carechain.proto.ledger.v1.TypedPayload.newBuilder()
                        .setTypeUrl(typed.typeUrl())
                        .setValue(ByteString.copyFrom(typed.value())))
                .build();
    }

    private static List<Hash> acceptedHashes(String what, List<Transaction> transactions, List<TransactionReceipt> receipts) {
        if (receipts.size() != transactions.size()) {
            LOG.errorf("the ledger answered %d receipts for %s", receipts.size(), what);
            throw new LedgerUnavailableException("the ledger refused the records; nothing was changed");
        }
        List<Hash> hashes = new ArrayList<>(transactions.size());
        for (int i = 0; i < receipts.size(); i++) {
            SubmitStatus status = receipts.get(i).getStatus();
            if (status != SubmitStatus.SUBMIT_STATUS_ACCEPTED && status != SubmitStatus.SUBMIT_STATUS_DUPLICATE) {
                LOG.errorf("the ledger did not accept %s: %s (%s)", transactions.get(i).idempotencyKey(), status,
                        receipts.get(i).getReason());
                throw new LedgerUnavailableException("the ledger refused the records; nothing was changed");
            }
            hashes.add(transactions.get(i).hash());
        }
        return hashes;
    }

    private static LedgerUnavailableException unavailable(String what, StatusRuntimeException failure) {
        return switch (failure.getStatus().getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, RESOURCE_EXHAUSTED -> {
                LOG.warnf("ledger unreachable for %s: %s", what, failure.getStatus().getCode());
                yield new LedgerUnavailableException("the ledger is unreachable; nothing was changed, try again later");
            }
            default -> {
                // A refusal at this point is a configuration fault: the submitter key or the channel.
                LOG.errorf("the ledger refused %s with %s", what, failure.getStatus().getCode());
                yield new LedgerUnavailableException("the ledger refused the records (" + failure.getStatus().getCode()
                        + "); nothing was changed");
            }
        };
    }
}
