package org.carechain.ledger.node;

import org.carechain.consensus.ConsensusMessage;
import org.carechain.ledger.core.chain.Channel;

/** Carries this validator's consensus messages to the other validators of a channel. */
public interface PeerNetwork {

    /** Sends to every other validator; delivery is best effort, the protocol tolerates loss. */
    void broadcast(Channel channel, ConsensusMessage message);

    /** For a channel whose only validator is this node. */
    PeerNetwork NONE = (channel, message) -> { };
}
