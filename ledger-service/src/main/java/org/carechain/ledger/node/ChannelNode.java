package org.carechain.ledger.node;

import io.vertx.mutiny.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.carechain.consensus.Action;
import org.carechain.consensus.CommitCertificate;
import org.carechain.consensus.ConsensusConfig;
import org.carechain.consensus.ConsensusCore;
import org.carechain.consensus.ConsensusMessage;
import org.carechain.consensus.CoreDependencies;
import org.carechain.consensus.Ed25519MessageSigner;
import org.carechain.consensus.InvalidCertificateException;
import org.carechain.consensus.Proposal;
import org.carechain.consensus.SigningPayloads;
import org.carechain.consensus.TimeoutSchedule;
import org.carechain.consensus.Vote;
import org.carechain.consensus.WalEntry;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ledger.core.chain.Block;
import org.carechain.ledger.core.chain.BlockHeader;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.SealedTransaction;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.significance.RejectedEventException;
import org.carechain.ledger.persistence.TamperedStoreException;
import org.jboss.logging.Logger;

/**
 * One validator of one channel: drives the pure consensus core from a single thread, which owns
 * the core, the derived chain state and the timers. The WAL entry of every message is durable
 * before the message leaves; a decided block is committed before the next height starts.
 */
public final class ChannelNode implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ChannelNode.class);
    private static final long MAX_CLOCK_SKEW_MILLIS = 5_000;
    private static final Duration IDLE_BLOCK_INTERVAL = Duration.ofSeconds(10);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration GOSSIP_INTERVAL = Duration.ofSeconds(1);
    private static final int CATCH_UP_BATCH = 64;

    private final ChannelRuntime runtime;
    private final String self;
    private final WalStore wal;
    private final PeerNetwork peers;
    private final Clock clock;
    private final ScheduledExecutorService loop;
    private final ConsensusCore<LedgerValue> core;
    private final ChannelQuorum quorum;
    private ChainState state;
    private boolean catchingUp;
    private long gossipedHeight = -1;
    private int gossipedRound = -1;
    private volatile long highestSeenHeight;
    private long waitingForHeight;
    private Instant idleSince = Instant.EPOCH;
    // Set when a block committed empty although transactions waited: none of them fits the chain
    // (an UPDATE of an unknown record, say) until something new arrives.
    private long stuckAtAdmitted = -1;

    private ChannelNode(ChannelRuntime runtime, Pool pool, String self, Ed25519PrivateKey key, PeerNetwork peers,
            Clock clock, ChainState state) {
        this.runtime = runtime;
        this.self = self;
        this.wal = new WalStore(pool, runtime.channel());
        this.peers = peers;
        this.clock = clock;
        this.state = state;
        Genesis genesis = runtime.genesis();
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "consensus-" + genesis.channel().id());
            thread.setDaemon(true);
            return thread;
        });
        Genesis.Timeouts t = genesis.timeouts();
        ConsensusConfig config = ConsensusConfig.of(self, SigningPayloads.of(genesis.chainId(), genesis.channel().id()),
                new TimeoutSchedule(t.proposeMillis(), t.roundIncrementMillis(), t.prevoteMillis(),
                        t.roundIncrementMillis(), t.precommitMillis(), t.roundIncrementMillis()));
        this.quorum = ChannelQuorum.of(genesis);
        this.core = new ConsensusCore<>(config, new CoreDependencies<>(
                quorum.validators(),
                (height, round) -> this.state.proposer(height, round),
                this::isValid,
                this::newValue,
                Ed25519MessageSigner.create(key),
                quorum.authenticator()));
    }

    /**
     * Rebuilds the chain state from the committed blocks, recovers from the WAL and starts the
     * next height.
     */
    /**
     * Whether this validator works on the highest height any authenticated peer message named:
     * it is not behind, as far as it can tell.
     */
    public boolean atHead() {
        return runtime.chainState().nextHeight() >= highestSeenHeight;
    }

    public static ChannelNode start(ChannelRuntime runtime, Pool pool, String self, Ed25519PrivateKey key,
            PeerNetwork peers, Clock clock) {
        if (!runtime.genesis().validator(self).publicKey().equals(key.publicKey())) {
            throw new IllegalStateException("the validator key does not match " + self + " in the "
                    + runtime.channel().id() + " genesis");
        }
        ChannelNode node = new ChannelNode(runtime, pool, self, key, peers, clock, runtime.chainState());
        node.loop.execute(node.guarded(node::resume));
        node.loop.scheduleWithFixedDelay(node.guarded(node::regossip), GOSSIP_INTERVAL.toMillis(),
                GOSSIP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return node;
    }

    /** Hands a peer's message to the consensus thread. */
    public void deliver(ConsensusMessage message) {
        loop.execute(guarded(() -> {
            if (message.height() > state.nextHeight() && quorum.isAuthentic(message)) {
                // A validator works on a later height: this one missed committed blocks. (Checked
                // first, so that no one outside the validator set can send it fetching.)
                highestSeenHeight = Math.max(highestSeenHeight, message.height());
                catchUp(message.sender());
            }
            if (waitingForHeight > 0 && message.height() >= waitingForHeight) {
                startWaitingHeight(); // a peer already works on the next height: join it
            }
            if (message instanceof Vote vote) {
                run(core.onVote(vote));
            } else if (message instanceof Proposal<?> proposal) {
                @SuppressWarnings("unchecked")
                Proposal<LedgerValue> typed = (Proposal<LedgerValue>) proposal;
                run(core.onProposal(typed));
            }
        }));
    }

    /**
     * A task for the consensus thread that logs its failure: an executor would otherwise swallow
     * it, and a validator that silently stops voting is the hardest fault to see.
     */
    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                if (!loop.isShutdown()) {
                    LOG.errorf(e, "channel %s: consensus step failed", runtime.channel().id());
                }
            }
        };
    }

    public long height() {
        return state.nextHeight();
    }

    /**
     * Sends again what the current height needs (or, once decided, its proposal and precommits),
     * so peers that lost messages or restarted catch up; only when the height and round have not
     * moved since the last tick.
     */
    private void regossip() {
        long height = core.height();
        int round = core.round();
        boolean progressed = height != gossipedHeight || round != gossipedRound;
        gossipedHeight = height;
        gossipedRound = round;
        if (!progressed) { // a busy chain moves on by itself; re-sending whole proposals would only slow it
            core.gossip().forEach(message -> peers.broadcast(runtime.channel(), message));
        }
    }

    private void resume() {
        long height = state.nextHeight();
        List<WalEntry<LedgerValue>> entries = wal.entriesOf(height);
        LOG.infof("channel %s: validator %s starts at height %d (%d WAL entries)", runtime.channel().id(), self, height,
                entries.size());
        run(entries.isEmpty() ? core.start(height) : core.recover(height, entries));
    }

    private void run(List<Action> actions) {
        for (Action action : actions) {
            if (action instanceof Action.Persist<?> persist) {
                @SuppressWarnings("unchecked")
                WalEntry<LedgerValue> entry = (WalEntry<LedgerValue>) persist.entry();
                wal.append(entry);
            } else if (action instanceof Action.Broadcast broadcast) {
                peers.broadcast(runtime.channel(), broadcast.message());
            } else if (action instanceof Action.ScheduleTimeout timeout) {
                loop.schedule(guarded(() -> run(core.onTimeout(timeout.height(), timeout.round(), timeout.step()))),
                        timeout.delayMillis(), TimeUnit.MILLISECONDS);
            } else if (action instanceof Action.Decide<?> decide) {
                @SuppressWarnings("unchecked")
                Action.Decide<LedgerValue> decided = (Action.Decide<LedgerValue>) decide;
                commit(decided.value().block(), decided.round(), decided.certificate());
            } else if (action instanceof Action.Dropped dropped) {
                LOG.debugf("channel %s: dropped a message from %s: %s", runtime.channel().id(),
                        dropped.message().sender(), dropped.reason());
            }
        }
    }

    private void commit(Block block, int round, CommitCertificate certificate) {
        if (persist(block, round, certificate)) {
            awaitNextHeight();
        }
    }

    /**
     * Stores a decided block and advances the chain state; false, storing nothing, when the
     * height was committed meanwhile (by catch-up, while the core still worked on it).
     */
    private boolean persist(Block block, int round, CommitCertificate certificate) {
        if (block.header().height() != state.nextHeight()) {
            LOG.debugf("channel %s: height %d is already committed", runtime.channel().id(), block.header().height());
            return false;
        }
        // Applying a decided block that does not fit the state means the validators disagree on it:
        // commit refuses it with an IllegalStateException, and this validator stops committing.
        runtime.commit(block, certificate, clock.instant()).await().atMost(COMMIT_TIMEOUT);
        state = runtime.chainState();
        stuckAtAdmitted = block.transactions().isEmpty() && runtime.mempool().size() > 0
                ? runtime.mempool().admitted() : -1;
        wal.truncateBelow(block.header().height());
        LOG.debugf("channel %s: committed height %d with %d transaction(s)", runtime.channel().id(),
                block.header().height(), block.transactions().size());
        return true;
    }

    private void awaitNextHeight() {
        waitingForHeight = state.nextHeight();
        idleSince = clock.instant();
        awaitWork();
    }

    /**
     * Fetches the committed blocks this validator lacks from its peers, {@code peer} first, off
     * the consensus thread; they are checked and committed on it. One fetch at a time.
     */
    private void catchUp(String peer) {
        if (catchingUp) {
            return;
        }
        catchingUp = true;
        long from = state.nextHeight();
        LOG.infof("channel %s: validator %s is behind (at height %d, a peer at %d); fetching committed blocks",
                runtime.channel().id(), self, from, highestSeenHeight);
        peers.fetchCommitted(peer, runtime.channel(), from, CATCH_UP_BATCH)
                .whenComplete((blocks, error) -> loop.execute(guarded(() -> {
                    catchingUp = false;
                    applyCommitted(peer, error == null ? blocks : List.of());
                })));
    }

    /**
     * Commits fetched blocks in order, each only if more than 2/3 of the validators certified it
     * and it is valid on this validator's state, exactly as a proposal would have to be. Stops at
     * the first that is not; then carries on from the first height not yet committed.
     */
    private void applyCommitted(String peer, List<CertifiedBlock> blocks) {
        int applied = 0;
        for (CertifiedBlock fetched : blocks) {
            long height = state.nextHeight();
            if (fetched.height() < height) {
                continue;
            }
            String reason = fetched.height() > height ? "skips height " + height : uncertifiedReason(fetched);
            if (reason != null) {
                LOG.warnf("channel %s: refused committed block %d from a peer: %s", runtime.channel().id(),
                        fetched.height(), reason);
                break;
            }
            persist(fetched.block(), fetched.certificate().round(), fetched.certificate());
            applied++;
        }
        if (applied == 0) {
            return;
        }
        LOG.infof("channel %s: caught up to height %d", runtime.channel().id(), state.nextHeight() - 1);
        if (state.nextHeight() < highestSeenHeight) {
            catchUp(peer);
        } else {
            awaitNextHeight();
            startWaitingHeight(); // the peers already work on it
        }
    }

    /** Why a fetched block must not be committed here, or null when it may. */
    private String uncertifiedReason(CertifiedBlock fetched) {
        try {
            quorum.verify(fetched.block(), fetched.certificate());
        } catch (InvalidCertificateException e) {
            return e.getMessage();
        }
        return isValid(new LedgerValue(fetched.block()), fetched.height(), fetched.certificate().round())
                ? null
                : "not valid on this validator's state";
    }

    /**
     * Starts the next height once there is something to commit, a peer has started it, or the idle
     * interval has passed; so an idle channel does not write an empty block every few milliseconds,
     * nor does one whose waiting transactions all fail to fit the chain.
     */
    private void awaitWork() {
        if (waitingForHeight == 0) {
            return;
        }
        boolean idleTooLong = Duration.between(idleSince, clock.instant()).compareTo(IDLE_BLOCK_INTERVAL) >= 0;
        // Waiting transactions that the last block could not take are no reason for another block
        // now: without this a mempool holding only unfit transactions makes empty blocks non-stop.
        boolean somethingToCommit = runtime.mempool().size() > 0 && runtime.mempool().admitted() != stuckAtAdmitted;
        if (somethingToCommit || idleTooLong) {
            startWaitingHeight();
        } else {
            loop.schedule(guarded(this::awaitWork), 20, TimeUnit.MILLISECONDS);
        }
    }

    private void startWaitingHeight() {
        long height = waitingForHeight;
        if (height == 0) {
            return;
        }
        waitingForHeight = 0;
        run(core.start(height));
    }

    /**
     * This validator's proposal. Candidates already on the chain are dropped first: a batch can
     * pass the admission check just before its block commits and reach the mempool just after,
     * and a proposal carrying it would be refused by every other validator.
     */
    private LedgerValue newValue(long height, int round) {
        Genesis genesis = runtime.genesis();
        List<SealedTransaction> candidates = runtime.mempool().peek(genesis.maxBlockTransactions(), genesis.maxBlockBytes());
        var committed = runtime.blocks().committedKeys(runtime.channel(),
                candidates.stream().map(c -> c.transaction().idempotencyKey()).toList()).await().atMost(COMMIT_TIMEOUT);
        if (!committed.isEmpty()) {
            runtime.mempool().removeCommitted(candidates.stream().map(SealedTransaction::transaction)
                    .filter(t -> committed.contains(t.idempotencyKey())).toList());
            candidates = candidates.stream().filter(c -> !committed.contains(c.transaction().idempotencyKey())).toList();
        }
        return new LedgerValue(state.propose(height, round, self, candidates, runtime.log()::treeHeadAfter,
                clock.millis()));
    }

    private boolean isValid(LedgerValue value, long height, int round) {
        Block block = value.block();
        List<String> keys = block.transactions().stream().map(Transaction::idempotencyKey).toList();
        var committed = runtime.blocks().committedKeys(runtime.channel(), keys).await().atMost(COMMIT_TIMEOUT);
        String reason = state.invalidity(block, height, round, runtime.log()::treeHeadAfter, clock.millis(),
                MAX_CLOCK_SKEW_MILLIS, committed);
        if (reason != null) {
            LOG.warnf("channel %s: rejected the proposal of %s for height %d round %d: %s", runtime.channel().id(),
                    block.header().proposer(), height, round, reason);
        }
        return reason == null;
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
