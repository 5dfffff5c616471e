package org.carechain.certificate.tracing;

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

    @Inject
    Pool pool;

    /** A trace request as recorded. */
    public record Trace(String traceId, String serial, Hash certificateHash, String requestedBy, String reason,
            Instant requestedAt, Hash transactionHash) {}

    /** One recorded approval. */
    public record Approval(String officerId, Instant approvedAt, Hash transactionHash) {}

    public Uni<Void> insert(Trace trace) {
        return pool.preparedQuery("INSERT INTO trace_request (trace_id, serial, certificate_hash, requested_by, reason, "
                        + "requested_at, transaction_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.tuple()
                        .addString(trace.traceId())
                        .addString(trace.serial())
                        .addValue(Buffer.buffer(trace.certificateHash().toByteArray()))
                        .addString(trace.requestedBy())
                        .addString(trace.reason())
                        .addOffsetDateTime(trace.requestedAt().atOffset(ZoneOffset.UTC))
                        .addValue(Buffer.buffer(trace.transactionHash().toByteArray())))
                .replaceWithVoid();
    }

    public Uni<Optional<Trace>> find(String traceId) {
        return pool.preparedQuery("SELECT trace_id, serial, certificate_hash, requested_by, reason, requested_at, "
                        + "transaction_hash FROM trace_request WHERE trace_id = $1")
                .execute(Tuple.of(traceId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Trace(row.getString("trace_id"), row.getString("serial"),
                            Hash.of(row.getBuffer("certificate_hash").getBytes()), row.getString("requested_by"),
                            row.getString("reason"), row.getOffsetDateTime("requested_at").toInstant(),
                            Hash.of(row.getBuffer("transaction_hash").getBytes())));
                });
    }

    /** Records an approval; false if this officer had already approved the trace. */
    public Uni<Boolean> insertApproval(String traceId, Approval approval) {
        return pool.preparedQuery("INSERT INTO trace_approval (trace_id, officer_id, approved_at, transaction_hash) "
                        + "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(traceId, approval.officerId(), approval.approvedAt().atOffset(ZoneOffset.UTC),
                        Buffer.buffer(approval.transactionHash().toByteArray())))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<List<Approval>> approvals(String traceId) {
        return pool.preparedQuery("SELECT officer_id, approved_at, transaction_hash FROM trace_approval "
                        + "WHERE trace_id = $1 ORDER BY approved_at, officer_id")
                .execute(Tuple.of(traceId))
                .map(rows -> {
                    List<Approval> approvals = new ArrayList<>();
                    rows.forEach(row -> approvals.add(new Approval(row.getString("officer_id"),
                            row.getOffsetDateTime("approved_at").toInstant(),
                            Hash.of(row.getBuffer("transaction_hash").getBytes()))));
                    return approvals;
                });
    }
}
