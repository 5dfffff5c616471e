package org.carechain.ledger.node;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.carechain.consensus.CommitCertificate;
import org.carechain.consensus.InvalidCertificateException;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.crypto.sign.Ed25519Verify;
import org.carechain.crypto.sign.KeyId;
import org.carechain.ledger.chain.Mempool;
import org.carechain.ledger.core.chain.Block;
import org.carechain.ledger.core.chain.BlockHeader;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.significance.RejectedEventException;
import org.carechain.ledger.persistence.BlockStore;
import org.carechain.ledger.persistence.RecordIndexStore;
import org.carechain.ledger.persistence.SignificanceStore;
import org.carechain.ledger.persistence.TamperedStoreException;
import org.carechain.ledger.proof.TransactionLogStore;
import org.carechain.ledger.proof.TransactionProofs;
import org.jboss.logging.Logger;

/**
 * One hosted channel: its genesis, its stores, its waiting transactions and the state derived from
 * its committed blocks.
 */
public final class ChannelRuntime {

    private static final Logger LOG = Logger.getLogger(ChannelRuntime.class);
    private static final int REPLAY_PAGE = 100;

    private final Pool pool;
    private final Genesis genesis;
    private final BlockStore blocks;
    private final SignificanceStore significance;
    private final TransactionLogStore log;
    private final Mempool mempool;
    private final CommitFeed commits;
    private final RecordIndexStore records;
    private final org.carechain.ledger.persistence.ConsentStore consent;
    private final List<java.util.function.Consumer<Block>> commitListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Committed committed;

    private ChannelRuntime(Pool pool, Genesis genesis, BlockStore blocks, TransactionLogStore log, Mempool mempool,
            Committed committed) {
        this.pool = pool;
        this.genesis = genesis;
        this.blocks = blocks;
        this.significance = new SignificanceStore(pool, blocks);
        this.records = new RecordIndexStore(pool);
        this.consent = new org.carechain.ledger.persistence.ConsentStore(pool);
        this.log = log;
        this.mempool = mempool;
        this.committed = committed;
        this.commits = new CommitFeed(committed.height());
    }

    /** The chain state after the last committed block, and that block's significance table. */
    private record Committed(long height, ChainState state, SortedMap<String, Long> significance) {

        static Committed genesis(Genesis genesis) {
            return new Committed(0, ChainState.genesis(genesis), new TreeMap<>());
        }

        Committed after(Block block, int round) {
            ChainState next;
            try {
                next = state.after(block, round);
            } catch (RejectedEventException e) {
                throw new IllegalStateException("block " + block.header().height() + " of channel "
                        + block.header().channel().id() + " does not apply to the committed state", e);
            }
            return new Committed(block.header().height(), next, next.significance().snapshot().nanoByProvider());
        }
    }

    /**
     * Opens the channel's stores, binding the database to this genesis on first use, and rebuilds
     * the derived state from the committed blocks. Blocks committed before their derived rows
     * existed (an older node version) get them now.
     *
     * @throws IllegalStateException (in the Uni) if the database holds another genesis's channel
     */
    public static Uni<ChannelRuntime> open(Pool pool, Genesis genesis, int mempoolCapacity) {
        String channel = genesis.channel().id();
        io.vertx.core.buffer.Buffer hash = io.vertx.core.buffer.Buffer.buffer(genesis.hash().toByteArray());
        BlockStore blocks = new BlockStore(pool);
        return pool.preparedQuery("INSERT INTO ledger_channel (channel, genesis_hash) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(channel, hash))
                .flatMap(ignored -> pool.preparedQuery("SELECT genesis_hash, derived_height FROM ledger_channel WHERE channel = $1")
                        .execute(io.vertx.mutiny.sqlclient.Tuple.of(channel)))
                .map(rows -> {
                    io.vertx.mutiny.sqlclient.Row row = rows.iterator().next();
                    byte[] stored = row.getBuffer("genesis_hash").getBytes();
                    if (!genesis.hash().contentEquals(stored)) {
                        throw new IllegalStateException("this database holds channel " + channel + " of another genesis ("
                                + org.carechain.crypto.Hash.of(stored).toHex().substring(0, 16) + "); point the node at "
                                + "this chain's database, or at an empty one to start the chain afresh");
                    }
                    return row.getLong("derived_height");
                })
                .flatMap(derivedHeight -> TransactionLogStore.open(pool, channel)
                        .flatMap(log -> replay(blocks, genesis, ChannelQuorum.of(genesis),
                                        new Replay(Committed.genesis(genesis), derivedHeight), 1)
                                .map(replayed -> requireLogOf(replayed, log, genesis.channel()))
                                .flatMap(replayed -> writeDerived(pool, blocks, genesis.channel(), replayed.missing)
                                        .replaceWith(new ChannelRuntime(pool, genesis, blocks, log,
                                                new Mempool(mempoolCapacity), replayed.state)))));
    }

    public Channel channel() {
        return genesis.channel();
    }

    public Genesis genesis() {
        return genesis;
    }

    public BlockStore blocks() {
        return blocks;
    }

    public SignificanceStore significance() {
        return significance;
    }

    public TransactionLogStore log() {
        return log;
    }

    /** The chain's view of every EHR record: its latest event. */
    public RecordIndexStore records() {
        return records;
    }

    /** Consent grants, revocations and access events, as derived from the committed blocks. */
    public org.carechain.ledger.persistence.ConsentStore consent() {
        return consent;
    }

    /**
     * Calls {@code listener} with every block this node commits from now on, after the block is
     * stored and the committed state has advanced, on the committing thread: keep it short.
     */
    public void onCommit(java.util.function.Consumer<Block> listener) {
        commitListeners.add(listener);
    }

    /** Committed transactions with their inclusion proofs. */
    public TransactionProofs proofs() {
        return new TransactionProofs(channel(), blocks, log);
    }

    public Mempool mempool() {
        return mempool;
    }

    /** Wakes readers that wait for the next committed block. */
    public CommitFeed commits() {
        return commits;
    }

    /** The chain state after the last committed block. */
    public ChainState chainState() {
        return committed.state();
    }

    /**
     * Stores a decided block with its commit certificate: the block, its transactions, the new
     * tree nodes and the rows derived from it (significance changes, patient index) in one
     * database transaction. Only after that commits does the in-memory state advance, the mempool
     * forget the block's transactions and waiting readers learn of the block.
     *
     * @throws IllegalStateException if the header's log head or significance root is not what
     *     applying the block gives, or the block does not apply to the committed state
     */
    public Uni<Void> commit(Block block, CommitCertificate certificate, Instant committedAt) {
        List<Hash> leaves = block.transactions().stream().map(Transaction::hash).toList();
        TreeHead expected = log.treeHeadAfter(leaves);
        if (!expected.equals(block.header().log())) {
            throw new IllegalStateException("block " + block.header().height() + " of channel " + channel().id()
                    + " names log head " + block.header().log() + " but appending gives " + expected);
        }
        Committed before = committed;
        Committed after = before.after(block, certificate.round());
        Hash root = after.state().significance().root();
        if (!root.equals(block.header().significanceRoot())) {
            throw new IllegalStateException("block " + block.header().height() + " of channel " + channel().id()
                    + " names significance root " + block.header().significanceRoot() + " but applying it gives " + root);
        }
        long height = block.header().height();
        long firstLogIndex = log.treeHead().size();
        return pool.withTransaction(client -> blocks.insert(client, block, certificate.toBytes(), firstLogIndex, committedAt)
                        .flatMap(ignored -> significance.insert(client, channel(), height,
                                SignificanceStore.changes(before.significance(), after.significance())))
                        .flatMap(ignored -> records.apply(client, block, firstLogIndex))
                        .flatMap(ignored -> consent.apply(client, block, firstLogIndex))
                        .flatMap(ignored -> markDerived(client, channel(), height))
                        .flatMap(ignored -> log.append(client, leaves)))
                .invoke(pending -> {
                    log.advance(pending);
                    committed = after;
                    mempool.removeCommitted(block.transactions());
                    commits.committed(height);
                    for (java.util.function.Consumer<Block> listener : commitListeners) {
                        try {
                            listener.accept(block);
                        } catch (RuntimeException e) {
                            LOG.warnf("a commit listener of channel %s failed: %s", channel().id(), e.getClass().getName());
                        }
                    }
                })
                .replaceWithVoid();
    }

    /** The verifier of a submitter allowed on this channel, if the key id is one. */
    public Optional<Ed25519Verify> submitterKey(KeyId keyId) {
        return genesis.submitter(keyId).map(member -> Ed25519Verify.create(member.publicKey()));
    }

    /** Rows of a block committed without them; written when the channel opens. */
    private record MissingDerived(Block block, long firstLogIndex, SortedMap<String, Long> changes) {}

    /** Replay progress: the state so far, the blocks whose derived rows are not stored yet. */
    private static final class Replay {
        private Committed state;
        private BlockHeader last;
        private final long derivedHeight;
        private final List<MissingDerived> missing = new ArrayList<>();

        Replay(Committed state, long derivedHeight) {
            this.state = state;
            this.derivedHeight = derivedHeight;
        }
    }

    /**
     * Rebuilds the state from the stored blocks, checking each against its commit certificate and
     * its header's significance root, and the last against the stored transaction log: a block
     * altered behind the ledger's back stops the node here rather than being served or built on.
     *
     * @throws TamperedStoreException (in the Uni) if a stored block no longer matches what was certified
     */
    private static Uni<Replay> replay(BlockStore blocks, Genesis genesis, ChannelQuorum quorum, Replay replay,
            long fromHeight) {
        Channel channel = genesis.channel();
        return blocks.blocks(channel, fromHeight, REPLAY_PAGE).flatMap(page -> {
            for (BlockStore.StoredBlock stored : page) {
                long height = stored.block().header().height();
                if (height != replay.state.height() + 1) {
                    throw new TamperedStoreException(channel, "committed block " + (replay.state.height() + 1) + " is missing");
                }
                CommitCertificate certificate = stored.certificate();
                try {
                    quorum.verify(stored.block(), certificate);
                } catch (InvalidCertificateException e) {
                    throw new TamperedStoreException(channel, "block " + height
                            + " no longer matches its commit certificate: " + e.getMessage());
                }
                Committed next;
                try {
                    next = replay.state.after(stored.block(), certificate.round());
                } catch (IllegalStateException e) {
                    throw new TamperedStoreException(channel, "block " + height + " does not replay");
                }
                if (!next.state().significance().root().equals(stored.block().header().significanceRoot())) {
                    throw new TamperedStoreException(channel, "block " + height + " does not give its significance root");
                }
                if (next.height() > replay.derivedHeight) {
                    replay.missing.add(new MissingDerived(stored.block(), stored.firstLogIndex(),
                            SignificanceStore.changes(replay.state.significance(), next.significance())));
                }
                replay.state = next;
                replay.last = stored.block().header();
            }
            return page.size() < REPLAY_PAGE ? Uni.createFrom().item(replay)
                    : replay(blocks, genesis, quorum, replay, fromHeight + REPLAY_PAGE);
        });
    }

    /** @throws TamperedStoreException if the stored log is not the one the last block certifies */
    private static Replay requireLogOf(Replay replay, TransactionLogStore log, Channel channel) {
        TreeHead head = log.treeHead();
        if (replay.last == null ? head.size() != 0 : !replay.last.log().equals(head)) {
            throw new TamperedStoreException(channel, "the stored transaction log does not match the last block's log head");
        }
        return replay;
    }

    private static Uni<Void> writeDerived(Pool pool, BlockStore blocks, Channel channel, List<MissingDerived> missing) {
        if (missing.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        SignificanceStore significance = new SignificanceStore(pool, blocks);
        RecordIndexStore records = new RecordIndexStore(pool);
        org.carechain.ledger.persistence.ConsentStore consent = new org.carechain.ledger.persistence.ConsentStore(pool);
        long last = missing.get(missing.size() - 1).block().header().height();
        LOG.infof("channel %s: writing the derived rows of %d block(s) committed without them", channel.id(),
                missing.size());
        return pool.withTransaction(client -> Multi.createFrom().iterable(missing)
                .onItem().transformToUniAndConcatenate(derived -> significance.insert(client, channel,
                                derived.block().header().height(), derived.changes())
                        .flatMap(ignored -> blocks.indexPatients(client, derived.block()))
                        .flatMap(ignored -> records.apply(client, derived.block(), derived.firstLogIndex()))
                        .flatMap(ignored -> consent.apply(client, derived.block(), derived.firstLogIndex())))
                .collect().last()
                .flatMap(ignored -> markDerived(client, channel, last)));
    }

    private static Uni<Void> markDerived(SqlClient client, Channel channel, long height) {
        return client.preparedQuery("UPDATE ledger_channel SET derived_height = $2 WHERE channel = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(channel.id(), height))
                .replaceWithVoid();
    }
}
