package org.carechain.cli;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.carechain.cli.cluster.CareChainService;
import org.carechain.cli.cluster.LocalCluster;
import org.carechain.proto.ledger.v1.Channel;
import org.carechain.proto.ledger.v1.GetBlockRequest;
import org.carechain.proto.ledger.v1.GetTreeHeadRequest;
import org.carechain.proto.ledger.v1.LedgerServiceGrpc;

/** Reads the {@code ehr} chain of each validator of a running cluster, for tests. */
final class LedgerProbe implements AutoCloseable {

    private final LocalCluster cluster;
    private final Map<CareChainService, ManagedChannel> channels = new EnumMap<>(CareChainService.class);

    LedgerProbe(LocalCluster cluster) {
        this.cluster = cluster;
    }

    /** The validator's committed height, or 0 if it has none or does not answer. */
    long height(CareChainService validator) {
        try {
            return stub(validator).getTreeHead(GetTreeHeadRequest.newBuilder().setChannel(Channel.CHANNEL_EHR).build())
                    .getTreeHead().getHeight();
        } catch (StatusRuntimeException e) {
            return 0;
        }
    }

    String blockHash(CareChainService validator, long height) {
        return HexFormat.of().formatHex(stub(validator)
                .getBlock(GetBlockRequest.newBuilder().setChannel(Channel.CHANNEL_EHR).setHeight(height).build())
                .getBlock().getCommit().getBlockHash().toByteArray());
    }

    /** Waits until the condition holds; false if it did not within the timeout. */
    static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(250);
        }
        return condition.getAsBoolean();
    }

    private LedgerServiceGrpc.LedgerServiceBlockingStub stub(CareChainService validator) {
        ManagedChannel channel = channels.computeIfAbsent(validator,
                v -> ManagedChannelBuilder.forTarget(cluster.service(v).grpcTarget()).usePlaintext().build());
        return LedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    /** Forgets the connection to a validator that was restarted on the same port. */
    void reconnect(CareChainService validator) {
        ManagedChannel channel = channels.remove(validator);
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
