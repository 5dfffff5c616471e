package org.carechain.ledger.node;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.crypto.sign.Ed25519Verify;
import org.carechain.ledger.core.chain.BatchSeal;
import org.carechain.ledger.core.chain.Block;
import org.carechain.ledger.core.chain.BlockHeader;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.SealedTransaction;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.proposer.ProposerState;
import org.carechain.ledger.core.significance.BlockReward;
import org.carechain.ledger.core.significance.ItemMask;
import org.carechain.ledger.core.significance.RejectedEventException;
import org.carechain.ledger.core.significance.SignificanceEvent;
import org.carechain.ledger.core.significance.SignificanceState;

/**
 * What a validator derives from the committed chain and needs to build and check the next block:
 * the last header, the significance state and the proposer state. Pure: time, the transaction log
 * head and "already committed" answers are passed in.
 */
public final class ChainState {

    private final Genesis genesis;
    private final BlockHeader last;
    private final SignificanceState significance;
    private final ProposerState proposers;

    private ChainState(Genesis genesis, BlockHeader last, SignificanceState significance, ProposerState proposers) {
        this.genesis = genesis;
        this.last = last;
        this.significance = significance;
        this.proposers = proposers;
    }

    public static ChainState genesis(Genesis genesis) {
        return new ChainState(genesis, null, SignificanceState.genesis(genesis.importantItems(), genesis.blockRewardNano()),
                ProposerState.genesis(genesis.proposerGenesis()));
    }

    /** The next height to decide. */
    public long nextHeight() {
        return last == null ? 1 : last.height() + 1;
    }

    public Hash parentHash() {
        return last == null ? BlockHeader.NO_PARENT : last.hash();
    }

    public long parentTimeMillis() {
        return last == null ? genesis.genesisTimeMillis() : last.timestampMillis();
    }

    public String proposer(long height, int round) {
        return proposers.proposer(height, round);
    }

    public SignificanceState significance() {
        return significance;
    }

    /**
     * Builds this validator's proposal from candidate transactions: those the significance rules
     * reject (a DELETE of an unknown record, say) are left out, so one bad event cannot block the
     * channel.
     */
    public Block propose(long height, int round, String self, List<SealedTransaction> candidates, TreeHeadAfter log,
            long nowMillis) {
        SignificanceState working = significance.copy();
        List<SealedTransaction> chosen = new ArrayList<>();
        for (SealedTransaction sealed : candidates) {
            Transaction candidate = sealed.transaction();
            SignificanceEvent event = significanceEvent(candidate);
            if (event != null) {
                try {
                    working.apply(event);
                } catch (RejectedEventException rejected) {
                    continue;
                }
            }
            chosen.add(sealed);
        }
        try {
            working.apply(new BlockReward(self));
        } catch (RejectedEventException e) {
            throw new IllegalStateException("the proposer's own reward was rejected", e);
        }
        long timestamp = Math.max(nowMillis, parentTimeMillis() + 1);
        List<Transaction> transactions = chosen.stream().map(SealedTransaction::transaction).toList();
        BlockHeader header = new BlockHeader(genesis.channel(), height, parentHash(), timestamp, self,
                Transaction.rootOf(transactions), working.root(),
                log.after(transactions.stream().map(Transaction::hash).toList()));
        return new Block(header, transactions, seals(chosen));
    }

    /** One seal per run of consecutive transactions from the same signed batch. */
    private static List<BatchSeal> seals(List<SealedTransaction> chosen) {
        List<BatchSeal> seals = new ArrayList<>();
        int start = 0;
        while (start < chosen.size()) {
            BatchSeal.Source source = chosen.get(start).source();
            List<Integer> positions = new ArrayList<>();
            int end = start;
            int previous = -1;
            while (end < chosen.size() && chosen.get(end).source() == source && chosen.get(end).position() > previous) {
                previous = chosen.get(end).position();
                positions.add(previous);
                end++;
            }
            seals.add(new BatchSeal(source.submitter(), source.signature(), source.leaves(), positions));
            start = end;
        }
        return seals;
    }

    /** Why the block's seals do not show that a genesis submitter signed each transaction, or null. */
    private String unsealedReason(Block block) {
        String coverage = block.sealCoverageProblem();
        if (coverage != null) {
            return coverage;
        }
        for (BatchSeal seal : block.seals()) {
            Genesis.Member member = genesis.submitter(seal.submitter()).orElse(null);
            if (member == null) {
                return "a seal names a key that may not submit to this channel";
            }
            try {
                seal.verify(Ed25519Verify.create(member.publicKey()));
            } catch (GeneralSecurityException e) {
                return "a seal's signature does not match its batch";
            }
        }
        return null;
    }

    /**
     * Why a proposed block is not valid, or null when it is (ledger-protocol.md section 2).
     *
     * @param maxClockSkewMillis how far ahead of local time a block's timestamp may be
     * @param committed which of the block's idempotency keys are already on the chain
     */
    public String invalidity(Block block, long height, int round, TreeHeadAfter log, long nowMillis,
            long maxClockSkewMillis, Set<String> committed) {
        BlockHeader header = block.header();
        if (header.channel() != genesis.channel() || header.height() != height) {
            return "wrong channel or height";
        }
        if (!header.previousHash().equals(parentHash())) {
            return "wrong parent";
        }
        if (!header.proposer().equals(proposer(height, round))) {
            return "proposed by " + header.proposer() + ", not by the round's proposer";
        }
        if (header.timestampMillis() <= parentTimeMillis() || header.timestampMillis() > nowMillis + maxClockSkewMillis) {
            return "timestamp out of range";
        }
        if (block.transactions().size() > genesis.maxBlockTransactions()
                || block.transactions().stream().mapToLong(Transaction::encodedLength).sum() > genesis.maxBlockBytes()) {
            return "block too large";
        }
        if (!block.transactionsMatchHeader()) {
            return "transactions do not match the header";
        }
        String unsealed = unsealedReason(block);
        if (unsealed != null) {
            return unsealed;
        }
        Set<String> keys = new HashSet<>();
        for (Transaction transaction : block.transactions()) {
            if (!keys.add(transaction.idempotencyKey()) || committed.contains(transaction.idempotencyKey())) {
                return "duplicate transaction";
            }
        }
        TreeHead expectedLog = log.after(block.transactions().stream().map(Transaction::hash).toList());
        if (!expectedLog.equals(header.log())) {
            return "log head does not match";
        }
        try {
            if (!after(block, round).significance.root().equals(header.significanceRoot())) {
                return "significance root does not match";
            }
        } catch (RejectedEventException e) {
            return "a record event does not fit the committed records";
        }
        return null;
    }

    /** The state once {@code block}, decided in {@code round}, is committed. */
    public ChainState after(Block block, int round) throws RejectedEventException {
        List<SignificanceEvent> events = new ArrayList<>();
        for (Transaction transaction : block.transactions()) {
            SignificanceEvent event = significanceEvent(transaction);
            if (event != null) {
                events.add(event);
            }
        }
        events.add(new BlockReward(block.header().proposer()));
        SignificanceState next = significance.withBlock(events);
        ProposerState nextProposers = proposers.afterCommit(block.header().height(), round,
                block.header().timestampMillis(), next.snapshot().nanoByProvider());
        return new ChainState(genesis, block.header(), next, nextProposers);
    }

    /** The significance event of a record event whose type the catalog counts; null otherwise. */
    private SignificanceEvent significanceEvent(Transaction transaction) {
        if (!(transaction.payload() instanceof RecordEvent event)
                || !genesis.importantItems().covers(event.resourceType())) {
            return null;
        }
        ItemMask mask = ItemMask.fromBytes(event.itemMask());
        return switch (event.op()) {
            case CREATE -> org.carechain.ledger.core.significance.RecordEvent.create(event.provider(),
                    event.resourceType(), event.recordRef(), event.patientRef(), mask);
            case UPDATE -> org.carechain.ledger.core.significance.RecordEvent.update(event.provider(),
                    event.resourceType(), event.recordRef(), event.patientRef(), mask);
            case DELETE -> org.carechain.ledger.core.significance.RecordEvent.delete(event.provider(),
                    event.resourceType(), event.recordRef());
        };
    }

    /** The transaction log head after appending leaves, without appending them. */
    @FunctionalInterface
    public interface TreeHeadAfter {
        TreeHead after(List<Hash> leafHashes);
    }
}
