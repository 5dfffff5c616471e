package org.carechain.registration.tracing;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carechain.crypto.Hash;

/** The tracing tables (V2__tracing.sql). */
@ApplicationScoped
public class TraceStore {

    /** Which ciphertext a partial decryption is for. */
    public enum Stage {
        LINK_TAG, IDENTITY
    }

    @Inject
    Pool pool;

    /** A trace being opened; {@code rid} is empty until k link-tag partials arrived. */
    public record Trace(String traceId, Hash certificateHash, String requestedBy, byte[] linkTag, Optional<byte[]> rid) {}

    /** One officer's partial decryption. */
    public record Partial(Stage stage, int shareIndex, String officerId, byte[] partial) {}

    /** Records the trace the first time a partial for it arrives; keeps the first record. */
    public Uni<Void> insertIfAbsent(String traceId, Hash certificateHash, String requestedBy, byte[] linkTag) {
        return pool.preparedQuery("INSERT INTO trace (trace_id, certificate_hash, requested_by, link_tag) "
                        + "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(traceId, Buffer.buffer(certificateHash.toByteArray()), requestedBy, Buffer.buffer(linkTag)))
                .replaceWithVoid();
    }

    public Uni<Optional<Trace>> find(String traceId) {
        return pool.preparedQuery("SELECT trace_id, certificate_hash, requested_by, link_tag, rid FROM trace WHERE trace_id = $1")
                .execute(Tuple.of(traceId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    var rid = row.getBuffer("rid");
                    return Optional.of(new Trace(row.getString("trace_id"), Hash.of(row.getBuffer("certificate_hash").getBytes()),
                            row.getString("requested_by"), row.getBuffer("link_tag").getBytes(),
                            Optional.ofNullable(rid).map(buffer -> buffer.getBytes())));
                });
    }

    public Uni<Void> setRid(String traceId, byte[] rid, Instant at) {
        return pool.preparedQuery("UPDATE trace SET rid = $2, opened_at = $3 WHERE trace_id = $1 AND rid IS NULL")
                .execute(Tuple.of(traceId, Buffer.buffer(rid), at.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Stores a partial; false if this share's partial for the stage was already there. */
    public Uni<Boolean> insertPartial(String traceId, Partial partial, Instant at) {
        return pool.preparedQuery("INSERT INTO trace_partial (trace_id, stage, share_index, officer_id, partial, received_at) "
                        + "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")
                .execute(Tuple.tuple().addString(traceId).addString(partial.stage().name()).addInteger(partial.shareIndex())
                        .addString(partial.officerId()).addValue(Buffer.buffer(partial.partial()))
                        .addOffsetDateTime(at.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<List<Partial>> partials(String traceId, Stage stage) {
        return pool.preparedQuery("SELECT stage, share_index, officer_id, partial FROM trace_partial "
                        + "WHERE trace_id = $1 AND stage = $2 ORDER BY share_index")
                .execute(Tuple.of(traceId, stage.name()))
                .map(rows -> {
                    List<Partial> partials = new ArrayList<>();
                    rows.forEach(row -> partials.add(new Partial(Stage.valueOf(row.getString("stage")),
                            row.getInteger("share_index"), row.getString("officer_id"), row.getBuffer("partial").getBytes())));
                    return partials;
                });
    }
}
