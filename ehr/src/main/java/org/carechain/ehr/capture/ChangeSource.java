package org.carechain.ehr.capture;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * The committed transactions of the captured table, read from a {@code pgoutput} replication slot.
 * Not thread-safe: one thread polls and confirms.
 *
 * <p>Exactly-once use: {@link #poll} a transaction, store its events durably, then {@link
 * #confirm} its {@link SourceTransaction#commitLsnValue()}. After a crash, {@link #open} starts
 * again from the slot's confirmed position, so every transaction not yet confirmed comes again with
 * the same positions and content, and no confirmed one does.
 *
 * <pre>{@code
 * try (ChangeSource source = ChangeSource.open(settings)) {
 *   while (running) {
 *     Optional<SourceTransaction> next = source.poll(Duration.ofSeconds(1));
 *     if (next.isPresent()) {
 *       ledger.submitAndAwaitCommit(next.get().changes());   // idempotent by sourcePosition
 *       source.confirm(next.get().commitLsnValue());
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Idle confirmation: WAL the slot has not confirmed stays on the server's disk, also WAL of
 * other tables and databases. So whenever the stream has nothing more to give, no transaction is
 * half read, and every polled transaction has been confirmed, the source itself confirms the last
 * position the server reported (its keepalive position). It never does while a polled transaction
 * is unconfirmed: that one must come again after a crash.
 *
 * <p>PostgreSQL keeps a slot's confirmed position in memory and writes it to disk lazily (at
 * checkpoints), so after a crash of PostgreSQL itself, not of this client, a few confirmed
 * transactions can come again: the ledger's idempotency keys (from {@code sourcePosition}) absorb
 * them.
 */
public final class ChangeSource implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ChangeSource.class.getName());

  /** A walsender that served a closed connection can hold the slot a moment longer. */
  private static final Duration SLOT_BUSY_WAIT = Duration.ofSeconds(15);
  private static final String OBJECT_IN_USE = "55006";
  private static final long IDLE_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final CaptureSettings settings;
  private final Connection connection;
  private final PGReplicationStream stream;
  private final TransactionAssembler assembler;
  private final long startLsn;
  private long acknowledgedLsn;
  private long lastPolledCommitLsn = -1;
  private long confirmedCommitLsn = -1;
  private CaptureException stopped;
  private boolean closed;

  private ChangeSource(CaptureSettings settings, Connection connection, PGReplicationStream stream, long startLsn) {
    this.settings = settings;
    this.connection = connection;
    this.stream = stream;
    this.startLsn = startLsn;
    this.acknowledgedLsn = startLsn;
    this.assembler = new TransactionAssembler(settings.tableSchema(), settings.tableName());
  }

  /**
   * Checks the setup (creating nothing), then streams the slot from its confirmed position.
   *
   * @throws CaptureSetupException if the database is not ready, with every problem and its fix
   * @throws CaptureException if the replication connection fails
   */
  public static ChangeSource open(CaptureSettings settings) throws CaptureSetupException, CaptureException {
    Objects.requireNonNull(settings, "settings");
    long startLsn;
    try {
      new CaptureSetup(settings).ensure(false);
      try (Connection normal = DriverManager.getConnection(settings.jdbcUrl(), settings.connectionProperties())) {
        startLsn = Lsns.parse(slotStatus(normal, settings.slotName())
            .orElseThrow(() -> new SQLException("replication slot " + settings.slotName() + " vanished"))
            .confirmedFlushLsn());
      }
    } catch (SQLException e) {
      throw new CaptureException("cannot read the capture setup on " + settings.describe() + ": " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + SLOT_BUSY_WAIT.toNanos();
    while (true) {
      Connection connection = null;
      try {
        connection = DriverManager.getConnection(settings.jdbcUrl(), settings.replicationProperties());
        PGReplicationStream stream = connection.unwrap(PGConnection.class).getReplicationAPI()
            .replicationStream()
            .logical()
            .withSlotName(settings.slotName())
            .withSlotOption("proto_version", 1)
            .withSlotOption("publication_names", settings.publicationName())
            .withStartPosition(LogSequenceNumber.valueOf(startLsn))
            .withStatusInterval((int) Math.max(1, settings.statusInterval().toMillis()), TimeUnit.MILLISECONDS)
            // The source decides itself when an idle position may be confirmed.
            .withAutomaticFlush(false)
            .start();
        LOG.log(System.Logger.Level.INFO, "capturing {0} from slot {1} at {2}", settings.table(),
            settings.slotName(), Lsns.format(startLsn));
        return new ChangeSource(settings, connection, stream, startLsn);
      } catch (SQLException e) {
        closeQuietly(connection);
        if (!OBJECT_IN_USE.equals(e.getSQLState()) || System.nanoTime() - deadline >= 0) {
          throw new CaptureException("cannot stream replication slot " + settings.slotName() + " on "
              + settings.describe() + ": " + e.getMessage(), e);
        }
        sleepNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
    }
  }

  /**
   * The next committed transaction that changed the table, waiting at most {@code timeout}.
   * Transactions of other tables are passed over. Returns empty when none completed in time.
   *
   * @throws CaptureException if the stream fails or cannot be captured (a TRUNCATE of the table);
   *     the source then stops, and every later poll throws the same
   */
  public Optional<SourceTransaction> poll(Duration timeout) throws CaptureException {
    requireOpen();
    if (stopped != null) {
      throw new CaptureException(stopped.getMessage(), stopped);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      ByteBuffer buffer = read();
      if (buffer != null) {
        Optional<SourceTransaction> done = accept(buffer);
        if (done.isPresent()) {
          lastPolledCommitLsn = done.get().commitLsnValue();
          LOG.log(System.Logger.Level.DEBUG, "transaction at {0}: {1} changes of {2}", done.get().commitLsn(),
              done.get().changes().size(), settings.table());
          return done;
        }
        continue;
      }
      confirmIdle();
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      if (!sleepNanos(Math.min(left, IDLE_SLEEP_NANOS))) {
        return Optional.empty();
      }
    }
  }

  /**
   * Tells PostgreSQL that the transaction committed at {@code commitLsn} (a {@link
   * SourceTransaction#commitLsnValue()}) and everything before it is durably processed, so the
   * slot will not replay them. Never moves back: a lower value than one confirmed before does
   * nothing.
   *
   * <p>PostgreSQL replays a transaction when its commit LSN is at or after the slot's confirmed
   * position, so the position sent is {@code commitLsn + 1}: past this commit record's start, and
   * not past its end, where the next transaction's commit record can start at the earliest.
   */
  public void confirm(long commitLsn) throws CaptureException {
    requireOpen();
    if (commitLsn < 0 || commitLsn == Long.MAX_VALUE) {
      throw new IllegalArgumentException("not a commit LSN: " + Lsns.format(commitLsn));
    }
    confirmedCommitLsn = Math.max(confirmedCommitLsn, commitLsn);
    acknowledge(commitLsn + 1);
  }

  /** Whether every transaction {@link #poll} returned has been confirmed. */
  public boolean allConfirmed() {
    return lastPolledCommitLsn < 0 || confirmedCommitLsn >= lastPolledCommitLsn;
  }

  /** The slot's confirmed position when this source opened. */
  public long startLsn() {
    return startLsn;
  }

  /** The position last sent to PostgreSQL as flushed (or the start position). */
  public long acknowledgedLsn() {
    return acknowledgedLsn;
  }

  /**
   * Bytes of WAL written since the slot's confirmed position ({@code pg_current_wal_lsn() -
   * confirmed_flush_lsn}): the capture lag, and the WAL the slot keeps from being recycled.
   *
   * @throws SQLException if there is no such slot
   */
  public static long lagBytes(Connection normalConnection, String slot) throws SQLException {
    return slotStatus(normalConnection, slot)
        .orElseThrow(() -> new SQLException("no replication slot named " + slot))
        .lagBytes();
  }

  /** The slot's state, or empty if there is no slot of that name. */
  public static Optional<SlotStatus> slotStatus(Connection normalConnection, String slot) throws SQLException {
    try (PreparedStatement statement = normalConnection.prepareStatement(
        "SELECT active, coalesce(confirmed_flush_lsn, restart_lsn)::text,"
            + " pg_wal_lsn_diff(pg_current_wal_lsn(), coalesce(confirmed_flush_lsn, restart_lsn))::bigint,"
            + " pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint"
            + " FROM pg_replication_slots WHERE slot_name = ?")) {
      statement.setString(1, slot);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(new SlotStatus(slot, rows.getBoolean(1), rows.getString(2), rows.getLong(3),
            rows.getLong(4)));
      }
    }
  }

  /** Closes the stream without confirming anything more; the slot keeps its confirmed position. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      stream.close();
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing the replication stream of slot {0}: {1}", settings.slotName(),
          e.getSQLState());
    }
    closeQuietly(connection);
  }

  private ByteBuffer read() throws CaptureException {
    try {
      return stream.readPending();
    } catch (SQLException e) {
      throw stop(new CaptureException("replication stream of slot " + settings.slotName() + " failed after "
          + Lsns.format(stream.getLastReceiveLSN().asLong()) + ": " + e.getMessage(), e));
    }
  }

  private Optional<SourceTransaction> accept(ByteBuffer buffer) throws CaptureException {
    try {
      return assembler.accept(PgOutputDecoder.decode(buffer));
    } catch (PgOutputFormatException e) {
      throw stop(new CaptureException("undecodable message from slot " + settings.slotName() + " at "
          + Lsns.format(stream.getLastReceiveLSN().asLong()) + ": " + e.getMessage(), e));
    } catch (CaptureException e) {
      throw stop(e);
    }
  }

  private void confirmIdle() throws CaptureException {
    if (assembler.inTransaction() || !allConfirmed()) {
      return;
    }
    long received = stream.getLastReceiveLSN().asLong();
    if (received > acknowledgedLsn) {
      LOG.log(System.Logger.Level.DEBUG, "slot {0} idle: confirming {1}", settings.slotName(), Lsns.format(received));
      acknowledge(received);
    }
  }

  private void acknowledge(long lsn) throws CaptureException {
    if (lsn <= acknowledgedLsn) {
      return;
    }
    LogSequenceNumber position = LogSequenceNumber.valueOf(lsn);
    stream.setFlushedLSN(position);
    stream.setAppliedLSN(position);
    try {
      stream.forceUpdateStatus();
    } catch (SQLException e) {
      throw stop(new CaptureException("cannot confirm " + Lsns.format(lsn) + " to slot " + settings.slotName() + ": "
          + e.getMessage(), e));
    }
    acknowledgedLsn = lsn;
  }

  private CaptureException stop(CaptureException cause) {
    if (stopped == null) {
      stopped = cause;
      LOG.log(System.Logger.Level.WARNING, "capture from slot {0} stopped: {1}", settings.slotName(),
          cause.getMessage());
    }
    return cause;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("change source of slot " + settings.slotName() + " is closed");
    }
  }

  private static boolean sleepNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing a capture connection: {0}", e.getSQLState());
    }
  }
}
