package org.carechain.service.audit;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/** Records API calls in the service's {@code audit_event} table. */
@ApplicationScoped
public class AuditLog {

    private final Clock clock = Clock.systemUTC();

    public Uni<Void> record(String actor, String action, String outcome) {
        AuditEventEntity event = new AuditEventEntity();
        event.occurredAt = Instant.now(clock);
        event.actor = truncate(actor == null ? "anonymous" : actor, 128);
        event.action = truncate(action, 64);
        event.outcome = truncate(outcome, 16);
        return Panache.withTransaction(event::persist).replaceWithVoid();
    }

    public Uni<Long> count(String action) {
        return Panache.withSession(() -> AuditEventEntity.count("action", action));
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
