package org.carechain.ehr.capture;

import java.util.Objects;

/**
 * Something that keeps change capture from starting, with what to do about it.
 *
 * @param description what is wrong, naming the database, table, publication or slot
 * @param fix the SQL or step that mends it
 */
public record SetupProblem(Kind kind, String description, String fix) {

  public enum Kind {
    WAL_LEVEL_NOT_LOGICAL,
    NO_REPLICATION_PRIVILEGE,
    NO_FREE_REPLICATION_SLOTS,
    NO_FREE_WAL_SENDERS,
    TABLE_MISSING,
    REPLICA_IDENTITY_NOT_FULL,
    PUBLICATION_MISSING,
    PUBLICATION_MISSES_TABLE,
    PUBLICATION_MISSES_ACTIONS,
    SLOT_MISSING,
    SLOT_WRONG_PLUGIN,
    SLOT_OTHER_DATABASE;

    /** Whether {@link CaptureSetup#ensure(boolean)} mends it when allowed to create. */
    public boolean creatable() {
      return this == PUBLICATION_MISSING || this == PUBLICATION_MISSES_TABLE || this == SLOT_MISSING;
    }
  }

  public SetupProblem {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(fix, "fix");
  }

  @Override
  public String toString() {
    return description + " Fix: " + fix;
  }
}
