package org.carechain.bench.ehr;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.carechain.bench.ledger.Args;
import org.carechain.bench.ledger.Results;
import org.carechain.proto.ledger.v1.Block;
import org.carechain.proto.ledger.v1.Channel;
import org.carechain.proto.ledger.v1.GetTreeHeadRequest;
import org.carechain.proto.ledger.v1.LedgerServiceGrpc;
import org.carechain.proto.ledger.v1.StreamBlocksRequest;
import org.carechain.proto.ledger.v1.StreamBlocksResponse;
import org.carechain.proto.ledger.v1.Transaction;

/**
 * Capture lag: applies UPDATEs to a captured EHR database at a fixed rate and measures, per change,
 * the time from its commit in the EHR database to the commit of the block that records it on the
 * ledger.
 *
 * <ul>
 *   <li>The load: one JDBC connection, autocommit transactions of {@code --rows-per-tx} rows each, at
 *       {@code --rate} changes/s (open loop, on a fixed schedule). Each change bumps {@code res_ver}
 *       and sets {@code meta.versionId} to match, so the content hash changes. Rows are updated in a
 *       shuffled cycle over the whole table.
 *   <li>The source commit time: the record event's {@code committed_at_millis}, which capture copies
 *       from the pgoutput COMMIT message (PostgreSQL's commit timestamp) and which the chain carries.
 *   <li>The block's commit: the arrival of the block on a StreamBlocks stream from {@code --stream}
 *       (a validator other than the capturing one). A validator streams a block only after it has
 *       stored it with its commit certificate, so arrival is after the commit and the lag includes
 *       the stream's delivery (an upper bound). Both clocks are this host's. The header's
 *       {@code timestamp_millis} (set by the proposer before the vote) is reported beside it as a
 *       lower bound.
 * </ul>
 *
 * <p>Changes committed in the window ({@code --warmup} s after the start, for {@code --seconds} s)
 * are measured; after the window the load stops and the driver waits up to {@code --drain} s for
 * their blocks. Changes still not on the chain then are counted as {@code unseen}, and a percentile
 * that falls among them is printed as -1.
 */
public final class CaptureLag {

    private static final String UPDATE = """
            UPDATE fhir_resource f SET res_ver = f.res_ver + 1,
                content = jsonb_set(f.content, '{meta,versionId}', to_jsonb((f.res_ver + 1)::text)),
                last_updated = now()
            FROM unnest(?::text[], ?::text[]) AS u(t, i) WHERE f.res_type = u.t AND f.res_id = u.i""";

    private final Args args;
    private final String provider;
    // Per recorded event of the provider: source commit (epoch ms), arrival lag and header lag (ms).
    private long[] committedAt = new long[1 << 16];
    private long[] arrivalLag = new long[1 << 16];
    private long[] headerLag = new long[1 << 16];
    private long[] arrivedAt = new long[1 << 16];
    private int events;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong appliedInWindow = new AtomicLong();
    private volatile boolean loading = true;
    private volatile Throwable streamFailure;

    private CaptureLag(Args args) {
        this.args = args;
        this.provider = args.string("provider");
    }

    public static void main(String[] argv) throws Exception {
        new CaptureLag(Args.parse(argv)).run();
    }

    private void run() throws Exception {
        long rate = args.number("rate", 1_000);
        int rowsPerTx = (int) args.number("rows-per-tx", Math.max(1, rate / 50));
        long warmupMillis = args.number("warmup", 15) * 1_000;
        long measureMillis = args.number("seconds", 60) * 1_000;
        long drainMillis = args.number("drain", 120) * 1_000;
        String label = args.string("label", "capture-" + rate);
        String url = args.string("jdbc", "jdbc:postgresql://127.0.0.1:5432/") + args.string("ehr-db");

        ManagedChannel channel = ManagedChannelBuilder.forTarget(args.string("stream")).usePlaintext()
                .maxInboundMessageSize(256 * 1024 * 1024).build();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
            List<String[]> ids = ids(connection);
            long height = LedgerServiceGrpc.newBlockingStub(channel)
                    .getTreeHead(GetTreeHeadRequest.newBuilder().setChannel(Channel.CHANNEL_EHR).build())
                    .getTreeHead().getHeight();
            LedgerServiceGrpc.newStub(channel).streamBlocks(StreamBlocksRequest.newBuilder()
                    .setChannel(Channel.CHANNEL_EHR).setFromHeight(height + 1).build(), new Observer());

            long start = System.currentTimeMillis();
            long measureFrom = start + warmupMillis;
            long measureTo = measureFrom + measureMillis;
            Thread writer = new Thread(() -> load(connection, ids, rate, rowsPerTx, start, measureFrom, measureTo), "ehr-writer");
            writer.start();
            System.out.printf(Locale.ROOT, "%s: %d changes/s in transactions of %d rows over %d rows, warm-up %d s, "
                    + "measuring %d s, streaming blocks from height %d%n", label, rate, rowsPerTx, ids.size(),
                    warmupMillis / 1000, measureMillis / 1000, height + 1);
            long lastSeen = 0;
            long seenAtEnd = -1;
            long appliedAtEnd = -1;
            while (true) {
                Thread.sleep(1_000);
                long now = System.currentTimeMillis();
                long seen;
                long lastLag;
                synchronized (this) {
                    seen = events;
                    lastLag = events == 0 ? -1 : arrivalLag[events - 1];
                }
                System.out.printf(Locale.ROOT, "  t=%3ds applied %9d recorded %9d (+%6d/s) latest lag %6d ms%n",
                        (now - start) / 1000, applied.get(), seen, seen - lastSeen, lastLag);
                lastSeen = seen;
                if (streamFailure != null) {
                    throw new IllegalStateException("the block stream failed", streamFailure);
                }
                if (now >= measureTo && seenAtEnd < 0) {
                    loading = false;
                    seenAtEnd = seen;
                    appliedAtEnd = applied.get();
                }
                if (seenAtEnd >= 0 && (seen >= applied.get() || now >= measureTo + drainMillis)) {
                    break;
                }
            }
            writer.join();
            report(label, rate, rowsPerTx, measureFrom, measureTo, appliedAtEnd - seenAtEnd);
        } finally {
            channel.shutdownNow();
        }
    }

    private static List<String[]> ids(Connection connection) throws SQLException {
        List<String[]> ids = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT res_type, res_id FROM fhir_resource")) {
            while (rows.next()) {
                ids.add(new String[] {rows.getString(1), rows.getString(2)});
            }
        }
        Collections.shuffle(ids, new Random(7));
        return ids;
    }

    private void load(Connection connection, List<String[]> ids, long rate, int rowsPerTx, long start, long from, long to) {
        double intervalNanos = 1e9 * rowsPerTx / rate;
        long startNanos = System.nanoTime();
        int cursor = 0;
        try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
            for (long tx = 0; loading; tx++) {
                long wait = startNanos + (long) (tx * intervalNanos) - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                String[] types = new String[rowsPerTx];
                String[] rowIds = new String[rowsPerTx];
                for (int i = 0; i < rowsPerTx; i++) {
                    String[] id = ids.get(cursor);
                    cursor = (cursor + 1) % ids.size();
                    types[i] = id[0];
                    rowIds[i] = id[1];
                }
                Array typeArray = connection.createArrayOf("text", types);
                Array idArray = connection.createArrayOf("text", rowIds);
                update.setArray(1, typeArray);
                update.setArray(2, idArray);
                int changed = update.executeUpdate();
                long now = System.currentTimeMillis();
                applied.addAndGet(changed);
                if (now >= from && now < to) {
                    appliedInWindow.addAndGet(changed);
                }
            }
        } catch (SQLException e) {
            System.err.println("the EHR writer failed: " + e.getMessage());
            loading = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Observer implements StreamObserver<StreamBlocksResponse> {
        @Override
        public void onNext(StreamBlocksResponse response) {
            long now = System.currentTimeMillis();
            Block block = response.getBlock();
            long headerMillis = block.getHeader().getTimestampMillis();
            synchronized (CaptureLag.this) {
                for (Transaction transaction : block.getTransactionsList()) {
                    if (transaction.hasRecordEvent() && transaction.getRecordEvent().getProvider().equals(provider)) {
                        long committed = transaction.getRecordEvent().getCommittedAtMillis();
                        if (events == committedAt.length) {
                            int size = events * 2;
                            committedAt = Arrays.copyOf(committedAt, size);
                            arrivalLag = Arrays.copyOf(arrivalLag, size);
                            headerLag = Arrays.copyOf(headerLag, size);
                            arrivedAt = Arrays.copyOf(arrivedAt, size);
                        }
                        committedAt[events] = committed;
                        arrivalLag[events] = now - committed;
                        headerLag[events] = headerMillis - committed;
                        arrivedAt[events] = now;
                        events++;
                    }
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            if (loading) {
                streamFailure = t;
            }
        }

        @Override
        public void onCompleted() {}
    }

    private synchronized void report(String label, long rate, int rowsPerTx, long from, long to, long backlogAtEnd)
            throws Exception {
        double seconds = (to - from) / 1000.0;
        long[] lags = new long[events];
        long[] header = new long[events];
        int n = 0;
        long arrivedInWindow = 0;
        // Least-squares slope of lag over source commit time: how fast the lag grows (ms per s).
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int i = 0; i < events; i++) {
            if (arrivedAt[i] >= from && arrivedAt[i] < to) {
                arrivedInWindow++;
            }
            if (committedAt[i] >= from && committedAt[i] < to) {
                lags[n] = arrivalLag[i];
                header[n] = headerLag[i];
                double x = (committedAt[i] - from) / 1000.0;
                sx += x;
                sy += arrivalLag[i];
                sxx += x * x;
                sxy += x * arrivalLag[i];
                n++;
            }
        }
        lags = Arrays.copyOf(lags, n);
        header = Arrays.copyOf(header, n);
        Arrays.sort(lags);
        Arrays.sort(header);
        long inWindow = appliedInWindow.get();
        long unseen = Math.max(0, inWindow - n);
        double slope = n > 1 ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0;
        String out = String.format(Locale.ROOT, "RESULT label=%s rate=%d rows_per_tx=%d seconds=%.0f applied=%d "
                        + "applied_per_s=%.0f recorded_per_s=%.0f lag_n=%d unseen=%d p50_ms=%d p99_ms=%d max_ms=%d "
                        + "header_p50_ms=%d header_p99_ms=%d lag_growth_ms_per_s=%.0f backlog_at_window_end=%d",
                label, rate, rowsPerTx, seconds, inWindow, inWindow / seconds, arrivedInWindow / seconds, n, unseen,
                percentile(lags, 50, unseen), percentile(lags, 99, unseen), unseen > 0 ? -1 : (n == 0 ? -1 : lags[n - 1]),
                percentile(header, 50, unseen), percentile(header, 99, unseen), slope, backlogAtEnd);
        Results.report(args, out);
    }

    /** The p-th percentile, counting {@code unseen} changes as longer than any seen; -1 if it falls among them. */
    static long percentile(long[] sorted, double p, long unseen) {
        long total = sorted.length + unseen;
        if (total == 0) {
            return -1;
        }
        long index = (long) Math.ceil(p / 100.0 * total) - 1;
        index = Math.max(0, index);
        return index >= sorted.length ? -1 : sorted[(int) index];
    }
}
