package org.carechain.service.audit;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * Records API calls in the service's {@code audit_event} table.
 *
 * <p>Each row is committed with {@code synchronous_commit = off} for its own transaction: the
 * commit does not wait for the WAL flush, which was most of an audited call's time. PostgreSQL
 * keeps such commits in order and flushes them within {@code wal_writer_delay} (200 ms by
 * default); only a crash of the database server itself in that window can lose the last rows,
 * never leave a torn or reordered log. What must never be lost (access events, consent, records)
 * is on the chain, not here.
 */
@ApplicationScoped
public class AuditLog {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AuditLog.class);

    private final Clock clock = Clock.systemUTC();

    public Uni<Void> record(String actor, String action, String outcome) {
        AuditEventEntity event = new AuditEventEntity();
        event.occurredAt = Instant.now(clock);
        event.actor = truncate(actor == null ? "anonymous" : actor, 128);
        event.action = truncate(action, 64);
        event.outcome = truncate(outcome, 16);
        return Panache.withTransaction(() -> Panache.getSession()
                        .flatMap(session -> session.createNativeQuery("SET LOCAL synchronous_commit = off").executeUpdate())
                        .flatMap(ignored -> event.persist()))
                .replaceWithVoid();
    }

    /**
     * Records the call without making the caller wait for the row: for read-only calls on a hot path
     * (a consent decision), where the row is not worth a database round trip in the answer's time.
     * A row that cannot be written is reported in the log (by type only).
     */
    public void recordInBackground(String actor, String action, String outcome) {
        record(actor, action, outcome).subscribe().with(ignored -> { },
                failure -> LOG.warnf("cannot record an audit event: %s", failure.getClass().getName()));
    }

    public Uni<Long> count(String action) {
        return Panache.withSession(() -> AuditEventEntity.count("action", action));
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
