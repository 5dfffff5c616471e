package org.carechain.bench.ledger;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.carechain.cli.ledger.ConsortiumSetup;
import org.carechain.proto.ledger.v1.LedgerServiceGrpc;
import org.carechain.proto.ledger.v1.SubmitBatchRequest;
import org.carechain.proto.ledger.v1.SubmitBatchResponse;
import org.carechain.proto.ledger.v1.TransactionReceipt;

/**
 * Load driver for the ledger's ehr channel: signed batches of synthetic record events go to the
 * validators' SubmitBatch over gRPC, spread round-robin, and throughput and submit-to-commit
 * latency are read from the chain ({@link CommitWatcher}).
 *
 * <p>With {@code --rate=0} it submits as fast as the chain absorbs: a worker waits while more
 * than {@code --backlog} accepted transactions are not yet committed, so the mempool never fills
 * and what is measured is what the validators commit. After the window it waits until everything
 * accepted is committed ({@code --drain} seconds at most), so the next run starts on an empty
 * mempool. With {@code --rate=N} it submits N
 * transactions per second, open loop, to measure latency at a given load.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.carechain.bench.ledger.LedgerLoad \
 *     --submitter-key=consortium/keys/bench-submitter.key \
 *     --targets=127.0.0.1:9181,127.0.0.1:9182,127.0.0.1:9183,127.0.0.1:9184 \
 *     --dbs=carechain_bench_0,carechain_bench_1,carechain_bench_2,carechain_bench_3 \
 *     --warmup=15 --seconds=60 --rate=0 --label=max
 * </pre>
 */
public final class LedgerLoad {

    private final Args args;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final ConcurrentHashMap<Long, Long> sentAtMillis = new ConcurrentHashMap<>();
    private final AtomicLong nextBatch = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failedCalls = new AtomicLong();
    private volatile boolean submitting = true;

    private LedgerLoad(Args args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        new LedgerLoad(Args.parse(argv)).run();
    }

    private void run() throws Exception {
        SyntheticEvents events = new SyntheticEvents(ConsortiumSetup.readKey(Path.of(args.string("submitter-key"))),
                "b" + Long.toString(System.currentTimeMillis(), 36));
        List<String> targets = args.list("targets");
        targets.forEach(t -> channels.add(ManagedChannelBuilder.forTarget(t).usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024).build()));
        int batchSize = (int) args.number("batch", 1_000);
        long rate = args.number("rate", 0);
        int workers = (int) args.number("workers", rate == 0 ? 4 : Math.max(1, Math.min(8, rate / batchSize / 4 + 1)));
        long backlog = args.number("backlog", 5_000);
        long warmupMillis = args.number("warmup", 15) * 1_000;
        long measureMillis = args.number("seconds", 60) * 1_000;
        String label = args.string("label", rate == 0 ? "max" : "rate-" + rate);
        List<Long> pids = args.list("pids", "").stream().map(Long::parseLong).toList();
        long total = args.number("total", Long.MAX_VALUE);

        try (CommitWatcher watcher = new CommitWatcher(args.string("jdbc", "jdbc:postgresql://127.0.0.1:5432/"),
                args.list("dbs"), args.number("poll-ms", 10))) {
            CpuMeter cpu = new CpuMeter(pids, watcher.connection(0));
            long start = System.currentTimeMillis();
            long measureFrom = start + warmupMillis;
            long measureTo = measureFrom + measureMillis;
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                Thread thread = new Thread(() -> submitLoop(worker, workers, events, batchSize, rate, backlog, watcher, start, total),
                        "submitter-" + w);
                thread.start();
                threads.add(thread);
            }
            System.out.printf(Locale.ROOT, "%s: run %s, %d worker(s), batches of %d, rate %s, warm-up %d s, measuring %d s%n",
                    label, events.run(), workers, batchSize, rate == 0 ? "max (backlog " + backlog + ")" : rate + "/s",
                    warmupMillis / 1000, measureMillis / 1000);
            CpuMeter.Snapshot cpuFrom = null;
            long lastCommitted = 0;
            while (System.currentTimeMillis() < measureTo && watcher.committedTransactions() < total) {
                Thread.sleep(1_000);
                long now = System.currentTimeMillis();
                if (cpuFrom == null && now >= measureFrom) {
                    cpuFrom = cpu.snapshot();
                }
                long committed = watcher.committedTransactions();
                System.out.printf(Locale.ROOT, "  t=%3ds accepted %9d committed %9d (+%6d/s) rejected %7d heights %s%n",
                        (now - start) / 1000, accepted.get(), committed, committed - lastCommitted, rejected.get(),
                        Arrays.toString(watcher.latestHeights()));
                lastCommitted = committed;
            }
            CpuMeter.Snapshot cpuUsed = CpuMeter.difference(cpuFrom == null ? cpu.snapshot() : cpuFrom, cpu.snapshot());
            measureTo = Math.min(measureTo, System.currentTimeMillis());
            submitting = false;
            for (Thread thread : threads) {
                thread.join();
            }
            awaitDrain(watcher, args.number("drain", 300) * 1_000);
            report(label, events.run(), watcher, measureFrom, measureTo, cpuUsed, batchSize, rate);
        } finally {
            channels.forEach(ManagedChannel::shutdownNow);
        }
    }

    private void submitLoop(int worker, int workers, SyntheticEvents events, int batchSize, long rate, long backlog,
            CommitWatcher watcher, long start, long total) {
        SplittableRandom random = new SplittableRandom(0x5EEDL * 31 + worker + start);
        double intervalMillis = rate == 0 ? 0 : 1_000.0 * batchSize * workers / rate;
        long sent = 0;
        while (submitting) {
            try {
                if (rate == 0) {
                    while (submitting && accepted.get() - watcher.committedTransactions() > backlog) {
                        Thread.sleep(2);
                    }
                } else {
                    long due = start + (long) (sent * intervalMillis) + (long) (worker * intervalMillis / workers);
                    long wait = due - System.currentTimeMillis();
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!submitting) {
                return;
            }
            if (accepted.get() >= total) {
                return;
            }
            long batch = nextBatch.getAndIncrement();
            SubmitBatchRequest request = events.batch(batch, batchSize, random);
            ManagedChannel channel = channels.get((int) (batch % channels.size()));
            sentAtMillis.put(batch, System.currentTimeMillis());
            try {
                SubmitBatchResponse response = LedgerServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(30, TimeUnit.SECONDS).submitBatch(request);
                for (TransactionReceipt receipt : response.getReceiptsList()) {
                    switch (receipt.getStatus()) {
                        case SUBMIT_STATUS_ACCEPTED -> accepted.incrementAndGet();
                        case SUBMIT_STATUS_DUPLICATE -> duplicates.incrementAndGet();
                        default -> rejected.incrementAndGet();
                    }
                }
            } catch (StatusRuntimeException e) {
                if (failedCalls.incrementAndGet() <= 5) {
                    System.err.println("SubmitBatch failed: " + e.getStatus());
                }
            }
            sent++;
        }
    }

    private void awaitDrain(CommitWatcher watcher, long maxMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + maxMillis;
        while (watcher.committedTransactions() < accepted.get() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
    }

    private void report(String label, String run, CommitWatcher watcher, long from, long to, CpuMeter.Snapshot cpu,
            int batchSize, long rate) throws SQLException, IOException {
        double seconds = (to - from) / 1000.0;
        List<CommitWatcher.Seen> blocks = watcher.seenBetween(from, to);
        long transactions = blocks.stream().mapToLong(CommitWatcher.Seen::transactions).sum();
        double throughput = transactions / seconds;
        double meanBlock = blocks.isEmpty() ? 0 : (double) transactions / blocks.size();
        int maxBlock = blocks.stream().mapToInt(CommitWatcher.Seen::transactions).max().orElse(0);

        long[] latencies = latencies(run, watcher, from, to);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "RESULT label=%s run=%s batch=%d rate=%d seconds=%.0f committed_tx=%d "
                        + "tx_per_s=%.0f blocks=%d blocks_per_s=%.2f mean_block_tx=%.0f max_block_tx=%d accepted=%d "
                        + "duplicates=%d rejected=%d failed_calls=%d",
                label, run, batchSize, rate, seconds, transactions, throughput, blocks.size(), blocks.size() / seconds,
                meanBlock, maxBlock, accepted.get(), duplicates.get(), rejected.get(), failedCalls.get()));
        if (latencies.length > 0) {
            out.append(String.format(Locale.ROOT, " latency_n=%d p50_ms=%d p90_ms=%d p99_ms=%d max_ms=%d",
                    latencies.length, percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 99),
                    latencies[latencies.length - 1]));
        }
        cpu.groups().forEach((name, used) -> out.append(String.format(Locale.ROOT, " cpu_%s=%.2f", name, used / seconds)));
        out.append(String.format(Locale.ROOT, " cpu_machine_busy=%.2f cpu_machine_total=%.2f",
                cpu.machineBusy() / seconds, cpu.machineTotal() / seconds));
        System.out.println(out);
        String file = args.string("out", "");
        if (!file.isEmpty()) {
            Files.writeString(Path.of(file), out + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /**
     * Submit-to-commit latency of every transaction accepted in the window, in ms, sorted: the time
     * its block was first seen minus the time its batch was sent. Which block holds which batch's
     * transactions comes from the first validator's ledger_transaction table.
     */
    private long[] latencies(String run, CommitWatcher watcher, long from, long to) throws SQLException {
        List<long[]> weighted = new ArrayList<>();
        int total = 0;
        try (PreparedStatement query = watcher.connection(0).prepareStatement("""
                SELECT split_part(idempotency_key, '/', 2)::bigint AS batch, height, count(*) FROM ledger_transaction
                WHERE channel = 'ehr' AND idempotency_key LIKE ? GROUP BY 1, 2""")) {
            query.setString(1, run + "/%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Long sent = sentAtMillis.get(rows.getLong(1));
                    CommitWatcher.Seen seen = watcher.seen(rows.getLong(2));
                    if (sent == null || seen == null || sent < from || sent >= to) {
                        continue;
                    }
                    int count = rows.getInt(3);
                    weighted.add(new long[] {seen.atMillis() - sent, count});
                    total += count;
                }
            }
        }
        long[] all = new long[total];
        int i = 0;
        for (long[] entry : weighted) {
            for (int k = 0; k < entry[1]; k++) {
                all[i++] = entry[0];
            }
        }
        Arrays.sort(all);
        return all;
    }

    static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
