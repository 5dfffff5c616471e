package org.carechain.ehr.capture;

import java.util.List;
import java.util.Objects;
import org.carechain.ehr.record.RecordChange;

/**
 * One committed source transaction's changes to the captured table, in commit order. Confirm it
 * with {@link ChangeSource#confirm(long)} and {@link #commitLsnValue()} once its events are
 * durably stored.
 *
 * @param commitLsn where the transaction's commit record starts, as text, e.g. {@code 0/16B3748};
 *     the prefix of every change's {@code sourcePosition}
 * @param commitLsnValue the same LSN as a number
 * @param commitTimeMillis the commit time, Unix milliseconds
 * @param changes at least one change; change {@code i} has position {@code commitLsn + ":" + i}
 */
public record SourceTransaction(String commitLsn, long commitLsnValue, long commitTimeMillis, List<RecordChange> changes) {

  public SourceTransaction {
    Objects.requireNonNull(commitLsn, "commitLsn");
    if (Lsns.parse(commitLsn) != commitLsnValue) {
      throw new IllegalArgumentException("commit LSN text and value differ");
    }
    changes = List.copyOf(changes);
    if (changes.isEmpty()) {
      throw new IllegalArgumentException("a source transaction has at least one change");
    }
  }

  @Override
  public String toString() {
    return "SourceTransaction[" + commitLsn + ", " + changes.size() + " changes]";
  }
}
