package org.carechain.search.owner;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sse.Entry;
import org.carechain.crypto.sse.KeywordState;
import org.carechain.crypto.sse.SecurityLabel;

/** The owner's tables (V2__search_owner.sql), through the reactive PostgreSQL client. */
@ApplicationScoped
public class OwnerStore {

    @Inject
    Pool pool;

    /** An epoch as recorded: its log head after it, and how far it went. */
    public record Epoch(long epoch, long baseSize, long logSize, Hash logRoot, List<Hash> frontier, int entries,
            String state, long anchorHeight, Optional<Hash> anchorTransaction, byte[] anchorSignature) {
        public boolean anchored() {
            return "ANCHORED".equals(state);
        }
    }

    /** The version of a record the index holds. */
    public record IndexedRecord(Hash recordRef, String resourceType, SecurityLabel securityLabel, Hash contentHash) {}

    /** A keyword's state now, and as of the end of the epoch before the one that last changed it. */
    public record StoredKeyword(KeywordState current, long epoch, KeywordState previous) {
        /** The state as of epoch {@code anchored}, the latest whose entries the server holds for certain. */
        public KeywordState asOf(long anchored) {
            return epoch <= anchored ? current : previous;
        }
    }

    /** What one epoch changes, written in one transaction with its outbox. */
    public record EpochWrite(Epoch epoch, Map<Hash, KeywordState> keywords, List<IndexedRecord> records,
            List<Hash> droppedRecords, List<Entry> entries, long ehrHeight) {}

    public Uni<Long> ehrHeight() {
        return pool.query("SELECT ehr_height FROM search_owner_progress WHERE id = 1").execute()
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
    }

    public Uni<Void> setEhrHeight(long height) {
        return setEhrHeight(pool, height);
    }

    private static Uni<Void> setEhrHeight(SqlClient client, long height) {
        return client.preparedQuery("INSERT INTO search_owner_progress (id, ehr_height) VALUES (1, $1) "
                        + "ON CONFLICT (id) DO UPDATE SET ehr_height = $1")
                .execute(Tuple.of(height)).replaceWithVoid();
    }

    public Uni<Optional<Epoch>> lastEpoch() {
        return pool.query("SELECT * FROM search_owner_epoch ORDER BY epoch DESC LIMIT 1").execute()
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(epoch(rows.iterator().next())));
    }

    public Uni<Optional<Epoch>> latestAnchored() {
        return pool.query("SELECT * FROM search_owner_epoch WHERE state = 'ANCHORED' ORDER BY epoch DESC LIMIT 1").execute()
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(epoch(rows.iterator().next())));
    }

    public Uni<Map<Hash, StoredKeyword>> keywords(List<Hash> tags) {
        if (tags.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("SELECT tag, count, digest, epoch, prev_count, prev_digest FROM search_owner_keyword "
                        + "WHERE tag = ANY($1)")
                .execute(Tuple.of(buffers(tags)))
                .map(rows -> {
                    Map<Hash, StoredKeyword> found = new HashMap<>();
                    for (Row row : rows) {
                        found.put(hash(row, "tag"), new StoredKeyword(
                                new KeywordState(row.getLong("count"), hash(row, "digest")), row.getLong("epoch"),
                                new KeywordState(row.getLong("prev_count"), hash(row, "prev_digest"))));
                    }
                    return found;
                });
    }

    public Uni<Map<Hash, IndexedRecord>> records(List<Hash> recordRefs) {
        if (recordRefs.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("SELECT record_ref, resource_type, security_label, content_hash FROM search_owner_record "
                        + "WHERE record_ref = ANY($1)")
                .execute(Tuple.of(buffers(recordRefs)))
                .map(rows -> {
                    Map<Hash, IndexedRecord> found = new HashMap<>();
                    for (Row row : rows) {
                        Hash ref = hash(row, "record_ref");
                        found.put(ref, new IndexedRecord(ref, row.getString("resource_type"),
                                SecurityLabel.fromCode(row.getString("security_label")), hash(row, "content_hash")));
                    }
                    return found;
                });
    }

    /** Records an epoch: keyword states, indexed records, the outbox and the progress, together. */
    public Uni<Void> writeEpoch(EpochWrite write) {
        Epoch epoch = write.epoch();
        return pool.withTransaction(connection -> {
            Uni<Void> work = connection.preparedQuery("INSERT INTO search_owner_epoch (epoch, base_size, log_size, log_root, "
                            + "frontier, entries, state) VALUES ($1, $2, $3, $4, $5, $6, 'BUILT')")
                    .execute(Tuple.of(epoch.epoch(), epoch.baseSize(), epoch.logSize(), buffer(epoch.logRoot()),
                            buffers(epoch.frontier()), epoch.entries()))
                    .replaceWithVoid();
            if (!write.keywords().isEmpty()) {
                List<Hash> tags = new ArrayList<>(write.keywords().keySet());
                Long[] counts = new Long[tags.size()];
                Buffer[] digests = new Buffer[tags.size()];
                for (int i = 0; i < tags.size(); i++) {
                    KeywordState state = write.keywords().get(tags.get(i));
                    counts[i] = state.count();
                    digests[i] = buffer(state.digest());
                }
                // A keyword changed in an earlier epoch keeps that state as its previous one.
                work = work.chain(() -> connection.preparedQuery("INSERT INTO search_owner_keyword "
                                + "(tag, count, digest, epoch, prev_count, prev_digest) "
                                + "SELECT t, c, d, $4, 0, $5 FROM unnest($1::bytea[], $2::bigint[], $3::bytea[]) AS u(t, c, d) "
                                + "ON CONFLICT (tag) DO UPDATE SET prev_count = CASE WHEN search_owner_keyword.epoch < $4 "
                                + "THEN search_owner_keyword.count ELSE search_owner_keyword.prev_count END, "
                                + "prev_digest = CASE WHEN search_owner_keyword.epoch < $4 THEN search_owner_keyword.digest "
                                + "ELSE search_owner_keyword.prev_digest END, "
                                + "count = excluded.count, digest = excluded.digest, epoch = $4")
                        .execute(Tuple.of(buffers(tags), counts, digests, epoch.epoch(),
                                buffer(KeywordState.EMPTY.digest())))
                        .replaceWithVoid());
            }
            if (!write.records().isEmpty()) {
                int size = write.records().size();
                Buffer[] refs = new Buffer[size];
                String[] types = new String[size];
                String[] labels = new String[size];
                Buffer[] hashes = new Buffer[size];
                for (int i = 0; i < size; i++) {
                    IndexedRecord record = write.records().get(i);
                    refs[i] = buffer(record.recordRef());
                    types[i] = record.resourceType();
                    labels[i] = record.securityLabel().name();
                    hashes[i] = buffer(record.contentHash());
                }
                work = work.chain(() -> connection.preparedQuery("INSERT INTO search_owner_record "
                                + "(record_ref, resource_type, security_label, content_hash) "
                                + "SELECT * FROM unnest($1::bytea[], $2::text[], $3::char(1)[], $4::bytea[]) "
                                + "ON CONFLICT (record_ref) DO UPDATE SET resource_type = excluded.resource_type, "
                                + "security_label = excluded.security_label, content_hash = excluded.content_hash")
                        .execute(Tuple.of(refs, types, labels, hashes))
                        .replaceWithVoid());
            }
            if (!write.droppedRecords().isEmpty()) {
                work = work.chain(() -> connection.preparedQuery("DELETE FROM search_owner_record WHERE record_ref = ANY($1)")
                        .execute(Tuple.of(buffers(write.droppedRecords()))).replaceWithVoid());
            }
            if (!write.entries().isEmpty()) {
                int size = write.entries().size();
                Integer[] positions = new Integer[size];
                Buffer[] labels = new Buffer[size];
                Buffer[] values = new Buffer[size];
                for (int i = 0; i < size; i++) {
                    positions[i] = i;
                    labels[i] = Buffer.buffer(write.entries().get(i).label());
                    values[i] = Buffer.buffer(write.entries().get(i).value());
                }
                work = work.chain(() -> connection.preparedQuery("INSERT INTO search_owner_outbox (epoch, position, label, value) "
                                + "SELECT $1, p, l, v FROM unnest($2::int[], $3::bytea[], $4::bytea[]) AS u(p, l, v)")
                        .execute(Tuple.of(epoch.epoch(), positions, labels, values))
                        .replaceWithVoid());
            }
            return work.chain(() -> setEhrHeight(connection, write.ehrHeight()));
        });
    }

    public Uni<List<Entry>> outbox(long epoch) {
        return pool.preparedQuery("SELECT label, value FROM search_owner_outbox WHERE epoch = $1 ORDER BY position")
                .execute(Tuple.of(epoch))
                .map(rows -> {
                    List<Entry> entries = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        entries.add(new Entry(row.getBuffer("label").getBytes(), row.getBuffer("value").getBytes()));
                    }
                    return entries;
                });
    }

    public Uni<Void> markPushed(long epoch) {
        return pool.preparedQuery("UPDATE search_owner_epoch SET state = 'PUSHED' WHERE epoch = $1 AND state = 'BUILT'")
                .execute(Tuple.of(epoch)).replaceWithVoid();
    }

    /** Marks an epoch anchored and empties its outbox: the server and the chain both hold it now. */
    public Uni<Void> markAnchored(long epoch, long height, Hash transaction, byte[] signature) {
        return pool.withTransaction(connection -> connection.preparedQuery("UPDATE search_owner_epoch SET state = 'ANCHORED', "
                                + "anchor_height = $2, anchor_tx = $3, anchor_signature = $4 WHERE epoch = $1")
                        .execute(Tuple.of(epoch, height, buffer(transaction), Buffer.buffer(signature)))
                        .chain(() -> connection.preparedQuery("DELETE FROM search_owner_outbox WHERE epoch = $1")
                                .execute(Tuple.of(epoch)))
                        .replaceWithVoid());
    }

    private static Epoch epoch(Row row) {
        List<Hash> frontier = new ArrayList<>();
        for (Object node : (Object[]) row.getValue("frontier")) {
            frontier.add(Hash.of(((Buffer) node).getBytes()));
        }
        var tx = row.getBuffer("anchor_tx");
        var signature = row.getBuffer("anchor_signature");
        Long height = row.getLong("anchor_height");
        return new Epoch(row.getLong("epoch"), row.getLong("base_size"), row.getLong("log_size"), hash(row, "log_root"),
                frontier, row.getInteger("entries"), row.getString("state"), height == null ? 0 : height,
                tx == null ? Optional.empty() : Optional.of(Hash.of(tx.getBytes())),
                signature == null ? new byte[0] : signature.getBytes());
    }

    private static Hash hash(Row row, String column) {
        return Hash.of(row.getBuffer(column).getBytes());
    }

    private static Buffer buffer(Hash hash) {
        return Buffer.buffer(hash.toByteArray());
    }

    private static Buffer[] buffers(List<Hash> hashes) {
        Buffer[] buffers = new Buffer[hashes.size()];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = buffer(hashes.get(i));
        }
        return buffers;
    }
}
