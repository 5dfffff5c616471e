package org.carechain.ehr.capture;

import java.util.List;
import java.util.Objects;

/**
 * One message of PostgreSQL's {@code pgoutput} logical replication protocol, version 1 (see
 * "Logical Replication Message Formats" in the PostgreSQL documentation). Timestamps are
 * PostgreSQL's: microseconds since 2000-01-01 UTC.
 */
public sealed interface PgOutputMessage {

  /** Start of a committed transaction; {@code finalLsn} is the LSN of its commit record. */
  record Begin(long finalLsn, long commitTimeMicros, int xid) implements PgOutputMessage {}

  /**
   * End of a transaction: {@code commitLsn} is where its commit record starts, {@code endLsn}
   * where it ends.
   */
  record Commit(int flags, long commitLsn, long endLsn, long commitTimeMicros) implements PgOutputMessage {}

  /** The transaction came from another node through replication origin {@code name}. */
  record Origin(long originCommitLsn, String name) implements PgOutputMessage {}

  /** Describes a table before its first row change in the stream (and again after it changes). */
  record Relation(int relationId, String namespace, String name, int replicaIdentity, List<Column> columns)
      implements PgOutputMessage {
    public Relation {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(name, "name");
      columns = List.copyOf(columns);
    }

    /** The position of column {@code columnName}, or -1. */
    public int indexOf(String columnName) {
      for (int i = 0; i < columns.size(); i++) {
        if (columns.get(i).name().equals(columnName)) {
          return i;
        }
      }
      return -1;
    }
  }

  /** A column of a {@link Relation}; flag bit 1 marks a part of the key. */
  record Column(int flags, String name, int typeOid, int typeModifier) {
    public Column {
      Objects.requireNonNull(name, "name");
    }

    public boolean partOfKey() {
      return (flags & 1) != 0;
    }
  }

  /** Describes a non-built-in data type used by a following Relation. */
  record Type(int typeOid, String namespace, String name) implements PgOutputMessage {}

  record Insert(int relationId, TupleData newTuple) implements PgOutputMessage {
    public Insert {
      Objects.requireNonNull(newTuple, "newTuple");
    }
  }

  /**
   * An updated row. {@code oldKind} is {@code 'K'} (old key only), {@code 'O'} (whole old row,
   * REPLICA IDENTITY FULL) or 0 when no old tuple was sent, in which case {@code oldTuple} is null.
   */
  record Update(int relationId, char oldKind, TupleData oldTuple, TupleData newTuple) implements PgOutputMessage {
    public Update {
      Objects.requireNonNull(newTuple, "newTuple");
      if ((oldKind == 0) != (oldTuple == null)) {
        throw new IllegalArgumentException("an old tuple goes with a kind K or O, and only with one");
      }
    }
  }

  /** A deleted row: {@code oldKind} is {@code 'K'} (old key only) or {@code 'O'} (whole old row). */
  record Delete(int relationId, char oldKind, TupleData oldTuple) implements PgOutputMessage {
    public Delete {
      Objects.requireNonNull(oldTuple, "oldTuple");
    }
  }

  /** Option bits: 1 CASCADE, 2 RESTART IDENTITY. */
  record Truncate(int options, List<Integer> relationIds) implements PgOutputMessage {
    public Truncate {
      relationIds = List.copyOf(relationIds);
    }
  }

  /** The column values of one row, in the order of the relation's columns. */
  record TupleData(List<Value> values) {
    public TupleData {
      values = List.copyOf(values);
    }
  }

  /** One column value: null, an unchanged TOASTed value (not sent), or text. */
  sealed interface Value {}

  record NullValue() implements Value {}

  /** The column is TOASTed and did not change, so the stream does not repeat it. */
  record UnchangedToast() implements Value {}

  /** A value in PostgreSQL's text output form. It can hold health data: never printed. */
  record Text(String text) implements Value {
    public Text {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
      return "Text[" + text.length() + " chars]";
    }
  }
}
