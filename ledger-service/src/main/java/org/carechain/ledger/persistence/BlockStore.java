package org.carechain.ledger.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.chain.Block;
import org.carechain.ledger.core.chain.BlockHeader;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.Transaction;

/**
 * Committed blocks and transactions in PostgreSQL. Writes happen in the caller's transaction, so
 * a block, its transactions and its tree nodes commit together. Reads recompute every hash from
 * the stored bytes and refuse to return anything that no longer matches ({@link TamperedStoreException}).
 */
public final class BlockStore {

    private static final String INSERT_BLOCK = """
            INSERT INTO ledger_block (channel, height, block_hash, header, commit_certificate, tx_count, first_log_index, committed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""";

    private static final String INSERT_TRANSACTIONS = """
            INSERT INTO ledger_transaction (channel, log_index, height, tx_hash, idempotency_key, body)
            SELECT $1, log_index, $2, tx_hash, idempotency_key, body
            FROM unnest($3::bigint[], $4::bytea[], $5::varchar[], $6::bytea[]) AS t(log_index, tx_hash, idempotency_key, body)""";

    private final Pool pool;

    public BlockStore(Pool pool) {
        this.pool = pool;
    }

    /** A committed block as stored: the block, its certificate bytes and where its transactions start in the log. */
    public record StoredBlock(Block block, byte[] commitCertificate, long firstLogIndex) {}

    /** A committed transaction and where it sits. */
    public record StoredTransaction(Transaction transaction, long logIndex, long height) {}

    public Uni<Void> insert(SqlClient client, Block block, byte[] commitCertificate, long firstLogIndex, Instant committedAt) {
        BlockHeader header = block.header();
        String channel = header.channel().id();
        Tuple blockRow = Tuple.tuple(List.of(channel, header.height(), buffer(header.hash()),
                Buffer.buffer(header.canonicalBytes()), Buffer.buffer(commitCertificate), block.transactions().size(),
                firstLogIndex, OffsetDateTime.ofInstant(committedAt, ZoneOffset.UTC)));
        int count = block.transactions().size();
        Long[] indices = new Long[count];
        Buffer[] hashes = new Buffer[count];
        String[] keys = new String[count];
        Buffer[] bodies = new Buffer[count];
        for (int i = 0; i < count; i++) {
            Transaction transaction = block.transactions().get(i);
            indices[i] = firstLogIndex + i;
            hashes[i] = buffer(transaction.hash());
            keys[i] = transaction.idempotencyKey();
            bodies[i] = Buffer.buffer(transaction.canonicalBytes());
        }
        Uni<RowSet<Row>> blockInsert = client.preparedQuery(INSERT_BLOCK).execute(blockRow);
        if (count == 0) {
            return blockInsert.replaceWithVoid();
        }
        return blockInsert
                .flatMap(ignored -> client.preparedQuery(INSERT_TRANSACTIONS)
                        .execute(Tuple.of(channel, header.height(), indices, hashes, keys, bodies)))
                .replaceWithVoid();
    }

    public Uni<Long> latestHeight(Channel channel) {
        return pool.preparedQuery("SELECT COALESCE(MAX(height), 0) AS height FROM ledger_block WHERE channel = $1")
                .execute(Tuple.of(channel.id()))
                .map(rows -> rows.iterator().next().getLong("height"));
    }

    public Uni<Optional<StoredBlock>> block(Channel channel, long height) {
        return pool.preparedQuery("""
                        SELECT block_hash, header, commit_certificate, tx_count, first_log_index FROM ledger_block
                        WHERE channel = $1 AND height = $2""")
                .execute(Tuple.of(channel.id(), height))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(Optional.<StoredBlock>empty());
                    }
                    Row row = rows.iterator().next();
                    return transactionsOf(channel, height).map(transactions -> Optional.of(
                            verifiedBlock(channel, height, row, transactions)));
                });
    }

    public Uni<Optional<StoredTransaction>> transaction(Channel channel, Hash transactionHash) {
        return pool.preparedQuery("""
                        SELECT log_index, height, tx_hash, body FROM ledger_transaction WHERE channel = $1 AND tx_hash = $2""")
                .execute(Tuple.of(channel.id(), buffer(transactionHash)))
                .map(rows -> rows.size() == 0
                        ? Optional.<StoredTransaction>empty()
                        : Optional.of(verifiedTransaction(channel, rows.iterator().next())));
    }

    /** Which of the idempotency keys are already committed on the channel. */
    public Uni<Set<String>> committedKeys(Channel channel, List<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return pool.preparedQuery("""
                        SELECT idempotency_key FROM ledger_transaction WHERE channel = $1 AND idempotency_key = ANY($2)""")
                .execute(Tuple.of(channel.id(), keys.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> found = new HashSet<>();
                    rows.forEach(row -> found.add(row.getString("idempotency_key")));
                    return found;
                });
    }

    private Uni<List<Transaction>> transactionsOf(Channel channel, long height) {
        return pool.preparedQuery("""
                        SELECT log_index, height, tx_hash, body FROM ledger_transaction
                        WHERE channel = $1 AND height = $2 ORDER BY log_index""")
                .execute(Tuple.of(channel.id(), height))
                .map(rows -> {
                    List<Transaction> transactions = new ArrayList<>(rows.size());
                    rows.forEach(row -> transactions.add(verifiedTransaction(channel, row).transaction()));
                    return transactions;
                });
    }

    private static StoredBlock verifiedBlock(Channel channel, long height, Row row, List<Transaction> transactions) {
        BlockHeader header;
        try {
            header = BlockHeader.fromCanonicalBytes(row.getBuffer("header").getBytes());
        } catch (IllegalArgumentException e) {
            throw new TamperedStoreException(channel, "block " + height + " has an unreadable header");
        }
        Block block = new Block(header, transactions);
        if (header.height() != height || header.channel() != channel
                || !header.hash().contentEquals(row.getBuffer("block_hash").getBytes())
                || transactions.size() != row.getInteger("tx_count")
                || !block.transactionsMatchHeader()) {
            throw new TamperedStoreException(channel, "block " + height + " no longer matches its header");
        }
        return new StoredBlock(block, row.getBuffer("commit_certificate").getBytes(), row.getLong("first_log_index"));
    }

    private static StoredTransaction verifiedTransaction(Channel channel, Row row) {
        long logIndex = row.getLong("log_index");
        Transaction transaction;
        try {
            transaction = Transaction.fromCanonicalBytes(row.getBuffer("body").getBytes());
        } catch (IllegalArgumentException e) {
            throw new TamperedStoreException(channel, "transaction " + logIndex + " is unreadable");
        }
        if (!transaction.hash().contentEquals(row.getBuffer("tx_hash").getBytes())) {
            throw new TamperedStoreException(channel, "transaction " + logIndex + " no longer matches its hash");
        }
        return new StoredTransaction(transaction, logIndex, row.getLong("height"));
    }

    private static Buffer buffer(Hash hash) {
        return Buffer.buffer(hash.toByteArray());
    }
}
