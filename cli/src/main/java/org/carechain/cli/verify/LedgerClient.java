package org.carechain.cli.verify;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.carechain.proto.ledger.v1.Block;
import org.carechain.proto.ledger.v1.Channel;
import org.carechain.proto.ledger.v1.GetBlockRequest;
import org.carechain.proto.ledger.v1.GetConsistencyProofRequest;
import org.carechain.proto.ledger.v1.GetTransactionRequest;
import org.carechain.proto.ledger.v1.GetTransactionResponse;
import org.carechain.proto.ledger.v1.LedgerServiceGrpc;

/**
 * The few ledger calls the verify commands make, over plaintext gRPC. Nothing it returns is
 * trusted; a failed call throws {@link StatusRuntimeException}, which {@link #describe} words.
 */
public final class LedgerClient implements AutoCloseable {

    private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}");
    private static final long DEADLINE_SECONDS = 10;

    private final String target;
    private final ManagedChannel channel;

    private LedgerClient(String target) {
        this.target = target;
        this.channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    }

    /** @throws IllegalArgumentException unless {@code target} looks like host:port */
    public static LedgerClient connect(String target) {
        if (!TARGET.matcher(target).matches()) {
            throw new IllegalArgumentException("--target must be host:port, e.g. 127.0.0.1:8081");
        }
        return new LedgerClient(target);
    }

    public GetTransactionResponse transaction(GetTransactionRequest request) {
        return stub().getTransaction(request);
    }

    public org.carechain.proto.ledger.v1.GetTreeHeadResponse treeHead(org.carechain.proto.ledger.v1.GetTreeHeadRequest request) {
        return stub().getTreeHead(request);
    }

    Block block(Channel ledgerChannel, long height) {
        return stub().getBlock(GetBlockRequest.newBuilder().setChannel(ledgerChannel).setHeight(height).build()).getBlock();
    }

    List<ByteString> consistencyProof(Channel ledgerChannel, long firstSize, long secondSize) {
        return stub().getConsistencyProof(GetConsistencyProofRequest.newBuilder()
                .setChannel(ledgerChannel).setFirstSize(firstSize).setSecondSize(secondSize).build()).getProofList();
    }

    /** A failed call in plain words, for the user. */
    public String describe(StatusRuntimeException failure) {
        String detail = failure.getStatus().getDescription();
        return switch (failure.getStatus().getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED -> "cannot reach the ledger at " + target
                    + (detail == null ? "" : " (" + detail + ")");
            default -> "the ledger at " + target + " answered " + failure.getStatus().getCode()
                    + (detail == null ? "" : ": " + detail);
        };
    }

    /** The significance table at a height (0: the latest). */
    public org.carechain.proto.ledger.v1.GetSignificanceResponse significance(Channel ledgerChannel, long height) {
        return stub().getSignificance(org.carechain.proto.ledger.v1.GetSignificanceRequest.newBuilder()
                .setChannel(ledgerChannel).setHeight(height).build());
    }

    /** A provider's records as the chain last saw them, page by page; the listing may take minutes. */
    public java.util.Iterator<org.carechain.proto.ledger.v1.ListRecordsResponse> records(Channel ledgerChannel,
            String provider) {
        return LedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.MINUTES)
                .listRecords(org.carechain.proto.ledger.v1.ListRecordsRequest.newBuilder()
                        .setChannel(ledgerChannel).setProvider(provider).build());
    }

    private LedgerServiceGrpc.LedgerServiceBlockingStub stub() {
        return LedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
