package org.carechain.ledger.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.chain.Block;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.Transaction;

/**
 * The chain's view of every EHR record ({@code ledger_record}): its latest record event, whether
 * it is live and how many versions the chain has seen since its latest CREATE. Derived rows,
 * written with the block that causes them; whoever relies on one proves it with the transaction
 * it names ({@link RecordState#transactionHash()}), which carries an inclusion proof and a commit
 * certificate.
 */
public final class RecordIndexStore {

    private static final String UPSERT = """
            INSERT INTO ledger_record AS r (channel, provider, resource_type, record_ref, live, content_hash, versions,
                log_index, height, tx_hash)
            SELECT $1, provider, resource_type, record_ref, live, content_hash, versions, log_index, $2, tx_hash
            FROM unnest($3::varchar[], $4::varchar[], $5::bytea[], $6::boolean[], $7::bytea[], $8::int[], $9::bigint[],
                $10::bytea[]) AS t(provider, resource_type, record_ref, live, content_hash, versions, log_index, tx_hash)
            ON CONFLICT (channel, provider, resource_type, record_ref) DO UPDATE SET
                live = EXCLUDED.live, content_hash = EXCLUDED.content_hash, log_index = EXCLUDED.log_index,
                height = EXCLUDED.height, tx_hash = EXCLUDED.tx_hash, versions =\s""";

    private static final String SELECT = """
            SELECT provider, resource_type, record_ref, live, content_hash, versions, log_index, height, tx_hash
            FROM ledger_record\s""";

    private final Pool pool;

    public RecordIndexStore(Pool pool) {
        this.pool = pool;
    }

    /** A record as the chain last saw it. */
    public record RecordState(String provider, String resourceType, Hash recordRef, boolean live, Hash contentHash,
            int versions, long logIndex, long height, Hash transactionHash) {}

    /** Where a listing continues: after this (resource type, record ref). */
    public record Cursor(String resourceType, Hash recordRef) {}

    /**
     * Writes the record rows a block changes, through {@code client} (the block's own database
     * transaction). A block may hold several events of one record: they are folded in order first.
     */
    public Uni<Void> apply(SqlClient client, Block block, long firstLogIndex) {
        Map<Key, Fold> folds = new LinkedHashMap<>();
        List<Transaction> transactions = block.transactions();
        for (int i = 0; i < transactions.size(); i++) {
            if (transactions.get(i).payload() instanceof RecordEvent event) {
                Key key = new Key(event.provider(), event.resourceType(), event.recordRef());
                folds.computeIfAbsent(key, k -> new Fold()).add(event, firstLogIndex + i, transactions.get(i).hash());
            }
        }
        if (folds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String channel = block.header().channel().id();
        long height = block.header().height();
        // A CREATE restarts the version count; otherwise the block's versions add to the stored ones.
        Uni<Void> restarted = upsert(client, channel, height, folds, true, "EXCLUDED.versions");
        return restarted.flatMap(ignored -> upsert(client, channel, height, folds, false, "r.versions + EXCLUDED.versions"));
    }

    private static Uni<Void> upsert(SqlClient client, String channel, long height, Map<Key, Fold> folds, boolean restarted,
            String versions) {
        List<Map.Entry<Key, Fold>> rows = folds.entrySet().stream().filter(e -> e.getValue().restarted == restarted).toList();
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = rows.size();
        String[] providers = new String[n];
        String[] types = new String[n];
        Buffer[] refs = new Buffer[n];
        Boolean[] live = new Boolean[n];
        Buffer[] hashes = new Buffer[n];
        Integer[] counts = new Integer[n];
        Long[] indices = new Long[n];
        Buffer[] txHashes = new Buffer[n];
        for (int i = 0; i < n; i++) {
            Key key = rows.get(i).getKey();
            Fold fold = rows.get(i).getValue();
            providers[i] = key.provider();
            types[i] = key.resourceType();
            refs[i] = buffer(key.recordRef());
            live[i] = fold.live;
            hashes[i] = buffer(fold.contentHash);
            counts[i] = fold.versions;
            indices[i] = fold.logIndex;
            txHashes[i] = buffer(fold.transactionHash);
        }
        return client.preparedQuery(UPSERT + versions)
                .execute(Tuple.tuple(List.of(channel, height, providers, types, refs, live, hashes, counts, indices, txHashes)))
                .replaceWithVoid();
    }

    /** The record as the chain last saw it, if it has ever seen it. */
    public Uni<Optional<RecordState>> record(Channel channel, String provider, String resourceType, Hash recordRef) {
        return pool.preparedQuery(SELECT + "WHERE channel = $1 AND provider = $2 AND resource_type = $3 AND record_ref = $4")
                .execute(Tuple.of(channel.id(), provider, resourceType, buffer(recordRef)))
                .map(rows -> rows.size() == 0 ? Optional.<RecordState>empty() : Optional.of(state(rows.iterator().next())));
    }

    /** Up to {@code limit} of a provider's records after {@code after} (or from the first), in key order. */
    public Uni<List<RecordState>> records(Channel channel, String provider, Optional<Cursor> after, int limit) {
        Uni<io.vertx.mutiny.sqlclient.RowSet<Row>> rows = after.isEmpty()
                ? pool.preparedQuery(SELECT + "WHERE channel = $1 AND provider = $2 ORDER BY resource_type, record_ref LIMIT $3")
                        .execute(Tuple.of(channel.id(), provider, limit))
                : pool.preparedQuery(SELECT + "WHERE channel = $1 AND provider = $2 AND (resource_type, record_ref) > ($3, $4) "
                                + "ORDER BY resource_type, record_ref LIMIT $5")
                        .execute(Tuple.of(channel.id(), provider, after.get().resourceType(),
                                buffer(after.get().recordRef()), limit));
        return rows.map(found -> {
            List<RecordState> states = new ArrayList<>(found.size());
            found.forEach(row -> states.add(state(row)));
            return states;
        });
    }

    private static RecordState state(Row row) {
        return new RecordState(row.getString("provider"), row.getString("resource_type"), hash(row, "record_ref"),
                row.getBoolean("live"), hash(row, "content_hash"), row.getInteger("versions"), row.getLong("log_index"),
                row.getLong("height"), hash(row, "tx_hash"));
    }

    private static Hash hash(Row row, String column) {
        return Hash.of(row.getBuffer(column).getBytes());
    }

    private static Buffer buffer(Hash hash) {
        return Buffer.buffer(hash.toByteArray());
    }

    private record Key(String provider, String resourceType, Hash recordRef) {}

    /** The effect of one block's events on one record. */
    private static final class Fold {
        private boolean restarted;
        private boolean live;
        private int versions;
        private Hash contentHash;
        private long logIndex;
        private Hash transactionHash;

        void add(RecordEvent event, long index, Hash txHash) {
            switch (event.op()) {
                case CREATE -> {
                    restarted = true;
                    live = true;
                    versions = 1;
                }
                case UPDATE -> {
                    live = true;
                    versions++;
                }
                case DELETE -> live = false;
            }
            contentHash = event.contentHash();
            logIndex = index;
            transactionHash = txHash;
        }
    }
}
