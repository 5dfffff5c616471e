package org.carechain.ledger.testing;

import java.nio.charset.StandardCharsets;
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
import org.carechain.crypto.merkle.MerkleFrontier;
import org.carechain.ledger.core.chain.BatchSeal;
import org.carechain.ledger.core.chain.Block;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.SealedTransaction;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TransactionBatch;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.significance.RejectedEventException;
import org.carechain.ledger.node.CertifiedBlock;
import org.carechain.ledger.node.ChainState;
import org.carechain.ledger.node.ChannelRuntime;

/**
 * Blocks of a {@link TestConsortium} channel made without running consensus, as the validators
 * would have decided them: each built as a proposer would, and certified by the precommits of a
 * chosen number of the four validators (three unless a test says otherwise).
 */
public final class TestChain {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TestChain() {}

    /** Builds, certifies and commits the next block holding {@code transactions}. */
    public static Block commit(ChannelRuntime runtime, List<Transaction> transactions) {
        long height = runtime.chainState().nextHeight();
        Block block = runtime.chainState().propose(height, 0, TestConsortium.validatorId(0), sealed(transactions),
                runtime.log()::treeHeadAfter, Instant.now().toEpochMilli());
        if (block.transactions().size() != transactions.size()) {
            throw new IllegalArgumentException("a transaction does not apply to the committed state");
        }
        runtime.commit(block, certify(runtime.genesis(), block, 3), Instant.now()).await().atMost(TIMEOUT);
        return block;
    }

    /** Blocks 1..count of two typed transactions each, outside any node, certified by the first {@code signers}. */
    public static List<CertifiedBlock> build(Genesis genesis, int count, int signers) {
        ChainState state = ChainState.genesis(genesis);
        MerkleFrontier log = MerkleFrontier.empty();
        List<CertifiedBlock> chain = new ArrayList<>();
        for (long height = 1; height <= count; height++) {
            List<Transaction> transactions = List.of(transaction(genesis.channel(), height, "a"),
                    transaction(genesis.channel(), height, "b"));
            MerkleFrontier current = log;
            Block block = state.propose(height, 0, state.proposer(height, 0), sealed(transactions), leaves -> {
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

    /** The transactions as one batch signed by the test submitter, as a validator's mempool holds them. */
    public static List<SealedTransaction> sealed(List<Transaction> transactions) {
        BatchSeal.Source source = BatchSeal.Source.of(TransactionBatch.sign(transactions, TestConsortium.SUBMITTER));
        List<SealedTransaction> sealed = new ArrayList<>();
        for (int i = 0; i < transactions.size(); i++) {
            sealed.add(new SealedTransaction(transactions.get(i), source, i));
        }
        return sealed;
    }

    /** A round-0 certificate of the block, signed by the first {@code signers} validators. */
    public static CommitCertificate certify(Genesis genesis, Block block, int signers) {
        return certificate(genesis.channel(), block.header().height(), block.hash(), signers);
    }

    /** A round-0 certificate of three validators for a block id of a {@link TestConsortium} channel. */
    public static CommitCertificate certificate(Channel channel, long height, Hash blockId) {
        return certificate(channel, height, blockId, 3);
    }

    private static CommitCertificate certificate(Channel channel, long height, Hash blockId, int signers) {
        List<Vote> precommits = new ArrayList<>();
        for (int i = 0; i < signers; i++) {
            precommits.add(vote(channel, VoteType.PRECOMMIT, height, blockId, i));
        }
        return CommitCertificate.of(precommits);
    }

    /** A round-0 vote of validator {@code index}, signed with its key. */
    public static Vote vote(Channel channel, VoteType type, long height, Hash blockId, int index) {
        String validator = TestConsortium.validatorId(index);
        byte[] payload = SigningPayloads.of(TestConsortium.CHAIN_ID, channel.id()).vote(height, 0, type, blockId, validator);
        return new Vote(type, height, 0, blockId, validator,
                Ed25519MessageSigner.create(TestConsortium.VALIDATORS.get(index)).sign(payload));
    }

    /** A CREATE of an Observation that fills both important items. */
    public static Transaction recordEvent(String key, String provider, Hash patientRef) {
        return new Transaction(Channel.EHR, key, new RecordEvent(provider, "Observation",
                Hash.sha256(key.getBytes()), patientRef, RecordEvent.Operation.CREATE,
                Hash.sha256(new byte[] {3}), new byte[] {0b11}, RecordEvent.SecurityLabel.N, "0/1", 1L));
    }

    /** A change to the Observation {@code record} (a CREATE, UPDATE or DELETE) with the given content hash. */
    public static Transaction recordChange(String key, String provider, String record, RecordEvent.Operation op,
            Hash patientRef, Hash contentHash) {
        return new Transaction(Channel.EHR, key, new RecordEvent(provider, "Observation",
                Hash.sha256(record.getBytes(StandardCharsets.UTF_8)), patientRef, op, contentHash,
                op == RecordEvent.Operation.DELETE ? new byte[0] : new byte[] {0b01}, RecordEvent.SecurityLabel.N,
                "0/1", 1L));
    }

    /** A typed transaction, for channels without significance. */
    public static Transaction transaction(Channel channel, long height, String name) {
        return new Transaction(channel, "chain-" + height + "-" + name,
                new TypedPayload("type.carechain.org/carechain.test.v1.Entry",
                        (height + name).getBytes(StandardCharsets.UTF_8)));
    }

    public static String unique(String prefix) {
        return prefix + "-" + System.nanoTime();
    }
}
