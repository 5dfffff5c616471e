package org.carechain.ehr.record;

import java.util.Objects;
import org.carechain.ledger.core.chain.RecordEvent.Operation;

/**
 * One committed change to one row of {@code fhir_resource}, as change capture read it from the
 * database's log. It holds clinical content: never log it or put it in an exception message.
 *
 * @param resourceType the row's {@code res_type}
 * @param resourceId the row's {@code res_id}
 * @param version the row's {@code res_ver} after the change (before it, for a DELETE)
 * @param content PostgreSQL's normalised text of the row's {@code content} jsonb after the change,
 *     or, for a DELETE, before it
 * @param sourcePosition where the change is in the source log, stable across re-reads, e.g.
 *     {@code 0/16B3748:3} (the commit LSN of its transaction and its index in that transaction)
 * @param committedAtMillis the source transaction's commit time
 */
public record RecordChange(
    Operation operation,
    String resourceType,
    String resourceId,
    int version,
    String content,
    String sourcePosition,
    long committedAtMillis) {

  public RecordChange {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(sourcePosition, "sourcePosition");
  }

  @Override
  public String toString() {
    return "RecordChange[" + operation + " " + resourceType + " at " + sourcePosition + "]";
  }
}
