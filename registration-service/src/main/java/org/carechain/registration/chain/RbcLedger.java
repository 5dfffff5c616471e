package org.carechain.registration.chain;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
import org.carechain.proto.registration.v1.RegistrationRecord;
import org.carechain.registration.RegistrationException;
import org.carechain.registration.identity.Rid;
import org.carechain.registration.keys.RegistrationConfig;
import org.jboss.logging.Logger;

/**
 * Writes registration record versions to the {@code rbc} channel: one transaction per version,
 * signed as a one-transaction batch with the service's submitter key and sent with
 * {@code SubmitBatch}. A version is recorded once the ledger answers ACCEPTED, or DUPLICATE
 * (the same idempotency key was accepted before, e.g. by an earlier attempt whose answer was lost).
 */
@ApplicationScoped
public class RbcLedger {

    /** The type URL of the transactions' payload. */
    public static final String TYPE_URL = "type.carechain.org/" + RegistrationRecord.getDescriptor().getFullName();

    private static final Logger LOG = Logger.getLogger(RbcLedger.class);

    @GrpcClient("ledger")
    MutinyLedgerServiceGrpc.MutinyLedgerServiceStub ledger;

    @Inject
    RegistrationConfig config;

    /** {@code rbc/<rid hex>/<version>}: unique per record version, the same for every retry of it. */
    public static String idempotencyKey(Rid rid, int version) {
        return "rbc/" + rid.hex() + "/" + version;
    }

    /** The ledger transaction that carries one record version. */
    public static Transaction transaction(RegistrationRecord record) {
        Rid rid = Rid.of(record.getRid().toByteArray());
        return new Transaction(Channel.RBC, idempotencyKey(rid, record.getVersion()),
                new TypedPayload(TYPE_URL, record.toByteArray()));
    }

    /**
     * Submits the record version and completes with the transaction's hash once the ledger accepted it.
     * Fails with a {@link RegistrationException} (503) if the ledger cannot be reached or refuses it.
     */
    public Uni<Hash> record(RegistrationRecord record, Ed25519PrivateKey submitterKey) {
        Transaction transaction = transaction(record);
        TransactionBatch batch = TransactionBatch.sign(List.of(transaction), submitterKey);
        SubmitBatchRequest request = SubmitBatchRequest.newBuilder()
                .setBatch(org.carechain.proto.ledger.v1.TransactionBatch.newBuilder()
                        .addTransactions(org.carechain.proto.ledger.v1.Transaction.newBuilder()
                                .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_RBC)
                                .setIdempotencyKey(transaction.idempotencyKey())
                                .setTyped(org.carechain.proto.ledger.v1.TypedPayload.newBuilder()
                                        .setTypeUrl(TYPE_URL)
                                        .setValue(record.toByteString())))
                        .setSubmitterKeyId(batch.submitter().hex())
                        .setSignature(ByteString.copyFrom(batch.signature())))
                .build();
        Context caller = Vertx.currentContext();
        Uni<Hash> accepted = ledger.withDeadlineAfter(config.ledgerTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .submitBatch(request)
                .onFailure(StatusRuntimeException.class).transform(failure -> unavailable(transaction, (StatusRuntimeException) failure))
                .map(response -> acceptedHash(transaction, response.getReceiptsList()));
        // The gRPC answer arrives on a gRPC thread; the caller's database transaction continues on its own context.
        return caller == null ? accepted : accepted.emitOn(command -> caller.runOnContext(ignored -> command.run()));
    }

    private static Hash acceptedHash(Transaction transaction, List<TransactionReceipt> receipts) {
        TransactionReceipt receipt = receipts.size() == 1 ? receipts.get(0) : null;
        if (receipt != null && (receipt.getStatus() == SubmitStatus.SUBMIT_STATUS_ACCEPTED
                || receipt.getStatus() == SubmitStatus.SUBMIT_STATUS_DUPLICATE)) {
            return transaction.hash();
        }
        LOG.errorf("the ledger did not accept rbc transaction %s: %s", transaction.idempotencyKey(),
                receipt == null ? "no receipt" : receipt.getStatus());
        throw RegistrationException.ledgerUnavailable("the ledger refused the registration record; nothing was changed");
    }

    private static RegistrationException unavailable(Transaction transaction, StatusRuntimeException failure) {
        return switch (failure.getStatus().getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, RESOURCE_EXHAUSTED -> {
                LOG.warnf("ledger unreachable for rbc transaction %s: %s", transaction.idempotencyKey(),
                        failure.getStatus().getCode());
                yield RegistrationException.ledgerUnavailable(
                        "the ledger is unreachable; nothing was changed, try again later");
            }
            default -> {
                // A refusal at this point is a configuration fault: the submitter key or the rbc channel.
                LOG.errorf("the ledger refused rbc transaction %s with %s", transaction.idempotencyKey(),
                        failure.getStatus().getCode());
                yield RegistrationException.ledgerUnavailable(
                        "the ledger refused the registration record (" + failure.getStatus().getCode()
                                + "); nothing was changed");
            }
        };
    }
}
