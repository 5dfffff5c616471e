package org.carechain.ledger.node;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.carechain.consensus.ConsensusMessage;
import org.carechain.ledger.core.chain.Channel;

/** Carries this validator's consensus messages to the other validators of a channel. */
public interface PeerNetwork {

    /** Sends to every other validator; delivery is best effort, the protocol tolerates loss. */
    void broadcast(Channel channel, ConsensusMessage message);

    /**
     * Passes a client's accepted batch on to the other validators, so it waits in every mempool
     * and the next proposer, whoever it is, can include it. Best effort, like consensus messages.
     */
    default void forwardBatch(org.carechain.proto.ledger.v1.SubmitBatchRequest request) {}

    /**
     * Asks peers for committed blocks from {@code fromHeight} on, {@code preferred} first (a peer
     * seen ahead), then the others, until one answers with at least one block. Completes with an
     * empty list when no peer has any; never fails. The caller verifies every block.
     */
    default CompletableFuture<List<CertifiedBlock>> fetchCommitted(String preferred, Channel channel, long fromHeight,
            int maxBlocks) {
        return CompletableFuture.completedFuture(List.of());
    }

    /** For a channel whose only validator is this node. */
    PeerNetwork NONE = (channel, message) -> { };
}
