package org.carechain.search.server;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sse.Entry;

/** The server-mode tables (V1__search_server.sql), through the reactive PostgreSQL client. */
@ApplicationScoped
public class SearchServerStore {

    private static final String HEAD_COLUMNS = "epoch, base_log_size, log_size, log_root, frontier, batch_digest";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String ENTRY_KEY = "search_entry_pkey";

    @Inject
    Pool pool;

    /** Runs {@code work} in one database transaction, rolled back if it fails. */
    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** The owner's head; {@link StoredHead#EMPTY} before its first push. */
    public Uni<StoredHead> head(String owner) {
        return pool.preparedQuery("SELECT " + HEAD_COLUMNS + " FROM search_log_head WHERE owner = $1")
                .execute(Tuple.of(owner))
                .map(rows -> first(rows).orElse(StoredHead.EMPTY));
    }

    /**
     * The owner's head, locked until the transaction ends so that pushes for one owner apply one
     * at a time, on every replica. The row is created empty on the owner's first push.
     */
    public Uni<StoredHead> lockHead(SqlConnection connection, String owner) {
        String lock = "SELECT " + HEAD_COLUMNS + " FROM search_log_head WHERE owner = $1 FOR UPDATE";
        return connection.preparedQuery(lock).execute(Tuple.of(owner)).chain(rows -> {
            Optional<StoredHead> found = first(rows);
            if (found.isPresent()) {
                return Uni.createFrom().item(found.get());
            }
            return connection.preparedQuery("INSERT INTO search_log_head (owner, epoch, base_log_size, log_size, "
                            + "log_root, frontier, batch_digest, updated_at) VALUES ($1, 0, 0, 0, $2, $3, NULL, now()) "
                            + "ON CONFLICT (owner) DO NOTHING")
                    .execute(Tuple.of(owner, buffer(StoredHead.EMPTY.logRoot().toByteArray()), Buffer.buffer()))
                    .chain(() -> connection.preparedQuery(lock).execute(Tuple.of(owner)))
                    .map(locked -> first(locked).orElseThrow());
        });
    }

    /**
     * Appends a push's entries from log position {@code firstIndex} on, in one statement.
     *
     * @throws SearchServerException INVALID_ARGUMENT (as the Uni's failure) if a label is already
     *     stored for this owner; the transaction must then be rolled back
     */
    public Uni<Void> insertEntries(SqlClient client, String owner, long firstIndex, List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Buffer[] labels = new Buffer[entries.size()];
        Buffer[] values = new Buffer[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            labels[i] = buffer(entries.get(i).label());
            values[i] = buffer(entries.get(i).value());
        }
        return client.preparedQuery("INSERT INTO search_entry (owner, label, value, log_index) "
                        + "SELECT $1, t.label, t.value, $2 + t.position - 1 "
                        + "FROM unnest($3::bytea[], $4::bytea[]) WITH ORDINALITY AS t(label, value, position)")
                .execute(Tuple.of(owner, firstIndex, labels, values))
                .onFailure(SearchServerStore::labelAlreadyStored)
                .transform(e -> SearchServerException.badRequest("entries: a label is already stored for this owner"))
                .replaceWithVoid();
    }

    /** Records the applied push as the owner's new head, and in the epoch history. */
    public Uni<Void> advance(SqlClient client, VerifiedPush push, LogHead head, List<Hash> frontier) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Buffer root = buffer(head.root().toByteArray());
        Buffer digest = buffer(push.digest().toByteArray());
        return client.preparedQuery("UPDATE search_log_head SET epoch = $2, base_log_size = $3, log_size = $4, "
                        + "log_root = $5, frontier = $6, batch_digest = $7, updated_at = $8 WHERE owner = $1")
                .execute(Tuple.tuple().addString(push.owner()).addLong(head.epoch()).addLong(push.baseLogSize())
                        .addLong(head.size()).addValue(root).addValue(buffer(concat(frontier))).addValue(digest)
                        .addOffsetDateTime(now))
                .chain(() -> client.preparedQuery("INSERT INTO search_epoch (owner, epoch, base_log_size, log_size, "
                                + "log_root, batch_digest, signature, applied_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                        .execute(Tuple.tuple().addString(push.owner()).addLong(head.epoch())
                                .addLong(push.baseLogSize()).addLong(head.size()).addValue(root).addValue(digest)
                                .addValue(buffer(push.signature())).addOffsetDateTime(now)))
                .replaceWithVoid();
    }

    /**
     * The values stored for the owner under any of {@code labels}, keyed by label; labels it does
     * not hold are absent.
     */
    public Uni<Map<ByteBuffer, byte[]>> find(String owner, Buffer[] labels) {
        // A join with the labels, not "label = ANY($2)": the planner then looks each label up in the
        // primary key instead of scanning the owner's entries when many labels are asked.
        return pool.preparedQuery("SELECT e.label, e.value FROM unnest($2::bytea[]) AS asked(label) "
                        + "JOIN search_entry e ON e.owner = $1 AND e.label = asked.label")
                .execute(Tuple.of(owner, labels))
                .map(rows -> {
                    Map<ByteBuffer, byte[]> found = new HashMap<>(rows.size() * 2);
                    for (Row row : rows) {
                        found.put(ByteBuffer.wrap(row.getBuffer(0).getBytes()), row.getBuffer(1).getBytes());
                    }
                    return found;
                });
    }

    private static boolean labelAlreadyStored(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                && ENTRY_KEY.equals(pg.getConstraint());
    }

    private static Optional<StoredHead> first(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Optional.empty();
        }
        Row row = rows.iterator().next();
        byte[] frontier = row.getBuffer("frontier").getBytes();
        List<Hash> hashes = new ArrayList<>(frontier.length / Hash.SIZE);
        for (int offset = 0; offset < frontier.length; offset += Hash.SIZE) {
            hashes.add(Hash.of(frontier, offset));
        }
        var digest = row.getBuffer("batch_digest");
        return Optional.of(new StoredHead(row.getLong("epoch"), row.getLong("base_log_size"), row.getLong("log_size"),
                Hash.of(row.getBuffer("log_root").getBytes()), hashes, digest == null ? null : Hash.of(digest.getBytes())));
    }

    private static byte[] concat(List<Hash> hashes) {
        byte[] bytes = new byte[hashes.size() * Hash.SIZE];
        for (int i = 0; i < hashes.size(); i++) {
            hashes.get(i).copyTo(bytes, i * Hash.SIZE);
        }
        return bytes;
    }

    static Buffer buffer(byte[] bytes) {
        return Buffer.buffer(bytes);
    }
}
