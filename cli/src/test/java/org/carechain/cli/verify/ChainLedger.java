package org.carechain.cli.verify;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.UnaryOperator;
import org.carechain.consensus.CommitCertificate;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.ConsistencyProof;
import org.carechain.ledger.core.chain.BlockHeader;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.ledger.core.testing.TestChain;
import org.carechain.ledger.core.verify.CertifiedHeader;
import org.carechain.ledger.core.verify.TransactionProof;
import org.carechain.proto.ledger.v1.Block;
import org.carechain.proto.ledger.v1.GetBlockRequest;
import org.carechain.proto.ledger.v1.GetBlockResponse;
import org.carechain.proto.ledger.v1.GetConsistencyProofRequest;
import org.carechain.proto.ledger.v1.GetConsistencyProofResponse;
import org.carechain.proto.ledger.v1.GetTransactionRequest;
import org.carechain.proto.ledger.v1.GetTransactionResponse;
import org.carechain.proto.ledger.v1.LedgerServiceGrpc;
import org.carechain.proto.ledger.v1.ValidatorSignature;

/**
 * A ledger on a loopback port that serves a {@link TestChain} the way the ledger service would,
 * passing each response through a forgery first (the identity for an honest ledger).
 */
final class ChainLedger extends LedgerServiceGrpc.LedgerServiceImplBase implements AutoCloseable {

    private final TestChain chain;
    private final Server server;
    volatile UnaryOperator<GetTransactionResponse> transactionForgery = UnaryOperator.identity();
    volatile UnaryOperator<Block> blockForgery = UnaryOperator.identity();

    ChainLedger(TestChain chain) throws IOException {
        this.chain = chain;
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(this).build().start();
    }

    String target() {
        return "127.0.0.1:" + server.getPort();
    }

    @Override
    public void getTransaction(GetTransactionRequest request, StreamObserver<GetTransactionResponse> response) {
        Hash asked = request.getTransactionHash().isEmpty() ? null : Hash.of(request.getTransactionHash().toByteArray());
        for (Transaction transaction : chain.transactions()) {
            if (transaction.hash().equals(asked) || transaction.idempotencyKey().equals(request.getIdempotencyKey())) {
                response.onNext(transactionForgery.apply(transactionResponse(chain.proofOf(transaction))));
                response.onCompleted();
                return;
            }
        }
        response.onError(Status.NOT_FOUND.withDescription("no such transaction").asRuntimeException());
    }

    @Override
    public void getBlock(GetBlockRequest request, StreamObserver<GetBlockResponse> response) {
        if (request.getHeight() < 1 || request.getHeight() > chain.height()) {
            response.onError(Status.NOT_FOUND.withDescription("no block at that height").asRuntimeException());
            return;
        }
        CertifiedHeader block = chain.certified(request.getHeight());
        response.onNext(GetBlockResponse.newBuilder().setBlock(blockForgery.apply(Block.newBuilder()
                .setHeader(header(block.header())).setCommit(certificate(block.certificate())).build())).build());
        response.onCompleted();
    }

    @Override
    public void getConsistencyProof(GetConsistencyProofRequest request,
            StreamObserver<GetConsistencyProofResponse> response) {
        ConsistencyProof proof = chain.logConsistencyProof(request.getFirstSize(), request.getSecondSize());
        response.onNext(GetConsistencyProofResponse.newBuilder().addAllProof(bytes(proof.path())).build());
        response.onCompleted();
    }

    static GetTransactionResponse transactionResponse(TransactionProof proof) {
        return GetTransactionResponse.newBuilder()
                .setTransaction(transaction(proof.transaction()))
                .setHeight(proof.height())
                .setLeafIndex(proof.inclusion().leafIndex())
                .setTreeSize(proof.inclusion().treeSize())
                .addAllAuditPath(bytes(proof.inclusion().path()))
                .setHeader(header(proof.block().header()))
                .setCommit(certificate(proof.block().certificate()))
                .build();
    }

    static org.carechain.proto.ledger.v1.BlockHeader header(BlockHeader header) {
        return org.carechain.proto.ledger.v1.BlockHeader.newBuilder()
                .setChannel(ResponseMapping.channel(header.channel()))
                .setHeight(header.height())
                .setPreviousBlockHash(bytes(header.previousHash()))
                .setTimestampMillis(header.timestampMillis())
                .setProposer(header.proposer())
                .setTransactionsRoot(bytes(header.transactionsRoot()))
                .setSignificanceRoot(bytes(header.significanceRoot()))
                .setLogSize(header.log().size())
                .setLogRoot(bytes(header.log().root()))
                .build();
    }

    static org.carechain.proto.ledger.v1.CommitCertificate certificate(CommitCertificate certificate) {
        org.carechain.proto.ledger.v1.CommitCertificate.Builder proto = org.carechain.proto.ledger.v1.CommitCertificate
                .newBuilder().setHeight(certificate.height()).setRound(certificate.round())
                .setBlockHash(bytes(certificate.blockId()));
        certificate.signatures().forEach(s -> proto.addSignatures(ValidatorSignature.newBuilder()
                .setValidator(s.validator()).setSignature(ByteString.copyFrom(s.signature().toByteArray()))));
        return proto.build();
    }

    private static org.carechain.proto.ledger.v1.Transaction transaction(Transaction transaction) {
        org.carechain.proto.ledger.v1.Transaction.Builder proto = org.carechain.proto.ledger.v1.Transaction.newBuilder()
                .setChannel(ResponseMapping.channel(transaction.channel()))
                .setIdempotencyKey(transaction.idempotencyKey());
        if (transaction.payload() instanceof RecordEvent event) {
            proto.setRecordEvent(org.carechain.proto.ledger.v1.RecordEvent.newBuilder()
                    .setProvider(event.provider())
                    .setResourceType(event.resourceType())
                    .setRecordRef(bytes(event.recordRef()))
                    .setPatientRef(bytes(event.patientRef()))
                    .setOpValue(event.op().ordinal() + 1)
                    .setContentHash(bytes(event.contentHash()))
                    .setItemMask(ByteString.copyFrom(event.itemMask()))
                    .setSecurityLabelValue(event.securityLabel().ordinal() + 1)
                    .setSourcePosition(event.sourcePosition())
                    .setCommittedAtMillis(event.committedAtMillis()));
        } else if (transaction.payload() instanceof TypedPayload typed) {
            proto.setTyped(org.carechain.proto.ledger.v1.TypedPayload.newBuilder()
                    .setTypeUrl(typed.typeUrl()).setValue(ByteString.copyFrom(typed.value())));
        }
        return proto.build();
    }

    static ByteString bytes(Hash hash) {
        return ByteString.copyFrom(hash.toByteArray());
    }

    private static List<ByteString> bytes(List<Hash> hashes) {
        return hashes.stream().map(ChainLedger::bytes).toList();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
