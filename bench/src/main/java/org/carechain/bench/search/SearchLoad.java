package org.carechain.bench.search;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.carechain.bench.ledger.Args;
import org.carechain.bench.ledger.Results;
import org.carechain.bench.support.Host;
import org.carechain.bench.support.ServiceProcesses;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519PublicKey;
import org.carechain.crypto.sign.Ed25519Sign;
import org.carechain.crypto.sse.Entry;
import org.carechain.crypto.sse.KeywordKeys;
import org.carechain.crypto.sse.KeywordState;
import org.carechain.crypto.sse.KeywordStatement;
import org.carechain.crypto.sse.MasterKeys;
import org.carechain.crypto.sse.Posting;
import org.carechain.crypto.sse.PutUpdatesSigning;
import org.carechain.crypto.sse.SearchResults;
import org.carechain.crypto.sse.SearchVerifier;
import org.carechain.crypto.sse.SecurityLabel;
import org.carechain.crypto.sse.UpdateBatch;
import org.carechain.crypto.sse.UpdateBuilder;
import org.carechain.crypto.sse.UserKeywordKey;
import org.carechain.crypto.sse.VerifiedResult;
import org.carechain.proto.search.v1.EncryptedEntry;
import org.carechain.proto.search.v1.GetLogHeadRequest;
import org.carechain.proto.search.v1.GetLogHeadResponse;
import org.carechain.proto.search.v1.PutUpdatesRequest;
import org.carechain.proto.search.v1.PutUpdatesResponse;
import org.carechain.proto.search.v1.SearchRequest;
import org.carechain.proto.search.v1.SearchResponse;
import org.carechain.proto.search.v1.SearchServerServiceGrpc;
import org.carechain.proto.search.v1.SearchServerServiceGrpc.SearchServerServiceBlockingStub;

/**
 * End-to-end search over gRPC (issue #6, "Speed": a 100-result search, verified and decrypted,
 * p99 ≤ 5 ms; docs/benchmarks.md, "Search (end to end over gRPC)").
 *
 * <p>Starts one search-service from its {@code quarkus-run.jar} in server mode only, with a fresh
 * database of its own, hosting the owner {@value #OWNER}. This driver plays the owner in-process with
 * the real scheme ({@code org.carechain.crypto.sse}): it builds an index of probe keywords with
 * exactly {@code --probes} results each plus {@code --filler} other pairs over
 * {@code --filler-keywords} keywords (Zipf lengths), pushes it with signed {@code PutUpdates} in
 * epochs of at most {@code --epoch-size} entries (entries in random order, so every keyword's entries
 * are spread over the log and the epochs), and signs a statement for each probe at the last epoch.
 *
 * <p>Then it plays the user, closed loop, one blocking search per thread at a time: for a probe,
 * {@code Search(owner, L_1..L_n)} over the socket, {@link SearchVerifier#verify}, then
 * {@link SearchResults#decrypt}; the latency of each search is recorded after a warm-up. In the same
 * run, per probe, the components alone: the bare gRPC {@code Search} call (request built
 * beforehand), verify + decrypt in-process on a result fetched beforehand, and the server's SQL
 * query over JDBC. The token (labels, statement, user key) is issued once per probe beforehand, as
 * the owner's token desk would over HTTP; that round trip and the ledger read of the latest anchored
 * epoch are not part of the loop.
 */
public final class SearchLoad {

    static final String OWNER = "bench";
    static final String JWT_ISSUER = "https://issuer.carechain.bench";
    static final Duration SKEW = Duration.ofSeconds(60);
    static final SecurityLabel LABEL = SecurityLabel.N;

    /** One probe keyword and the token the owner issued for it. */
    record Probe(int size, List<byte[]> labels, KeywordStatement statement, UserKeywordKey userKey, SearchRequest request,
            Set<String> expected) {}

    /** One search, timed by the loop; throws on a wrong answer. */
    @FunctionalInterface
    interface Operation {
        void run() throws Exception;
    }

    private final Args args;
    private final Ed25519PrivateKey ownerKey;
    private final Ed25519PublicKey ownerPublic;
    private final String db;
    private long lastEpoch;

    private SearchLoad(Args args, Ed25519PrivateKey ownerKey, String db) {
        this.args = args;
        this.ownerKey = ownerKey;
        this.ownerPublic = ownerKey.publicKey();
        this.db = db;
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv);
        Path home = Path.of(args.string("home", ".")).toAbsolutePath();
        Path work = Path.of(args.string("work", "/tmp/carechain-searchbench"));
        Path jar = home.resolve("search-service/target/quarkus-app/quarkus-run.jar");
        String db = args.string("db", "carechain_search_bench");
        List<String> javaOptions = List.of(args.string("service-java-opts", "-Xmx512m -XX:+UseSerialGC").trim().split("\\s+"));
        Files.createDirectories(work);
        SearchLoad load = new SearchLoad(args, ownerKey(), db);
        ServiceProcesses processes = new ServiceProcesses(work.resolve("logs"));
        Thread hook = new Thread(processes::close);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            load.run(processes, jar, javaOptions, work);
        } finally {
            processes.close();
            if (!Boolean.parseBoolean(args.string("keep-db", "false"))) {
                ServiceProcesses.dropDatabase(db);
            }
        }
    }

    private void run(ServiceProcesses processes, Path jar, List<String> javaOptions, Path work) throws Exception {
        List<Integer> probeSizes = args.list("probes", "1,10,100,1000,10000").stream().map(Integer::parseInt).toList();
        int filler = (int) args.number("filler", 200_000);
        int fillerKeywords = (int) args.number("filler-keywords", 10_000);
        int epochSize = (int) args.number("epoch-size", 50_000);
        report("# " + Instant.now() + " search-load " + Host.facts() + " owner=" + OWNER + " probes=" + probeSizes + " filler="
                + filler + " filler_keywords=" + fillerKeywords + " epoch_size=" + epochSize + " warmup=" + args.number("warmup", 3)
                + "s seconds=" + args.number("seconds", 20) + "s baseline_seconds=" + args.number("baseline-seconds", 5)
                + "s clients=" + args.string("clients", "1,2") + " service_java_opts='" + String.join(" ", javaOptions)
                + "' driver_max_heap_mb=" + Runtime.getRuntime().maxMemory() / (1 << 20) + " commit=" + args.string("commit", "?"));

        ServiceProcesses.recreateDatabase(db);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("CARECHAIN_SEARCH_SERVER_ENABLED", "true");
        environment.put("CARECHAIN_SEARCH_OWNER_ENABLED", "false");
        environment.put("CARECHAIN_SEARCH_SERVER_OWNERS", OWNER + ":" + HexFormat.of().formatHex(ownerPublic.toByteArray()));
        environment.put("CARECHAIN_DB_NAME", db);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.host", "127.0.0.1");
        properties.put("mp.jwt.verify.publickey.location", jwtPublicKey(work).toUri().toString());
        properties.put("mp.jwt.verify.issuer", JWT_ISSUER);
        long started = System.nanoTime();
        ServiceProcesses.Service service = processes.launch("search-service", jar, javaOptions, properties, environment,
                ServiceProcesses.freePort());
        ServiceProcesses.awaitReady(service, Duration.ofSeconds(120));
        report(String.format(Locale.ROOT, "# search-service up in %.1f s: pid %d port %d database %s; log %s",
                (System.nanoTime() - started) / 1e9, service.pid(), service.port(), db, service.log()));

        int clients = args.list("clients", "1,2").stream().mapToInt(Integer::parseInt).max().orElse(1);
        List<ManagedChannel> channels = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            channels.add(ManagedChannelBuilder.forAddress("127.0.0.1", service.port()).usePlaintext()
                    .maxInboundMessageSize(64 << 20).build());
        }
        try (Connection sql = ServiceProcesses.connect(db)) {
            sql.createStatement().execute("SET application_name = 'search-load'");
            List<Probe> probes = buildIndex(SearchServerServiceGrpc.newBlockingStub(channels.get(0)), probeSizes, filler,
                    fillerKeywords, epochSize);
            indexFacts(sql);
            measure(service, channels, sql, probes);
        } finally {
            for (ManagedChannel channel : channels) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    // ---- the owner: index, pushes, tokens ------------------------------------------------------

    private List<Probe> buildIndex(SearchServerServiceBlockingStub stub, List<Integer> probeSizes, int filler,
            int fillerKeywords, int epochSize) throws Exception {
        if (epochSize < 1 || epochSize > 100_000) {
            throw new IllegalArgumentException("--epoch-size is 1 to 100,000 (the server's limit per push)");
        }
        SecureRandom random = new SecureRandom();
        SplittableRandom order = new SplittableRandom(args.number("seed", 20261130));
        MasterKeys master = MasterKeys.generate(random);

        // Keywords: the probes first, then the filler keywords with Zipf (s = 1) list lengths.
        List<KeywordKeys> keywords = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        for (int size : probeSizes) {
            keywords.add(master.keywordKeys(LABEL, "bench-probe-" + size));
            lengths.add(size);
        }
        double harmonic = 0;
        for (int k = 1; k <= fillerKeywords; k++) {
            harmonic += 1.0 / k;
        }
        int[] fillerLengths = new int[fillerKeywords];
        long assigned = 0;
        for (int k = 0; k < fillerKeywords; k++) {
            fillerLengths[k] = Math.max(1, (int) (filler / (harmonic * (k + 1))));
            assigned += fillerLengths[k];
        }
        for (int k = 0; assigned < filler; k = (k + 1) % fillerKeywords) {
            fillerLengths[k]++;
            assigned++;
        }
        for (int k = 0; k < fillerKeywords; k++) {
            keywords.add(master.keywordKeys(LABEL, "bench-filler-" + k));
            lengths.add(fillerLengths[k]);
        }
        int total = lengths.stream().mapToInt(Integer::intValue).sum();

        // One pair per (keyword, record); the pairs in a random order, so each keyword's entries are
        // spread over the epochs and the log. Pair j refers to record j.
        int[] keywordOf = new int[total];
        int at = 0;
        for (int k = 0; k < keywords.size(); k++) {
            for (int i = 0; i < lengths.get(k); i++) {
                keywordOf[at++] = k;
            }
        }
        int[] pairs = new int[total];
        for (int i = 0; i < total; i++) {
            pairs[i] = i;
        }
        for (int i = total - 1; i > 0; i--) {
            int j = order.nextInt(i + 1);
            int swap = pairs[i];
            pairs[i] = pairs[j];
            pairs[j] = swap;
        }
        report(String.format(Locale.ROOT, "# index: %d pairs = probes %s (%d pairs) + %d filler pairs over %d keywords "
                + "(Zipf s=1, longest %d, shortest %d); security label %s; record refs 64 hex characters",
                total, probeSizes, total - filler, filler, fillerKeywords, fillerLengths[0], fillerLengths[fillerKeywords - 1],
                LABEL));

        Map<Hash, KeywordState> states = new HashMap<>();
        Map<Integer, Set<String>> probeRefs = new HashMap<>();
        long buildNanos = 0;
        long pushNanos = 0;
        int epochs = 0;
        for (int from = 0; from < total; from += epochSize) {
            int to = Math.min(total, from + epochSize);
            long t0 = System.nanoTime();
            UpdateBuilder builder = new UpdateBuilder(states::get, random);
            for (int i = from; i < to; i++) {
                int pair = pairs[i];
                int k = keywordOf[pair];
                String ref = recordRef(pair);
                builder.add(keywords.get(k), Posting.add(ref));
                if (k < probeSizes.size()) {
                    probeRefs.computeIfAbsent(k, x -> new HashSet<>()).add(ref);
                }
            }
            UpdateBatch batch = builder.build();
            long t1 = System.nanoTime();
            GetLogHeadResponse head = stub.getLogHead(GetLogHeadRequest.newBuilder().setOwner(OWNER).build());
            long epoch = head.getEpoch() + 1;
            long base = head.getLogSize();
            List<Entry> entries = batch.entries();
            byte[] signature = Ed25519Sign.create(ownerKey).sign(PutUpdatesSigning.signedBytes(OWNER, epoch, base, entries));
            PutUpdatesRequest.Builder request = PutUpdatesRequest.newBuilder().setOwner(OWNER).setEpoch(epoch)
                    .setBaseLogSize(base).setSignature(ByteString.copyFrom(signature));
            for (Entry entry : entries) {
                request.addEntries(EncryptedEntry.newBuilder().setLabel(UnsafeByteOperations.unsafeWrap(entry.label()))
                        .setValue(UnsafeByteOperations.unsafeWrap(entry.value())));
            }
            long t2 = System.nanoTime();
            PutUpdatesResponse applied = stub.withDeadlineAfter(10, TimeUnit.MINUTES).putUpdates(request.build());
            long t3 = System.nanoTime();
            if (applied.getLogSize() != base + entries.size()) {
                throw new IllegalStateException("the server's log holds " + applied.getLogSize() + " entries after epoch "
                        + epoch + "; expected " + (base + entries.size()));
            }
            states.putAll(batch.newStates());
            lastEpoch = epoch;
            epochs++;
            buildNanos += (t1 - t0) + (t2 - t1);
            pushNanos += t3 - t2;
        }
        report(String.format(Locale.ROOT, "RESULT label=index-build pairs=%d epochs=%d last_epoch=%d owner_build_s=%.1f "
                + "owner_pairs_per_s=%.0f push_s=%.1f push_pairs_per_s=%.0f (owner build = keyword tokens, AES-GCM, chains, "
                + "shuffle, push signature and request, one thread; push = PutUpdates round trips: server verification, "
                + "log hashing and INSERT) load='%s'", total, epochs, lastEpoch, buildNanos / 1e9, total / (buildNanos / 1e9),
                pushNanos / 1e9, total / (pushNanos / 1e9), Host.loadAverage()));

        // The tokens: what the owner's token desk hands the user for each probe at the last epoch.
        List<Probe> probes = new ArrayList<>();
        Instant issued = Instant.now();
        for (int p = 0; p < probeSizes.size(); p++) {
            KeywordKeys keys = keywords.get(p);
            KeywordState state = states.get(keys.tag());
            if (state == null || state.count() != probeSizes.get(p)) {
                throw new IllegalStateException("probe " + probeSizes.get(p) + " has " + (state == null ? 0 : state.count())
                        + " entries");
            }
            KeywordStatement statement = KeywordStatement.sign(ownerKey, OWNER, keys.tag(), state, lastEpoch, issued,
                    Duration.ofHours(6));
            List<byte[]> labels = keys.labels(state.count());
            probes.add(new Probe(probeSizes.get(p), labels, statement, keys.userKey(), request(labels),
                    Set.copyOf(probeRefs.get(p))));
        }
        return probes;
    }

    private void indexFacts(Connection sql) throws Exception {
        try (Statement statement = sql.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT (SELECT count(*) FROM search_entry), pg_total_relation_size('search_entry'), "
                        + "pg_indexes_size('search_entry'), pg_database_size(current_database())")) {
            rows.next();
            report(String.format(Locale.ROOT, "# server database %s: search_entry %d rows, %.1f MB with indexes (%.1f MB of "
                    + "indexes); database %.1f MB", db, rows.getLong(1), rows.getLong(2) / 1e6, rows.getLong(3) / 1e6,
                    rows.getLong(4) / 1e6));
        }
        try (Statement statement = sql.createStatement()) {
            statement.execute("ANALYZE search_entry");
        }
    }

    // ---- the user: searches ----------------------------------------------------------------------

    private void measure(ServiceProcesses.Service service, List<ManagedChannel> channels, Connection sql, List<Probe> probes)
            throws Exception {
        List<SearchServerServiceBlockingStub> stubs = channels.stream().map(SearchServerServiceGrpc::newBlockingStub).toList();
        double warmup = args.number("warmup", 3);
        double seconds = args.number("seconds", 20);
        double baseline = args.number("baseline-seconds", 5);
        List<Integer> clientCounts = args.list("clients", "1,2").stream().map(Integer::parseInt).toList();
        Set<Integer> multiClientProbes = new HashSet<>(args.list("multi-client-probes", "100").stream().map(Integer::parseInt)
                .toList());
        Meter meter = new Meter(service.pid(), sql, db);

        // Each probe once, checked against the refs the owner indexed.
        for (Probe probe : probes) {
            List<String> refs = searchVerifyDecrypt(stubs.get(0), probe);
            if (!new HashSet<>(refs).equals(probe.expected()) || refs.size() != probe.size()) {
                throw new IllegalStateException("probe " + probe.size() + ": the decrypted result is not the indexed set");
            }
        }
        report("# every probe searched once over gRPC, verified, decrypted and compared with the indexed record refs: all equal");
        // JIT warm-up of both sides over every probe, not measured.
        double globalWarmup = args.number("global-warmup", 15);
        SearchServerServiceBlockingStub first = stubs.get(0);
        long warmEnd = System.nanoTime() + (long) (globalWarmup * 1e9);
        for (int i = 0; System.nanoTime() < warmEnd; i++) {
            searchVerifyDecrypt(first, probes.get(i % probes.size()));
        }

        for (Probe probe : probes) {
            for (int clients : clientCounts) {
                if (clients > 1 && !multiClientProbes.contains(probe.size())) {
                    continue;
                }
                Window e2e = Loop.run(clients, warmup, seconds, meter,
                        client -> () -> check(searchVerifyDecrypt(stubs.get(client), probe), probe));
                report(e2e.line("e2e", probe.size(), clients, "Search over gRPC + SearchVerifier.verify + SearchResults.decrypt"));
            }
            SearchServerServiceBlockingStub stub = stubs.get(0);
            Window grpc = Loop.run(1, 1, baseline, meter, client -> () -> {
                SearchResponse response = stub.search(probe.request());
                if (response.getEntriesCount() != probe.size()) {
                    throw new IllegalStateException("wrong count");
                }
            });
            report(grpc.line("grpc-only", probe.size(), 1, "bare Search call, request built beforehand"));

            List<Entry> fetched = entries(stub.search(probe.request()));
            Window verify = Loop.run(1, 1, baseline, meter, client -> () -> {
                VerifiedResult verified = SearchVerifier.verify(probe.statement(), ownerPublic, OWNER, probe.userKey().tag(),
                        probe.labels(), fetched, lastEpoch, Instant.now(), SKEW);
                check(SearchResults.decrypt(probe.userKey(), verified), probe);
            });
            report(verify.line("verify-decrypt-only", probe.size(), 1, "in-process, on entries fetched beforehand"));

            Window query = sqlWindow(sql, probe, baseline, meter);
            if (query != null) {
                report(query.line("sql-only", probe.size(), 1,
                        "the server's SELECT label, value FROM search_entry WHERE owner = ? AND label = ANY(?) over JDBC"));
            }
        }
    }

    private Window sqlWindow(Connection sql, Probe probe, double seconds, Meter meter) throws Exception {
        PreparedStatement query = sql.prepareStatement("SELECT label, value FROM search_entry WHERE owner = ? AND label = ANY(?)");
        try {
            query.setString(1, OWNER);
            query.setArray(2, sql.createArrayOf("bytea", probe.labels().toArray(byte[][]::new)));
        } catch (Exception unsupported) {
            report("# sql-only skipped: " + unsupported);
            return null;
        }
        try (query) {
            return Loop.run(1, 1, seconds, meter, client -> () -> {
                int rows = 0;
                try (ResultSet found = query.executeQuery()) {
                    while (found.next()) {
                        found.getBytes(1);
                        found.getBytes(2);
                        rows++;
                    }
                }
                if (rows != probe.size()) {
                    throw new IllegalStateException("sql found " + rows);
                }
            });
        }
    }

    /** The user's whole search: send the token's labels, verify what comes back, decrypt it. */
    private List<String> searchVerifyDecrypt(SearchServerServiceBlockingStub stub, Probe probe) {
        SearchResponse response = stub.search(request(probe.labels()));
        VerifiedResult verified = SearchVerifier.verify(probe.statement(), ownerPublic, OWNER, probe.userKey().tag(),
                probe.labels(), entries(response), lastEpoch, Instant.now(), SKEW);
        return SearchResults.decrypt(probe.userKey(), verified);
    }

    private static SearchRequest request(List<byte[]> labels) {
        SearchRequest.Builder request = SearchRequest.newBuilder().setOwner(OWNER);
        for (byte[] label : labels) {
            request.addLabels(UnsafeByteOperations.unsafeWrap(label));
        }
        return request.build();
    }

    private static List<Entry> entries(SearchResponse response) {
        List<Entry> entries = new ArrayList<>(response.getEntriesCount());
        for (EncryptedEntry entry : response.getEntriesList()) {
            entries.add(new Entry(entry.getLabel().toByteArray(), entry.getValue().toByteArray()));
        }
        return entries;
    }

    private static void check(List<String> refs, Probe probe) {
        if (refs.size() != probe.size()) {
            throw new IllegalStateException("decrypted " + refs.size() + " refs, expected " + probe.size());
        }
    }

    // ---- measurement -----------------------------------------------------------------------------

    /** Latencies of the searches that started and ended inside the window, with the host's load and CPU. */
    record Window(double seconds, long[] sortedNanos, Map<String, Long> errors, String firstError, String loadBefore,
            String loadAfter, Map<String, Double> cpuSeconds, double machineBusy, double machineTotal) {

        double percentileMillis(double p) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
            return sortedNanos[Math.max(0, Math.min(index, sortedNanos.length - 1))] / 1e6;
        }

        String line(String label, int results, int clients, String what) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "RESULT label=%s results=%d clients=%d seconds=%.0f searches=%d per_s=%.1f p50_ms=%.3f p90_ms=%.3f "
                            + "p99_ms=%.3f p999_ms=%.3f max_ms=%.3f mean_ms=%.3f errors=%s", label, results, clients, seconds,
                    sortedNanos.length, sortedNanos.length / seconds, percentileMillis(50), percentileMillis(90),
                    percentileMillis(99), percentileMillis(99.9), sortedNanos.length == 0 ? Double.NaN
                            : sortedNanos[sortedNanos.length - 1] / 1e6,
                    Arrays.stream(sortedNanos).average().orElse(Double.NaN) / 1e6, errors));
            line.append(" load_before='").append(loadBefore).append("' load_after='").append(loadAfter).append("' cpu_cores:");
            cpuSeconds.forEach((name, value) -> line.append(String.format(Locale.ROOT, " %s=%.2f", name, value / seconds)));
            line.append(String.format(Locale.ROOT, " machine_busy=%.2f/%.0f", machineBusy / seconds, machineTotal / seconds));
            line.append(" (").append(what).append(')');
            if (firstError != null) {
                line.append(" first_error='").append(firstError).append('\'');
            }
            return line.toString();
        }
    }

    /**
     * CPU seconds of search-service, the PostgreSQL backends of its database (its pool's and this
     * driver's JDBC connection, which only the sql-only window uses), this driver and the machine.
     */
    static final class Meter {
        private final long servicePid;
        private final List<Long> backends = new ArrayList<>();

        Meter(long servicePid, Connection sql, String db) throws Exception {
            this.servicePid = servicePid;
            try (PreparedStatement statement = sql.prepareStatement(
                    "SELECT pid FROM pg_stat_activity WHERE datname = ?")) {
                statement.setString(1, db);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        backends.add(rows.getLong(1));
                    }
                }
            }
        }

        Object[] snapshot() {
            Map<String, Double> cpu = new LinkedHashMap<>();
            cpu.put("search_service", Host.processCpuSeconds(servicePid));
            cpu.put("postgres_backends", backends.stream().mapToDouble(Host::processCpuSeconds).sum());
            cpu.put("driver", Host.processCpuSeconds(ProcessHandle.current().pid()));
            return new Object[] {Host.loadAverage(), cpu, Host.machineCpuSeconds()};
        }
    }

    /** A closed loop: each thread runs its next operation as soon as the last one returns. */
    static final class Loop {
        private Loop() {}

        @SuppressWarnings("unchecked")
        static Window run(int threads, double warmupSeconds, double measureSeconds, Meter meter,
                java.util.function.IntFunction<Operation> operations) throws Exception {
            long start = System.nanoTime();
            long windowStart = start + (long) (warmupSeconds * 1e9);
            long windowEnd = windowStart + (long) (measureSeconds * 1e9);
            long[][] latencies = new long[threads][];
            int[] counts = new int[threads];
            Map<String, Long> errors = new TreeMap<>();
            AtomicReference<String> firstError = new AtomicReference<>();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int client = t;
                Operation operation = operations.apply(client);
                latencies[t] = new long[4096];
                Thread worker = new Thread(() -> {
                    while (true) {
                        long sent = System.nanoTime();
                        if (sent >= windowEnd) {
                            return;
                        }
                        String failure = null;
                        try {
                            operation.run();
                        } catch (Exception | Error e) {
                            failure = e.getClass().getSimpleName();
                            firstError.compareAndSet(null, String.valueOf(e));
                        }
                        long received = System.nanoTime();
                        if (sent < windowStart || received > windowEnd) {
                            continue;
                        }
                        if (failure != null) {
                            synchronized (errors) {
                                errors.merge(failure, 1L, Long::sum);
                            }
                        } else {
                            if (counts[client] == latencies[client].length) {
                                latencies[client] = Arrays.copyOf(latencies[client], counts[client] * 2);
                            }
                            latencies[client][counts[client]++] = received - sent;
                        }
                    }
                }, "search-client-" + t);
                workers.add(worker);
                worker.start();
            }
            sleepUntil(windowStart);
            Object[] before = meter.snapshot();
            sleepUntil(windowEnd);
            Object[] after = meter.snapshot();
            for (Thread worker : workers) {
                worker.join();
            }
            int total = 0;
            for (int count : counts) {
                total += count;
            }
            long[] all = new long[total];
            int at = 0;
            for (int t = 0; t < threads; t++) {
                System.arraycopy(latencies[t], 0, all, at, counts[t]);
                at += counts[t];
            }
            Arrays.sort(all);
            Map<String, Double> used = new LinkedHashMap<>();
            Map<String, Double> from = (Map<String, Double>) before[1];
            ((Map<String, Double>) after[1]).forEach((name, value) -> used.put(name, value - from.getOrDefault(name, 0.0)));
            double[] m0 = (double[]) before[2];
            double[] m1 = (double[]) after[2];
            return new Window(measureSeconds, all, errors, firstError.get(), (String) before[0], (String) after[0], used,
                    m1[0] - m0[0], m1[1] - m0[1]);
        }

        private static void sleepUntil(long nanoTime) throws InterruptedException {
            long left;
            while ((left = nanoTime - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
        }
    }

    // ---- keys and files --------------------------------------------------------------------------

    /** The record ref of pair {@code j}: 64 hex characters, as the owner's pseudonymous refs are. */
    private static String recordRef(int pair) {
        return Hash.sha256(("carechain-search-bench/record/" + pair).getBytes(StandardCharsets.UTF_8)).toHex();
    }

    /** The bench owner's Ed25519 key, from a fixed seed, so the server's owner list is reproducible. */
    private static Ed25519PrivateKey ownerKey() {
        try {
            return Ed25519PrivateKey.create(
                    Hash.sha256("carechain-search-bench/owner".getBytes(StandardCharsets.UTF_8)).toByteArray());
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RSA public key for mp.jwt (no token is used: Search and PutUpdates take none). */
    private static Path jwtPublicKey(Path work) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return Files.writeString(work.resolve("jwt.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(generator.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
    }

    private void report(String line) throws Exception {
        Results.report(args, line);
    }
}
