package org.carechain.ledger.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.carechain.consensus.CommitCertificate;
import org.carechain.consensus.Ed25519MessageSigner;
import org.carechain.consensus.SigningPayloads;
import org.carechain.consensus.Vote;
import org.carechain.consensus.VoteType;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.chain.Block;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.node.ChannelRuntime;

/**
 * Commits blocks on a channel of {@link TestConsortium} without running consensus: each block is
 * built as a proposer would, and certified by the precommits of three of the four validators.
 */
public final class TestChain {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TestChain() {}

    /** Builds, certifies and commits the next block holding {@code transactions}. */
    public static Block commit(ChannelRuntime runtime, List<Transaction> transactions) {
        long height = runtime.chainState().nextHeight();
        Block block = runtime.chainState().propose(height, 0, TestConsortium.validatorId(0), transactions,
                runtime.log()::treeHeadAfter, Instant.now().toEpochMilli());
        if (block.transactions().size() != transactions.size()) {
            throw new IllegalArgumentException("a transaction does not apply to the committed state");
        }
        runtime.commit(block, certificate(runtime.channel(), height, block.hash()), Instant.now()).await().atMost(TIMEOUT);
        return block;
    }

    public static CommitCertificate certificate(Channel channel, long height, Hash blockId) {
        SigningPayloads payloads = SigningPayloads.of(TestConsortium.CHAIN_ID, channel.id());
        List<Vote> precommits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] payload = payloads.vote(height, 0, VoteType.PRECOMMIT, blockId, TestConsortium.validatorId(i));
            precommits.add(new Vote(VoteType.PRECOMMIT, height, 0, blockId, TestConsortium.validatorId(i),
                    Ed25519MessageSigner.create(TestConsortium.VALIDATORS.get(i)).sign(payload)));
        }
        return CommitCertificate.of(precommits);
    }

    /** A CREATE of an Observation that fills both important items. */
    public static Transaction recordEvent(String key, String provider, Hash patientRef) {
        return new Transaction(Channel.EHR, key, new RecordEvent(provider, "Observation",
                Hash.sha256(key.getBytes()), patientRef, RecordEvent.Operation.CREATE,
                Hash.sha256(new byte[] {3}), new byte[] {0b11}, RecordEvent.SecurityLabel.N, "0/1", 1L));
    }

    public static String unique(String prefix) {
        return prefix + "-" + System.nanoTime();
    }
}
