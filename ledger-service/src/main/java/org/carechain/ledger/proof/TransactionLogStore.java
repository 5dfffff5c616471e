package org.carechain.ledger.proof;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.ConsistencyProof;
import org.carechain.crypto.merkle.InclusionProof;
import org.carechain.crypto.merkle.MerkleFrontier;
import org.carechain.crypto.merkle.NodeId;
import org.carechain.crypto.merkle.ProofNodes;
import org.carechain.crypto.merkle.Rfc6962Hasher;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.ledger.persistence.TamperedStoreException;

/**
 * One channel's RFC 6962 transaction log in PostgreSQL ({@code ledger_tree_node}). Appends write
 * every complete subtree they create in the caller's transaction, so a block's leaves and its
 * tree nodes commit together; proofs read only the nodes {@link ProofNodes} names, in one query.
 *
 * <p>One writer per channel: the node that commits blocks. The in-memory frontier advances only
 * after the caller's transaction has committed ({@link #advance}).
 */
public final class TransactionLogStore {

    private static final String INSERT = """
            INSERT INTO ledger_tree_node (channel, level, idx, hash)
            SELECT $1, level, idx, hash FROM unnest($2::smallint[], $3::bigint[], $4::bytea[]) AS n(level, idx, hash)""";

    private static final String SELECT_NODES = """
            SELECT n.level, n.idx, n.hash FROM ledger_tree_node n
            JOIN unnest($2::smallint[], $3::bigint[]) AS want(level, idx) ON n.level = want.level AND n.idx = want.idx
            WHERE n.channel = $1""";

    private final Pool pool;
    private final String channel;
    private MerkleFrontier frontier;

    private TransactionLogStore(Pool pool, String channel, MerkleFrontier frontier) {
        this.pool = pool;
        this.channel = channel;
        this.frontier = frontier;
    }

    /** Opens the channel's log, resuming its frontier from the stored nodes. */
    public static Uni<TransactionLogStore> open(Pool pool, String channel) {
        return pool.preparedQuery("SELECT COALESCE(MAX(idx) + 1, 0) AS size FROM ledger_tree_node WHERE channel = $1 AND level = 0")
                .execute(Tuple.of(channel))
                .map(rows -> rows.iterator().next().getLong("size"))
                .flatMap(size -> fetchNodes(pool, channel, ProofNodes.root(size).ids())
                        .map(edge -> new TransactionLogStore(pool, channel, MerkleFrontier.resume(size, edge))));
    }

    public TreeHead treeHead() {
        return frontier.treeHead();
    }

    /**
     * Writes the leaves and the complete subtrees they create, through {@code client} (the
     * caller's transaction). Returns the pending log state; hand it to {@link #advance} once the
     * transaction has committed.
     */
    public Uni<PendingAppend> append(SqlClient client, List<Hash> leafHashes) {
        MerkleFrontier next = frontier.copy();
        int capacity = leafHashes.size() * 2;
        List<Short> levels = new ArrayList<>(capacity);
        List<Long> indices = new ArrayList<>(capacity);
        List<io.vertx.core.buffer.Buffer> hashes = new ArrayList<>(capacity);
        for (Hash leaf : leafHashes) {
            for (MerkleFrontier.StoredNode node : next.append(leaf)) {
                levels.add((short) node.id().level());
                indices.add(node.id().index());
                hashes.add(io.vertx.core.buffer.Buffer.buffer(node.hash().toByteArray()));
            }
        }
        long firstIndex = frontier.size();
        return client.preparedQuery(INSERT)
                .execute(Tuple.of(channel, levels.toArray(Short[]::new), indices.toArray(Long[]::new),
                        hashes.toArray(io.vertx.core.buffer.Buffer[]::new)))
                .map(ignored -> new PendingAppend(firstIndex, next));
    }

    /** The tree head the log would have after appending the leaves; nothing is written. */
    public TreeHead treeHeadAfter(List<Hash> leafHashes) {
        MerkleFrontier next = frontier.copy();
        leafHashes.forEach(next::append);
        return next.treeHead();
    }

    /** Makes a committed append the log's current state. */
    public void advance(PendingAppend committed) {
        if (committed.firstIndex() != frontier.size()) {
            throw new IllegalStateException("append started at " + committed.firstIndex()
                    + " but the log is at " + frontier.size());
        }
        frontier = committed.frontier();
    }

    /** The inclusion proof of leaf {@code index} in the tree of {@code treeSize} leaves. */
    public Uni<InclusionProof> inclusionProof(long index, long treeSize) {
        checkSize(treeSize);
        if (index < 0 || index >= treeSize) {
            throw new IllegalArgumentException("leaf index must be in [0, " + treeSize + ")");
        }
        ProofNodes nodes = ProofNodes.inclusion(index, treeSize);
        return fetchNodes(pool, channel, nodes.ids())
                .map(found -> new InclusionProof(index, treeSize, nodes.rehash(found, Rfc6962Hasher.create())));
    }

    /** The consistency proof between the trees of {@code size1} and {@code size2} leaves. */
    public Uni<ConsistencyProof> consistencyProof(long size1, long size2) {
        checkSize(size2);
        if (size1 < 1 || size1 > size2) {
            throw new IllegalArgumentException("sizes must satisfy 1 <= first <= second <= " + frontier.size());
        }
        ProofNodes nodes = ProofNodes.consistency(size1, size2);
        return fetchNodes(pool, channel, nodes.ids())
                .map(found -> new ConsistencyProof(size1, size2, nodes.rehash(found, Rfc6962Hasher.create())));
    }

    /** The tree head at an earlier size, recomputed from the stored nodes. */
    public Uni<TreeHead> treeHeadAt(long treeSize) {
        checkSize(treeSize);
        if (treeSize == 0) {
            return Uni.createFrom().item(new TreeHead(0, Rfc6962Hasher.EMPTY_ROOT));
        }
        ProofNodes nodes = ProofNodes.root(treeSize);
        return fetchNodes(pool, channel, nodes.ids())
                .map(found -> new TreeHead(treeSize, nodes.rehash(found, Rfc6962Hasher.create()).get(0)));
    }

    private void checkSize(long treeSize) {
        if (treeSize < 0 || treeSize > frontier.size()) {
            throw new IllegalArgumentException("tree size must be in [0, " + frontier.size() + "]");
        }
    }

    private static Uni<List<Hash>> fetchNodes(Pool pool, String channel, List<NodeId> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Short[] levels = ids.stream().map(id -> (short) id.level()).toArray(Short[]::new);
        Long[] indices = ids.stream().map(NodeId::index).toArray(Long[]::new);
        return pool.preparedQuery(SELECT_NODES).execute(Tuple.of(channel, levels, indices)).map(rows -> {
            Map<NodeId, Hash> found = new HashMap<>();
            for (Row row : rows) {
                found.put(new NodeId(row.getShort("level"), row.getLong("idx")),
                        Hash.of(row.getBuffer("hash").getBytes()));
            }
            List<Hash> ordered = new ArrayList<>(ids.size());
            for (NodeId id : ids) {
                Hash hash = found.get(id);
                if (hash == null) {
                    throw new TamperedStoreException(channel, "the transaction log lacks node " + id);
                }
                ordered.add(hash);
            }
            return ordered;
        });
    }

    /** An append written in an uncommitted transaction. */
    public record PendingAppend(long firstIndex, MerkleFrontier frontier) {}
}
