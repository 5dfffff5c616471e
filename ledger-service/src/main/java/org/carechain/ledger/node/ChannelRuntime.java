package org.carechain.ledger.node;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carechain.consensus.CommitCertificate;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.crypto.sign.Ed25519Verify;
import org.carechain.crypto.sign.KeyId;
import org.carechain.ledger.chain.Mempool;
import org.carechain.ledger.core.chain.Block;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.persistence.BlockStore;
import org.carechain.ledger.proof.TransactionLogStore;

/** One hosted channel: its genesis, its stores and its waiting transactions. */
public final class ChannelRuntime {

    private final Pool pool;
    private final Genesis genesis;
    private final BlockStore blocks;
    private final TransactionLogStore log;
    private final Mempool mempool;
    private final Map<KeyId, Genesis.Member> submitters = new HashMap<>();

    private ChannelRuntime(Pool pool, Genesis genesis, BlockStore blocks, TransactionLogStore log, Mempool mempool) {
        this.pool = pool;
        this.genesis = genesis;
        this.blocks = blocks;
        this.log = log;
        this.mempool = mempool;
        genesis.submitters().forEach(member -> submitters.put(member.publicKey().keyId(), member));
    }

    /**
     * Opens the channel's stores, binding the database to this genesis on first use.
     *
     * @throws IllegalStateException (in the Uni) if the database holds another genesis's channel
     */
    public static Uni<ChannelRuntime> open(Pool pool, Genesis genesis, int mempoolCapacity) {
        String channel = genesis.channel().id();
        io.vertx.core.buffer.Buffer hash = io.vertx.core.buffer.Buffer.buffer(genesis.hash().toByteArray());
        return pool.preparedQuery("INSERT INTO ledger_channel (channel, genesis_hash) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(channel, hash))
                .flatMap(ignored -> pool.preparedQuery("SELECT genesis_hash FROM ledger_channel WHERE channel = $1")
                        .execute(io.vertx.mutiny.sqlclient.Tuple.of(channel)))
                .invoke(rows -> {
                    byte[] stored = rows.iterator().next().getBuffer("genesis_hash").getBytes();
                    if (!genesis.hash().contentEquals(stored)) {
                        throw new IllegalStateException("this database holds channel " + channel + " of another genesis ("
                                + org.carechain.crypto.Hash.of(stored).toHex().substring(0, 16) + "); point the node at "
                                + "this chain's database, or at an empty one to start the chain afresh");
                    }
                })
                .flatMap(ignored -> TransactionLogStore.open(pool, channel))
                .map(log -> new ChannelRuntime(pool, genesis, new BlockStore(pool), log, new Mempool(mempoolCapacity)));
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

    public TransactionLogStore log() {
        return log;
    }

    public Mempool mempool() {
        return mempool;
    }

    /**
     * Stores a decided block with its commit certificate: the block, its transactions and the new
     * tree nodes in one database transaction. Only after that commits does the in-memory log
     * advance and the mempool forget the block's transactions.
     *
     * @throws IllegalStateException if the header's log head is not what appending gives
     */
    public Uni<Void> commit(Block block, CommitCertificate certificate, Instant committedAt) {
        List<Hash> leaves = block.transactions().stream().map(Transaction::hash).toList();
        TreeHead expected = log.treeHeadAfter(leaves);
        if (!expected.equals(block.header().log())) {
            throw new IllegalStateException("block " + block.header().height() + " of channel " + channel().id()
                    + " names log head " + block.header().log() + " but appending gives " + expected);
        }
        long firstLogIndex = log.treeHead().size();
        return pool.withTransaction(client -> blocks.insert(client, block, certificate.toBytes(), firstLogIndex, committedAt)
                        .flatMap(ignored -> log.append(client, leaves)))
                .invoke(pending -> {
                    log.advance(pending);
                    mempool.removeCommitted(block.transactions());
                })
                .replaceWithVoid();
    }

    /** The verifier of a submitter allowed on this channel, if the key id is one. */
    public Optional<Ed25519Verify> submitterKey(KeyId keyId) {
        return Optional.ofNullable(submitters.get(keyId)).map(member -> Ed25519Verify.create(member.publicKey()));
    }

}
