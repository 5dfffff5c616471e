package org.carechain.ehr.capture;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.carechain.ehr.capture.PgOutputMessage.Begin;
import org.carechain.ehr.capture.PgOutputMessage.Commit;
import org.carechain.ehr.capture.PgOutputMessage.Delete;
import org.carechain.ehr.capture.PgOutputMessage.Insert;
import org.carechain.ehr.capture.PgOutputMessage.Relation;
import org.carechain.ehr.capture.PgOutputMessage.Text;
import org.carechain.ehr.capture.PgOutputMessage.Truncate;
import org.carechain.ehr.capture.PgOutputMessage.TupleData;
import org.carechain.ehr.capture.PgOutputMessage.UnchangedToast;
import org.carechain.ehr.capture.PgOutputMessage.Update;
import org.carechain.ehr.capture.PgOutputMessage.Value;
import org.carechain.ehr.record.RecordChange;
import org.carechain.ledger.core.chain.RecordEvent.Operation;

/**
 * Turns the decoded messages of the stream into whole committed transactions of one table: pure,
 * no I/O. Rows of other tables are dropped, and a transaction with no rows of the table gives
 * nothing.
 */
public final class TransactionAssembler {

  /** PostgreSQL counts time from 2000-01-01 UTC; this is that instant in Unix milliseconds. */
  static final long POSTGRES_EPOCH_MILLIS = 946_684_800_000L;

  private static final String[] COLUMNS = {"res_type", "res_id", "res_ver", "content"};

  private final String schema;
  private final String table;
  private final Map<Integer, Relation> relations = new HashMap<>();
  private Begin open;
  private final List<Row> rows = new ArrayList<>();

  /** Captures {@code schema.table}, e.g. {@code public} and {@code fhir_resource}. */
  public TransactionAssembler(String schema, String table) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.table = Objects.requireNonNull(table, "table");
  }

  /** Whether a Begin has been seen and its Commit not yet. */
  public boolean inTransaction() {
    return open != null;
  }

  /**
   * Takes the next message of the stream.
   *
   * @return the transaction this message completes, if it is a Commit of a transaction that
   *     changed the table
   * @throws CaptureException if the messages cannot be captured: a TRUNCATE of the table, a row
   *     without its whole old image, or messages out of protocol order
   */
  public Optional<SourceTransaction> accept(PgOutputMessage message) throws CaptureException {
    if (message instanceof Relation relation) {
      relations.put(relation.relationId(), relation);
    } else if (message instanceof Begin begin) {
      if (open != null) {
        throw new CaptureException("Begin at " + Lsns.format(begin.finalLsn()) + " inside the transaction of "
            + Lsns.format(open.finalLsn()));
      }
      open = begin;
      rows.clear();
    } else if (message instanceof Commit commit) {
      return commit(commit);
    } else if (message instanceof Insert insert) {
      row(insert.relationId(), Operation.CREATE, insert.newTuple(), null);
    } else if (message instanceof Update update) {
      row(update.relationId(), Operation.UPDATE, update.newTuple(), update.oldTuple());
    } else if (message instanceof Delete delete) {
      if (delete.oldKind() != 'O' && isCaptured(delete.relationId())) {
        throw new CaptureException("DELETE from " + table + " at " + lsn()
            + " carries only the key, not the old row: set REPLICA IDENTITY FULL on the table");
      }
      row(delete.relationId(), Operation.DELETE, delete.oldTuple(), null);
    } else if (message instanceof Truncate truncate) {
      for (int relationId : truncate.relationIds()) {
        if (isCaptured(relationId)) {
          throw new CaptureException("TRUNCATE of " + table + " at " + lsn()
              + ": rows removed without row events; run the audit");
        }
      }
    }
    // Origin and Type messages say nothing the capture needs.
    return Optional.empty();
  }

  private Optional<SourceTransaction> commit(Commit commit) throws CaptureException {
    if (open == null) {
      throw new CaptureException("Commit at " + Lsns.format(commit.commitLsn()) + " without a Begin");
    }
    if (open.finalLsn() != commit.commitLsn()) {
      throw new CaptureException("Commit at " + Lsns.format(commit.commitLsn()) + " ends the transaction begun for "
          + Lsns.format(open.finalLsn()));
    }
    open = null;
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    String commitLsn = Lsns.format(commit.commitLsn());
    long committedAtMillis = Math.floorDiv(commit.commitTimeMicros(), 1000L) + POSTGRES_EPOCH_MILLIS;
    List<RecordChange> changes = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      changes.add(new RecordChange(row.operation(), row.type(), row.id(), row.version(), row.content(),
          commitLsn + ":" + i, committedAtMillis));
    }
    rows.clear();
    return Optional.of(new SourceTransaction(commitLsn, commit.commitLsn(), committedAtMillis, changes));
  }

  private boolean isCaptured(int relationId) throws CaptureException {
    Relation relation = relations.get(relationId);
    if (relation == null) {
      throw new CaptureException("row change for relation id " + relationId + " at " + lsn()
          + " before its Relation message");
    }
    return relation.name().equals(table) && relation.namespace().equals(schema);
  }

  private void row(int relationId, Operation operation, TupleData tuple, TupleData oldTuple) throws CaptureException {
    if (open == null) {
      throw new CaptureException(operation + " row change outside a transaction");
    }
    if (!isCaptured(relationId)) {
      return;
    }
    Relation relation = relations.get(relationId);
    String[] values = new String[COLUMNS.length];
    for (int c = 0; c < COLUMNS.length; c++) {
      int index = relation.indexOf(COLUMNS[c]);
      if (index < 0) {
        throw new CaptureException(table + " has no column " + COLUMNS[c]);
      }
      values[c] = text(tuple, oldTuple, index, operation, COLUMNS[c]);
    }
    int version;
    try {
      version = Integer.parseInt(values[2]);
    } catch (NumberFormatException e) {
      throw new CaptureException(operation + " on " + table + " at " + lsn() + ": res_ver is not an integer");
    }
    rows.add(new Row(operation, values[0], values[1], version, values[3]));
  }

  private String text(TupleData tuple, TupleData oldTuple, int index, Operation operation, String column)
      throws CaptureException {
    if (index >= tuple.values().size()) {
      throw new CaptureException(operation + " on " + table + " at " + lsn() + ": the row has no value for " + column);
    }
    Value value = tuple.values().get(index);
    if (value instanceof UnchangedToast && oldTuple != null && index < oldTuple.values().size()) {
      // An update that leaves a TOASTed value alone does not repeat it; REPLICA IDENTITY FULL
      // puts the whole old row, with that value, in the log.
      value = oldTuple.values().get(index);
    }
    if (value instanceof Text text) {
      return text.text();
    }
    String why = value instanceof UnchangedToast
        ? "is an unchanged TOAST value with no old row to take it from (set REPLICA IDENTITY FULL)"
        : "is null";
    throw new CaptureException(operation + " on " + table + " at " + lsn() + ": " + column + " " + why);
  }

  private String lsn() {
    return open == null ? "(no transaction)" : Lsns.format(open.finalLsn());
  }

  private record Row(Operation operation, String type, String id, int version, String content) {}
}
