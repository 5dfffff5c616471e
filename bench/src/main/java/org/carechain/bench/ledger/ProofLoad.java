package org.carechain.bench.ledger;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.InclusionProof;
import org.carechain.crypto.merkle.ProofVerifier;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.proto.ledger.v1.Channel;
import org.carechain.proto.ledger.v1.GetInclusionProofRequest;
import org.carechain.proto.ledger.v1.GetInclusionProofResponse;
import org.carechain.proto.ledger.v1.GetTreeHeadRequest;
import org.carechain.proto.ledger.v1.LedgerServiceGrpc;

/**
 * Inclusion-proof serving: {@code --concurrency} GetInclusionProof calls in flight against one
 * node, for transactions drawn at random from {@code --samples} committed ones (read from the
 * node's database), each proof against the current tree head. The client checks a few proofs, so
 * a fast wrong answer cannot pass. In the same run, the baseline: the two PostgreSQL reads a proof
 * needs (the transaction by hash, then its audit-path nodes), issued directly over JDBC by
 * {@code --concurrency} threads.
 */
public final class ProofLoad {

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv);
        String url = args.string("jdbc", "jdbc:postgresql://127.0.0.1:5432/") + args.string("db");
        int samples = (int) args.number("samples", 100_000);
        int concurrency = (int) args.number("concurrency", 16);
        long millis = args.number("seconds", 30) * 1_000;
        String label = args.string("label", "proofs");
        List<byte[]> hashes = new ArrayList<>(samples);
        long logSize;
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                var statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM ledger_transaction WHERE channel = 'ehr'")) {
                rows.next();
                logSize = rows.getLong(1);
            }
            try (ResultSet rows = statement.executeQuery("SELECT tx_hash FROM ledger_transaction TABLESAMPLE SYSTEM_ROWS("
                    + samples + ") WHERE channel = 'ehr'")) {
                while (rows.next()) {
                    hashes.add(rows.getBytes(1));
                }
            } catch (java.sql.SQLException noTsmExtension) {
                try (ResultSet rows = statement.executeQuery("SELECT tx_hash FROM ledger_transaction WHERE channel = 'ehr' "
                        + "AND random() < " + Math.min(1.0, 2.0 * samples / Math.max(1, logSize)) + " LIMIT " + samples)) {
                    while (rows.next()) {
                        hashes.add(rows.getBytes(1));
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d committed transactions, %d sampled, concurrency %d%n", label, logSize,
                hashes.size(), concurrency);

        ManagedChannel channel = ManagedChannelBuilder.forTarget(args.string("target")).usePlaintext().build();
        try {
            var blocking = LedgerServiceGrpc.newBlockingStub(channel);
            var head = blocking.getTreeHead(GetTreeHeadRequest.newBuilder().setChannel(Channel.CHANNEL_EHR).build()).getTreeHead();
            TreeHead treeHead = new TreeHead(head.getLogSize(), Hash.of(head.getLogRoot().toByteArray()));
            for (int i = 0; i < 20; i++) {
                byte[] hash = hashes.get(i);
                GetInclusionProofResponse proof = blocking.getInclusionProof(request(hash, treeHead.size()));
                ProofVerifier.verifyInclusion(new InclusionProof(proof.getLeafIndex(), proof.getTreeSize(),
                        proof.getAuditPathList().stream().map(b -> Hash.of(b.toByteArray())).toList()), Hash.of(hash), treeHead);
            }
            String grpc = grpcRun(channel, hashes, treeHead.size(), concurrency, millis / 2, "warm-up");
            grpc = grpcRun(channel, hashes, treeHead.size(), concurrency, millis, label);
            String db = jdbcRun(url, hashes, concurrency, millis, label + "-db-baseline");
            String out = grpc + "\n" + db;
            System.out.println(out);
            String file = args.string("out", "");
            if (!file.isEmpty()) {
                Files.writeString(Path.of(file), out + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } finally {
            channel.shutdownNow();
        }
    }

    private static GetInclusionProofRequest request(byte[] hash, long treeSize) {
        return GetInclusionProofRequest.newBuilder().setChannel(Channel.CHANNEL_EHR)
                .setTransactionHash(ByteString.copyFrom(hash)).setTreeSize(treeSize).build();
    }

    private static String grpcRun(ManagedChannel channel, List<byte[]> hashes, long treeSize, int concurrency, long millis,
            String label) throws InterruptedException {
        var stub = LedgerServiceGrpc.newStub(channel);
        Semaphore inFlight = new Semaphore(concurrency);
        long[] latencies = new long[10_000_000];
        AtomicInteger recorded = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        SplittableRandom random = new SplittableRandom(42);
        long started = System.nanoTime();
        long end = started + millis * 1_000_000;
        while (System.nanoTime() < end) {
            inFlight.acquire();
            long sent = System.nanoTime();
            stub.withDeadlineAfter(10, TimeUnit.SECONDS).getInclusionProof(request(hashes.get(random.nextInt(hashes.size())), treeSize),
                    new StreamObserver<>() {
                        @Override
                        public void onNext(GetInclusionProofResponse value) {
                            int slot = recorded.getAndIncrement();
                            if (slot < latencies.length) {
                                latencies[slot] = System.nanoTime() - sent;
                            }
                        }

                        @Override
                        public void onError(Throwable t) {
                            failures.incrementAndGet();
                            inFlight.release();
                        }

                        @Override
                        public void onCompleted() {
                            inFlight.release();
                        }
                    });
        }
        inFlight.acquire(concurrency);
        double seconds = (System.nanoTime() - started) / 1e9;
        return summary(label, Arrays.copyOf(latencies, Math.min(recorded.get(), latencies.length)), seconds, failures.get(),
                concurrency);
    }

    private static String jdbcRun(String url, List<byte[]> hashes, int concurrency, long millis, String label) throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<long[]> perThread = new java.util.concurrent.CopyOnWriteArrayList<>();
        long started = System.nanoTime();
        long end = started + millis * 1_000_000;
        for (int t = 0; t < concurrency; t++) {
            int seed = t;
            Thread thread = new Thread(() -> {
                long[] latencies = new long[2_000_000];
                int n = 0;
                SplittableRandom random = new SplittableRandom(seed);
                try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                        PreparedStatement byHash = connection.prepareStatement(
                                "SELECT log_index, height, tx_hash, body FROM ledger_transaction WHERE channel = 'ehr' AND tx_hash = ?");
                        PreparedStatement nodes = connection.prepareStatement("""
                                SELECT n.level, n.idx, n.hash FROM ledger_tree_node n
                                JOIN unnest(?::smallint[], ?::bigint[]) AS want(level, idx) ON n.level = want.level AND n.idx = want.idx
                                WHERE n.channel = 'ehr'""")) {
                    while (System.nanoTime() < end && n < latencies.length) {
                        long sent = System.nanoTime();
                        byHash.setBytes(1, hashes.get(random.nextInt(hashes.size())));
                        long index;
                        try (ResultSet rows = byHash.executeQuery()) {
                            rows.next();
                            index = rows.getLong(1);
                        }
                        // Twenty sibling nodes, as a 2^20-leaf proof needs.
                        Short[] levels = new Short[20];
                        Long[] indices = new Long[20];
                        for (short level = 0; level < 20; level++) {
                            levels[level] = level;
                            indices[level] = (index >> level) ^ 1;
                        }
                        nodes.setArray(1, connection.createArrayOf("int2", levels));
                        nodes.setArray(2, connection.createArrayOf("int8", indices));
                        try (ResultSet rows = nodes.executeQuery()) {
                            while (rows.next()) {
                                rows.getBytes(3);
                            }
                        }
                        latencies[n++] = System.nanoTime() - sent;
                    }
                } catch (Exception e) {
                    System.err.println("jdbc baseline: " + e);
                }
                perThread.add(Arrays.copyOf(latencies, n));
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] all = perThread.stream().flatMapToLong(Arrays::stream).toArray();
        return summary(label, all, seconds, 0, concurrency);
    }

    private static String summary(String label, long[] nanos, double seconds, long failures, int concurrency) {
        Arrays.sort(nanos);
        return String.format(Locale.ROOT, "RESULT label=%s concurrency=%d seconds=%.1f requests=%d req_per_s=%.0f "
                        + "p50_ms=%.2f p99_ms=%.2f max_ms=%.2f failures=%d", label, concurrency, seconds, nanos.length,
                nanos.length / seconds, nanos.length == 0 ? 0 : LedgerLoad.percentile(nanos, 50) / 1e6,
                nanos.length == 0 ? 0 : LedgerLoad.percentile(nanos, 99) / 1e6,
                nanos.length == 0 ? 0 : nanos[nanos.length - 1] / 1e6, failures);
    }

    private ProofLoad() {}
}
