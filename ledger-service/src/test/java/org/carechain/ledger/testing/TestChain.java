package org.carechain.ledger.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.carechain.consensus.CommitCertificate;
import org.carechain.consensus.Ed25519MessageSigner;
import org.carechain.consensus.SigningPayloads;
import org.carechain.consensus.Vote;
import org.carechain.consensus.VoteType;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.MerkleFrontier;
import org.carechain.ledger.core.chain.Block;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.significance.RejectedEventException;
import org.carechain.ledger.node.CertifiedBlock;
import org.carechain.ledger.node.ChainState;

/**
 * Builds a valid chain of a {@link TestConsortium} channel outside any node, as the validators
 * would have decided it: blocks of two typed transactions each, certified by a chosen number of
 * the four validators.
 */
public final class TestChain {

    private TestChain() {}

    /** Blocks 1..count, each certified by the first {@code signers} validators. */
    public static List<CertifiedBlock> build(Genesis genesis, int count, int signers) {
        ChainState state = ChainState.genesis(genesis);
        MerkleFrontier log = MerkleFrontier.empty();
        List<CertifiedBlock> chain = new ArrayList<>();
        for (long height = 1; height <= count; height++) {
            List<Transaction> transactions = List.of(transaction(genesis.channel(), height, "a"),
                    transaction(genesis.channel(), height, "b"));
            MerkleFrontier current = log;
            Block block = state.propose(height, 0, state.proposer(height, 0), transactions, leaves -> {
                MerkleFrontier next = current.copy();
                leaves.forEach(next::append);
                return next.treeHead();
            }, genesis.genesisTimeMillis() + height * 1_000);
            transactions.forEach(t -> log.append(t.hash()));
            chain.add(new CertifiedBlock(block, certify(genesis, block, signers)));
            try {
                state = state.after(block, 0);
            } catch (RejectedEventException e) {
                throw new AssertionError(e);
            }
        }
        return chain;
    }

    /** A round-0 certificate of the block, signed by the first {@code signers} validators. */
    public static CommitCertificate certify(Genesis genesis, Block block, int signers) {
        SigningPayloads payloads = SigningPayloads.of(genesis.chainId(), genesis.channel().id());
        List<Vote> precommits = new ArrayList<>();
        for (int i = 0; i < signers; i++) {
            precommits.add(vote(genesis, VoteType.PRECOMMIT, block.header().height(), block.hash(), i));
        }
        return CommitCertificate.of(precommits);
    }

    /** A round-0 vote of validator {@code index}, signed with its key. */
    public static Vote vote(Genesis genesis, VoteType type, long height, Hash blockId, int index) {
        String validator = TestConsortium.validatorId(index);
        byte[] payload = SigningPayloads.of(genesis.chainId(), genesis.channel().id())
                .vote(height, 0, type, blockId, validator);
        return new Vote(type, height, 0, blockId, validator,
                Ed25519MessageSigner.create(TestConsortium.VALIDATORS.get(index)).sign(payload));
    }

    public static Transaction transaction(Channel channel, long height, String name) {
        return new Transaction(channel, "chain-" + height + "-" + name,
                new TypedPayload("type.carechain.org/carechain.test.v1.Entry",
                        (height + name).getBytes(StandardCharsets.UTF_8)));
    }
}
