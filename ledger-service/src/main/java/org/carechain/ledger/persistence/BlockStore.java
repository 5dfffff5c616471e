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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carechain.consensus.CommitCertificate;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.chain.Block;
import org.carechain.ledger.core.chain.BlockHeader;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.Transaction;

/**
 * Committed blocks and transactions in PostgreSQL. Writes happen in the caller's transaction, so
 * a block, its transactions and its tree nodes commit together. Reads recompute every hash from
 * the stored bytes and refuse to return anything that no longer matches ({@link TamperedStoreException}).
 */
public final class BlockStore {

    private static final String INSERT_BLOCK = """
            INSERT INTO ledger_block (channel, height, block_hash, header, commit_certificate, tx_count, first_log_index,
                committed_at, seals)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""";

    private static final String INSERT_TRANSACTIONS = """
            INSERT INTO ledger_transaction (channel, log_index, height, tx_hash, idempotency_key, body, patient_ref)
            SELECT $1, log_index, $2, tx_hash, idempotency_key, body, patient_ref
            FROM unnest($3::bigint[], $4::bytea[], $5::varchar[], $6::bytea[], $7::bytea[])
                AS t(log_index, tx_hash, idempotency_key, body, patient_ref)""";

    private static final String SELECT_BLOCKS = """
            SELECT height, block_hash, header, commit_certificate, tx_count, first_log_index, seals FROM ledger_block
            WHERE channel = $1 AND height BETWEEN $2 AND $3 ORDER BY height""";

    private static final String SELECT_TRANSACTIONS = "SELECT log_index, height, tx_hash, body FROM ledger_transaction ";

    private final Pool pool;

    public BlockStore(Pool pool) {
        this.pool = pool;
    }

    /** A committed block as stored: the block, its certificate bytes and where its transactions start in the log. */
    public record StoredBlock(Block block, byte[] commitCertificate, long firstLogIndex) {

        /** @throws TamperedStoreException if the stored certificate is unreadable or certifies another block */
        public CommitCertificate certificate() {
            return certificateOf(block.header(), commitCertificate);
        }
    }

    /** A committed transaction and where it sits. */
    public record StoredTransaction(Transaction transaction, long logIndex, long height) {}

    /** A committed block's header as stored, without its transactions. */
    public record StoredHeader(BlockHeader header, byte[] commitCertificate, long firstLogIndex) {

        /** @throws TamperedStoreException if the stored certificate is unreadable or certifies another block */
        public CommitCertificate certificate() {
            return certificateOf(header, commitCertificate);
        }
    }

    public Uni<Void> insert(SqlClient client, Block block, byte[] commitCertificate, long firstLogIndex, Instant committedAt) {
        BlockHeader header = block.header();
        String channel = header.channel().id();
        Tuple blockRow = Tuple.tuple(List.of(channel, header.height(), buffer(header.hash()),
                Buffer.buffer(header.canonicalBytes()), Buffer.buffer(commitCertificate), block.transactions().size(),
                firstLogIndex, OffsetDateTime.ofInstant(committedAt, ZoneOffset.UTC), Buffer.buffer(block.sealBytes())));
        int count = block.transactions().size();
        Long[] indices = new Long[count];
        Buffer[] hashes = new Buffer[count];
        String[] keys = new String[count];
        Buffer[] bodies = new Buffer[count];
        Buffer[] patients = new Buffer[count];
        for (int i = 0; i < count; i++) {
            Transaction transaction = block.transactions().get(i);
            indices[i] = firstLogIndex + i;
            hashes[i] = buffer(transaction.hash());
            keys[i] = transaction.idempotencyKey();
            bodies[i] = Buffer.buffer(transaction.canonicalBytes());
            patients[i] = patientRef(transaction).map(BlockStore::buffer).orElse(null);
        }
        Uni<RowSet<Row>> blockInsert = client.preparedQuery(INSERT_BLOCK).execute(blockRow);
        if (count == 0) {
            return blockInsert.replaceWithVoid();
        }
        return blockInsert
                .flatMap(ignored -> client.preparedQuery(INSERT_TRANSACTIONS)
                        .execute(Tuple.tuple(List.of(channel, header.height(), indices, hashes, keys, bodies, patients))))
                .replaceWithVoid();
    }

    /**
     * Fills the patient index of a block stored before the index existed, through {@code client}.
     * {@link #insert} fills it for new blocks.
     */
    public Uni<Void> indexPatients(SqlClient client, Block block) {
        List<Transaction> events = block.transactions().stream().filter(t -> patientRef(t).isPresent()).toList();
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("""
                        UPDATE ledger_transaction t SET patient_ref = p.patient_ref
                        FROM unnest($2::bytea[], $3::bytea[]) AS p(tx_hash, patient_ref)
                        WHERE t.channel = $1 AND t.tx_hash = p.tx_hash""")
                .execute(Tuple.of(block.header().channel().id(),
                        events.stream().map(t -> buffer(t.hash())).toArray(Buffer[]::new),
                        events.stream().map(t -> buffer(patientRef(t).orElseThrow())).toArray(Buffer[]::new)))
                .replaceWithVoid();
    }

    public Uni<Long> latestHeight(Channel channel) {
        return pool.preparedQuery("SELECT COALESCE(MAX(height), 0) AS height FROM ledger_block WHERE channel = $1")
                .execute(Tuple.of(channel.id()))
                .map(rows -> rows.iterator().next().getLong("height"));
    }

    public Uni<Optional<StoredBlock>> block(Channel channel, long height) {
        return blocks(channel, height, 1).map(found -> found.stream().findFirst());
    }

    /** Up to {@code limit} consecutive committed blocks from {@code fromHeight} on, in height order. */
    public Uni<List<StoredBlock>> blocks(Channel channel, long fromHeight, int limit) {
        long toHeight = lastOfRange(fromHeight, limit);
        return pool.preparedQuery(SELECT_BLOCKS)
                .execute(Tuple.of(channel.id(), fromHeight, toHeight))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(List.<StoredBlock>of());
                    }
                    return transactionsOf(channel, fromHeight, toHeight).map(transactions -> {
                        List<StoredBlock> blocks = new ArrayList<>(rows.size());
                        for (Row row : rows) {
                            long height = row.getLong("height");
                            List<Transaction> ofBlock = transactions.getOrDefault(height, List.of());
                            blocks.add(verifiedBlock(channel, height, row, ofBlock));
                        }
                        return blocks;
                    });
                });
    }

    public Uni<Optional<StoredHeader>> header(Channel channel, long height) {
        return headers(channel, height, height).map(found -> found.stream().findFirst());
    }

    /** The stored headers of the heights {@code fromHeight..toHeight} that exist, in height order. */
    public Uni<List<StoredHeader>> headers(Channel channel, long fromHeight, long toHeight) {
        return pool.preparedQuery(SELECT_BLOCKS)
                .execute(Tuple.of(channel.id(), fromHeight, toHeight))
                .map(rows -> {
                    List<StoredHeader> headers = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        long height = row.getLong("height");
                        headers.add(new StoredHeader(verifiedHeader(channel, height, row),
                                row.getBuffer("commit_certificate").getBytes(), row.getLong("first_log_index")));
                    }
                    return headers;
                });
    }

    public Uni<Optional<StoredTransaction>> transaction(Channel channel, Hash transactionHash) {
        return pool.preparedQuery(SELECT_TRANSACTIONS + "WHERE channel = $1 AND tx_hash = $2")
                .execute(Tuple.of(channel.id(), buffer(transactionHash)))
                .map(rows -> rows.size() == 0
                        ? Optional.<StoredTransaction>empty()
                        : Optional.of(verifiedTransaction(channel, rows.iterator().next())));
    }

    public Uni<Optional<StoredTransaction>> transaction(Channel channel, String idempotencyKey) {
        return pool.preparedQuery(SELECT_TRANSACTIONS + "WHERE channel = $1 AND idempotency_key = $2")
                .execute(Tuple.of(channel.id(), idempotencyKey))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.<StoredTransaction>empty();
                    }
                    StoredTransaction stored = verifiedTransaction(channel, rows.iterator().next());
                    if (!stored.transaction().idempotencyKey().equals(idempotencyKey)) {
                        throw new TamperedStoreException(channel, "transaction " + stored.logIndex()
                                + " is indexed under another idempotency key");
                    }
                    return Optional.of(stored);
                });
    }

    /**
     * Up to {@code limit} record events about one patient pseudonym, in log order from log index
     * {@code fromIndex} on. Each is checked to name that patient, so a forged index row is refused;
     * the index does not prove that no event is missing.
     */
    public Uni<List<StoredTransaction>> patientEvents(Channel channel, Hash patientRef, long fromIndex, int limit) {
        return pool.preparedQuery(SELECT_TRANSACTIONS
                        + "WHERE channel = $1 AND patient_ref = $2 AND log_index >= $3 ORDER BY log_index LIMIT $4")
                .execute(Tuple.of(channel.id(), buffer(patientRef), fromIndex, limit))
                .map(rows -> {
                    List<StoredTransaction> events = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        StoredTransaction stored = verifiedTransaction(channel, row);
                        if (!patientRef(stored.transaction()).map(patientRef::equals).orElse(false)) {
                            throw new TamperedStoreException(channel, "transaction " + stored.logIndex()
                                    + " is indexed under another patient");
                        }
                        events.add(stored);
                    }
                    return events;
                });
    }

    /** The patient pseudonym of a record event, consent grant or revocation, or access event; empty for other payloads. */
    public static Optional<Hash> patientRef(Transaction transaction) {
        return transaction.payload() instanceof RecordEvent event ? Optional.of(event.patientRef())
                : org.carechain.ledger.interop.ConsentCodec.patientRef(transaction);
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

    private Uni<Map<Long, List<Transaction>>> transactionsOf(Channel channel, long fromHeight, long toHeight) {
        return pool.preparedQuery(SELECT_TRANSACTIONS + "WHERE channel = $1 AND height BETWEEN $2 AND $3 ORDER BY log_index")
                .execute(Tuple.of(channel.id(), fromHeight, toHeight))
                .map(rows -> {
                    Map<Long, List<Transaction>> byHeight = new HashMap<>();
                    rows.forEach(row -> byHeight.computeIfAbsent(row.getLong("height"), h -> new ArrayList<>())
                            .add(verifiedTransaction(channel, row).transaction()));
                    return byHeight;
                });
    }

    private static long lastOfRange(long fromHeight, int limit) {
        if (fromHeight < 1 || limit < 1) {
            throw new IllegalArgumentException("heights start at 1 and a range holds at least one block");
        }
        return fromHeight > Long.MAX_VALUE - limit ? Long.MAX_VALUE : fromHeight + limit - 1;
    }

    private static BlockHeader verifiedHeader(Channel channel, long height, Row row) {
        BlockHeader header;
        try {
            header = BlockHeader.fromCanonicalBytes(row.getBuffer("header").getBytes());
        } catch (IllegalArgumentException e) {
            throw new TamperedStoreException(channel, "block " + height + " has an unreadable header");
        }
        if (header.height() != height || header.channel() != channel
                || !header.hash().contentEquals(row.getBuffer("block_hash").getBytes())) {
            throw new TamperedStoreException(channel, "block " + height + " no longer matches its header");
        }
        return header;
    }

    private static StoredBlock verifiedBlock(Channel channel, long height, Row row, List<Transaction> transactions) {
        Block block = new Block(verifiedHeader(channel, height, row), transactions, seals(channel, height, row));
        if (transactions.size() != row.getInteger("tx_count") || !block.transactionsMatchHeader()) {
            throw new TamperedStoreException(channel, "block " + height + " no longer matches its header");
        }
        return new StoredBlock(block, row.getBuffer("commit_certificate").getBytes(), row.getLong("first_log_index"));
    }

    /** The block's seals; none for a block stored before seals existed. */
    private static List<org.carechain.ledger.core.chain.BatchSeal> seals(Channel channel, long height, Row row) {
        var stored = row.getBuffer("seals");
        if (stored == null) {
            return List.of();
        }
        try {
            return Block.sealsFromBytes(stored.getBytes());
        } catch (IllegalArgumentException e) {
            throw new TamperedStoreException(channel, "the seals of block " + height + " are unreadable");
        }
    }

    private static CommitCertificate certificateOf(BlockHeader header, byte[] stored) {
        CommitCertificate certificate;
        try {
            certificate = CommitCertificate.fromBytes(stored);
        } catch (IllegalArgumentException e) {
            throw new TamperedStoreException(header.channel(), "block " + header.height() + " has an unreadable commit certificate");
        }
        if (certificate.height() != header.height() || !certificate.blockId().equals(header.hash())) {
            throw new TamperedStoreException(header.channel(), "the commit certificate of block " + header.height()
                    + " certifies another block");
        }
        return certificate;
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
