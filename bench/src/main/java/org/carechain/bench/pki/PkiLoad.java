package org.carechain.bench.pki;

import org.carechain.bench.support.Host;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.carechain.bench.ledger.Args;
import org.carechain.bench.ledger.Results;
import org.carechain.crypto.Hash;
import org.carechain.crypto.escrow.EscrowCipher;
import org.carechain.crypto.pki.AnonymousCertificateIssuer;
import org.carechain.crypto.pki.CertificateRequest;
import org.carechain.crypto.pki.OcspResponder;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519Sign;

/**
 * End-to-end load on the PKI (docs/benchmarks.md, "PKI"): starts a private network
 * ({@link PkiNet}), enrols {@code --people} persons at registration-service, then
 *
 * <ol>
 *   <li><b>issue</b>: {@code --issue-clients} closed-loop async clients POST
 *       /api/v1/certificates (an Ed25519 CSR made beforehand, untimed, and a credential) for
 *       {@code --warmup} + {@code --seconds}; the 201 answers once the issuance record is committed
 *       on cbc. Baselines in the same run, one thread: bare {@code AnonymousCertificateIssuer.issue},
 *       and the CA's in-process work per request (CSR parse with its proof of possession, link tag,
 *       issue, SHA-256); plus JDK ECDSA P-256, RSA-2048 and BC Ed25519 signing for the host's speed;
 *   <li><b>ocsp</b>: DER OCSP requests (one SHA-1 CertID, no nonce) for the issued serials, POST
 *       /ocsp from {@code --ocsp-clients} closed-loop async clients; baseline: the in-process
 *       {@code OcspResponder} cached path over the same requests, one thread.
 * </ol>
 *
 * Records nproc, CPU model, load averages and CPU seconds per process for each window.
 */
public final class PkiLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Args args;
    private final PkiNet net;
    private final List<String> credentials = new ArrayList<>();
    private final ConcurrentLinkedQueue<BigInteger> serials = new ConcurrentLinkedQueue<>();

    private PkiLoad(Args args, PkiNet net) {
        this.args = args;
        this.net = net;
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv);
        Path work = Path.of(args.string("work", "/tmp/carechain-pkibench"));
        Path home = Path.of(args.string("home", "."));
        Map<String, Path> jars = new LinkedHashMap<>();
        for (String module : List.of("ledger-service", "registration-service", "certificate-service")) {
            jars.put(module, home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar").toAbsolutePath());
        }
        List<String> javaOptions = List.of(args.string("service-java-opts", "-Xmx512m -XX:+UseSerialGC").trim().split("\\s+"));
        try (PkiNet net = new PkiNet(work, args.string("db-prefix", "carechain_pkibench_"))) {
            Runtime.getRuntime().addShutdownHook(new Thread(net::close));
            PkiLoad load = new PkiLoad(args, net);
            load.report("# " + Instant.now() + " pki-load " + Host.facts() + " people=" + args.number("people", 200)
                    + " issue_clients=" + args.number("issue-clients", 128) + " ocsp_clients=" + args.number("ocsp-clients", 16)
                    + " warmup=" + args.number("warmup", 10) + "s seconds=" + args.number("seconds", 30)
                    + "s service_java_opts='" + String.join(" ", javaOptions) + "' certificate_extra_opts='"
                    + args.string("certificate-extra-opts", "") + "' commit=" + args.string("commit", "?"));
            long started = System.nanoTime();
            String extra = args.string("certificate-extra-opts", "").trim();
            List<String> certificateExtra = extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
            net.start(jars, javaOptions, certificateExtra);
            load.report(String.format(Locale.ROOT, "# network up in %.1f s: ledger pid %d port %d, registration pid %d port %d, "
                    + "certificate pid %d port %d; logs in %s", (System.nanoTime() - started) / 1e9, net.ledger.pid(),
                    net.ledger.port(), net.registration.pid(), net.registration.port(), net.certificate.pid(),
                    net.certificate.port(), work.resolve("logs")));
            List<String> steps = args.list("steps", "issue,ocsp");
            load.enrol((int) args.number("people", 200));
            if (steps.contains("issue")) {
                load.issue();
            }
            if (steps.contains("ocsp")) {
                load.ocsp();
            }
        }
    }

    // ---- enrolment ----------------------------------------------------------------------------

    private void enrol(int people) throws Exception {
        String token = net.registrarToken();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + net.registration.port() + "/api/v1/registrations");
        Semaphore permits = new Semaphore(8);
        AtomicReference<String> failure = new AtomicReference<>();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        String[] results = new String[people];
        long start = System.nanoTime();
        for (int i = 0; i < people; i++) {
            permits.acquire();
            int person = i;
            String body = String.format(Locale.ROOT, "{\"givenName\":\"Bench\",\"familyName\":\"%s\",\"birthDate\":\"1980-01-%02d\","
                    + "\"nationalId\":\"PKIBENCH%07d\",\"role\":\"patient\",\"organization\":\"hospital1\"}",
                    letters(i), 1 + i % 28, i);
            HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            all.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
                permits.release();
                if (error != null) {
                    failure.compareAndSet(null, error.toString());
                } else if (response.statusCode() != 201) {
                    failure.compareAndSet(null, response.statusCode() + " " + response.body());
                } else {
                    try {
                        results[person] = JSON.readTree(response.body()).path("credential").path("encoded").asText();
                    } catch (Exception e) {
                        failure.compareAndSet(null, e.toString());
                    }
                }
                return null;
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        if (failure.get() != null) {
            throw new IllegalStateException("enrolment failed: " + failure.get());
        }
        credentials.addAll(List.of(results));
        report(String.format(Locale.ROOT, "# enrolled %d people in %.1f s (8 concurrent registrar requests)", people,
                (System.nanoTime() - start) / 1e9));
    }

    private static String letters(int i) {
        StringBuilder name = new StringBuilder("Q");
        do {
            name.append((char) ('a' + i % 26));
            i /= 26;
        } while (i > 0);
        return name.toString();
    }

    // ---- issuance -----------------------------------------------------------------------------

    private void issue() throws Exception {
        int clients = (int) args.number("issue-clients", 128);
        double warmup = args.number("warmup", 10);
        double seconds = args.number("seconds", 30);
        int csrCount = (int) args.number("csrs", (long) (600 * (warmup + seconds)));

        // Keys and CSRs ahead of time: not part of the timed window.
        long start = System.nanoTime();
        List<String> csrs = csrs(csrCount);
        report(String.format(Locale.ROOT, "# generated %d Ed25519 keys and CSRs in %.1f s, before and outside the timed window",
                csrCount, (System.nanoTime() - start) / 1e9));

        baselines();

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + net.certificate.port() + "/api/v1/certificates");
        AtomicInteger nextCsr = new AtomicInteger();
        AtomicInteger uncommitted = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        Map<String, long[]> wallTimes = new java.util.concurrent.ConcurrentHashMap<>();
        ClosedLoop.Operation operation = (c, sequence) -> {
            long sentWall = System.currentTimeMillis();
            int index = nextCsr.getAndIncrement();
            String body = "{\"csr\":\"" + csrs.get(index) + "\",\"credential\":\"" + credentials.get(index % credentials.size()) + "\"}";
            HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
            return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
                if (response.statusCode() != 201) {
                    firstError.compareAndSet(null, response.statusCode() + " " + response.body());
                    return "http-" + response.statusCode();
                }
                try {
                    JsonNode issued = JSON.readTree(response.body());
                    serials.add(new BigInteger(issued.path("serial").asText(), 16));
                    wallTimes.put(issued.path("serial").asText(), new long[] {sentWall, System.currentTimeMillis()});
                    if (issued.path("committedHeight").isNull() || issued.path("committedHeight").isMissingNode()) {
                        uncommitted.incrementAndGet();
                        return "201-not-committed-in-time";
                    }
                    return "ok";
                } catch (Exception e) {
                    return "bad-body";
                }
            });
        };
        Window window = new Window(warmup, seconds);
        ClosedLoop.Result result = ClosedLoop.run(clients, warmup, seconds, operation, c -> nextCsr.get() < csrCount);
        Window.Measured measured = window.finish();
        report(String.format(Locale.ROOT, "RESULT label=issue clients=%d seconds=%.0f issued_committed=%d per_s=%.1f "
                        + "p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f mean_ms=%.1f max_ms=%.1f outcomes=%s csrs_used=%d/%d",
                clients, seconds, result.ok(), result.perSecond(), result.percentileMillis(50), result.percentileMillis(95),
                result.percentileMillis(99), result.meanMillis(), result.percentileMillis(100), result.outcomes(),
                nextCsr.get(), csrCount));
        if (firstError.get() != null) {
            report("# first error answer: " + firstError.get().substring(0, Math.min(300, firstError.get().length())));
        }
        report(measured.describe("issue"));
        blocks(measured);
        phases(measured, wallTimes);
    }

    /**
     * Where an issuance's time goes, per certificate answered inside the window, from four clocks
     * on this host: the driver's send; {@code issued_at} in certificate-service's table (taken after
     * the RBC's answer, just before the certificate is built); its log line "issued certificate"
     * (the ledger accepted SubmitBatch); the cbc block's {@code committed_at} in the ledger's table;
     * and the driver's receipt of the 201.
     */
    private void phases(Window.Measured measured, Map<String, long[]> wallTimes) throws Exception {
        Map<String, long[]> issued = new java.util.HashMap<>();
        Map<String, String> hashOf = new java.util.HashMap<>();
        try (Connection connection = PkiNet.connect(net.certificateDb()); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT serial, issued_at, encode(transaction_hash, 'hex') FROM issued_certificate")) {
            while (rows.next()) {
                issued.put(rows.getString(1), new long[] {rows.getTimestamp(2).getTime()});
                hashOf.put(rows.getString(1), rows.getString(3));
            }
        }
        Map<String, Long> committedAt = new java.util.HashMap<>();
        try (Connection connection = PkiNet.connect(net.ledgerDb()); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT encode(t.tx_hash, 'hex'), b.committed_at FROM ledger_transaction t "
                        + "JOIN ledger_block b ON b.channel = t.channel AND b.height = t.height WHERE t.channel = 'cbc'")) {
            while (rows.next()) {
                committedAt.put(rows.getString(1), rows.getTimestamp(2).getTime());
            }
        }
        Map<String, Long> acceptedAt = new java.util.HashMap<>();
        java.util.regex.Pattern line = java.util.regex.Pattern.compile(
                "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}) .*issued certificate ([0-9a-f]+) ");
        java.time.format.DateTimeFormatter format = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
        try (var lines = Files.lines(net.certificate.log())) {
            lines.forEach(text -> {
                var match = line.matcher(text);
                if (match.find()) {
                    acceptedAt.put(match.group(2), java.time.LocalDateTime.parse(match.group(1), format)
                            .atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli());
                }
            });
        }
        long from = measured.startWall().toEpochMilli();
        long to = measured.endWall().toEpochMilli();
        List<long[]> rows = new ArrayList<>();
        wallTimes.forEach((serial, times) -> {
            if (times[0] < from || times[1] > to || !issued.containsKey(serial)) {
                return;
            }
            Long accepted = acceptedAt.get(serial);
            Long committed = committedAt.get(hashOf.get(serial));
            if (accepted == null || committed == null) {
                return;
            }
            long issuedAt = issued.get(serial)[0];
            rows.add(new long[] {issuedAt - times[0], accepted - issuedAt, committed - accepted, times[1] - committed,
                    times[1] - times[0]});
        });
        String[] names = {"send_to_issued_at(http+csr+rbc)", "issued_at_to_accepted(build+db+SubmitBatch)",
                "accepted_to_block_committed", "block_committed_to_201_received(follower+answer)", "total"};
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "RESULT label=issue-phases certificates=%d (ms p50/p90/p99):",
                rows.size()));
        for (int i = 0; i < names.length; i++) {
            int column = i;
            long[] values = rows.stream().mapToLong(r -> r[column]).sorted().toArray();
            out.append(String.format(Locale.ROOT, " %s=%s/%s/%s", names[i], pick(values, 50), pick(values, 90), pick(values, 99)));
        }
        report(out.toString());
    }

    private static String pick(long[] sorted, double p) {
        if (sorted.length == 0) {
            return "-";
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return Long.toString(sorted[Math.max(0, Math.min(index, sorted.length - 1))]);
    }

    private static List<String> csrs(int count) throws Exception {
        String[] out = new String[count];
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            Thread worker = new Thread(() -> {
                SecureRandom random = new SecureRandom();
                Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
                generator.init(new Ed25519KeyGenerationParameters(random));
                X500Name subject = new X500Name("CN=ignored");
                for (int i = first; i < count; i += threads) {
                    var pair = generator.generateKeyPair();
                    try {
                        SubjectPublicKeyInfo info = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
                                (Ed25519PublicKeyParameters) pair.getPublic());
                        ContentSigner signer = ed25519Signer((Ed25519PrivateKeyParameters) pair.getPrivate());
                        out[i] = Base64.getEncoder().encodeToString(
                                new PKCS10CertificationRequestBuilder(subject, info).build(signer).getEncoded());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return List.of(out);
    }

    /** A PKCS#10 content signer over BouncyCastle's Ed25519 (the JDK's is 20x slower). */
    private static ContentSigner ed25519Signer(Ed25519PrivateKeyParameters key) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        return new ContentSigner() {
            private final java.io.OutputStream stream = new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    signer.update((byte) b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    signer.update(bytes, offset, length);
                }
            };

            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);
            }

            @Override
            public java.io.OutputStream getOutputStream() {
                return stream;
            }

            @Override
            public byte[] getSignature() {
                return signer.generateSignature();
            }
        };
    }

    /** One thread each, with the services idle: what signing costs on this host in this run. */
    private void baselines() throws Exception {
        double seconds = args.number("baseline-seconds", 5);
        String base = "http://127.0.0.1:" + net.certificate.port();
        AnonymousCertificateIssuer issuer = AnonymousCertificateIssuer.create(net.ca,
                Optional.of(URI.create(base + "/ocsp")), Optional.of(URI.create(base + "/crl")));
        SecureRandom random = new SecureRandom();
        List<byte[]> csrDers = csrs(1024).stream().map(Base64.getDecoder()::decode).toList();
        var subject = CertificateRequest.parse(csrDers.get(0)).publicKey();
        byte[] linkTag = EscrowCipher.linkTag(net.escrow.publicKey(), new byte[16], random);
        Instant now = Instant.now();
        long[] serial = {1};
        double bare = rate(seconds, () -> issuer.issue(subject, "ps-AAAAAAAAAAAAAAAAAAAAAA", "patient", linkTag,
                BigInteger.valueOf(serial[0]++).shiftLeft(64), now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofHours(24))));
        int[] next = {0};
        double caWork = rate(seconds, () -> {
            try {
                var request = CertificateRequest.parse(csrDers.get(next[0]++ & 1023));
                byte[] rid = new byte[16];
                random.nextBytes(rid);
                byte[] tag = EscrowCipher.linkTag(net.escrow.publicKey(), rid, random);
                byte[] der = issuer.issue(request.publicKey(), "ps-AAAAAAAAAAAAAAAAAAAAAA", "patient", tag,
                        new BigInteger(1, rid), now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofHours(24)));
                Hash.sha256(der);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Ed25519Sign ed = Ed25519Sign.create(Ed25519PrivateKey.generate(random));
        byte[] message = new byte[300];
        double ed25519 = rate(seconds / 2, () -> ed.sign(message));
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ecKey = ec.generateKeyPair();
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        double p256 = rate(seconds / 2, () -> {
            try {
                ecdsa.initSign(ecKey.getPrivate());
                ecdsa.update(message);
                ecdsa.sign();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        KeyPair rsaKey = rsaGenerator.generateKeyPair();
        Signature rsa = Signature.getInstance("SHA256withRSA");
        double rsa2048 = rate(seconds / 2, () -> {
            try {
                rsa.initSign(rsaKey.getPrivate());
                rsa.update(message);
                rsa.sign();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        report(String.format(Locale.ROOT, "RESULT label=issue-baseline threads=1 bare_issue_per_s=%.0f "
                        + "ca_work_per_s=%.0f (csr parse+pop, link tag, issue, sha256) bc_ed25519_sign_per_s=%.0f "
                        + "jdk_ecdsa_p256_sign_per_s=%.0f jdk_rsa2048_sign_per_s=%.0f load=%s",
                bare, caWork, ed25519, p256, rsa2048, Host.loadAverage()));
    }

    /** Operations per second of {@code work} on this thread, after a warm-up of a third of the time. */
    private static double rate(double seconds, Runnable work) {
        long warmEnd = System.nanoTime() + (long) (seconds / 3 * 1e9);
        while (System.nanoTime() < warmEnd) {
            work.run();
        }
        long count = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            for (int i = 0; i < 16; i++) {
                work.run();
            }
            count += 16;
            now = System.nanoTime();
        } while (now < end);
        return count / ((now - start) / 1e9);
    }

    /** The cbc blocks committed in the measured window, from the ledger's own table. */
    private void blocks(Window.Measured measured) throws Exception {
        try (Connection connection = PkiNet.connect(net.ledgerDb());
                var query = connection.prepareStatement("SELECT count(*), COALESCE(sum(tx_count), 0), COALESCE(max(tx_count), 0), "
                        + "COALESCE(percentile_cont(0.5) WITHIN GROUP (ORDER BY tx_count), 0) FROM ledger_block "
                        + "WHERE channel = 'cbc' AND committed_at >= ? AND committed_at < ?")) {
            query.setTimestamp(1, Timestamp.from(measured.startWall()));
            query.setTimestamp(2, Timestamp.from(measured.endWall()));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                long blocks = row.getLong(1);
                report(String.format(Locale.ROOT, "RESULT label=issue-cbc-blocks blocks=%d blocks_per_s=%.2f tx=%d "
                                + "tx_per_block_mean=%.1f median=%.0f max=%d",
                        blocks, blocks / measured.seconds(), row.getLong(2), blocks == 0 ? 0.0 : row.getLong(2) / (double) blocks,
                        row.getDouble(4), row.getLong(3)));
            }
        }
    }

    // ---- OCSP ---------------------------------------------------------------------------------

    private void ocsp() throws Exception {
        int clients = (int) args.number("ocsp-clients", 16);
        double warmup = args.number("warmup", 10);
        double seconds = args.number("seconds", 30);
        int maxSerials = (int) args.number("ocsp-serials", 10_000);
        List<BigInteger> chosen = new ArrayList<>(serials);
        if (chosen.isEmpty()) {
            throw new IllegalStateException("no issued serials to ask about: run the issue step first");
        }
        if (chosen.size() > maxSerials) {
            chosen = chosen.subList(0, maxSerials);
        }
        X509CertificateHolder caHolder = new X509CertificateHolder(net.ca.certificate().toDer());
        var sha1 = new BcDigestCalculatorProvider().get(CertificateID.HASH_SHA1);
        List<byte[]> requests = new ArrayList<>();
        for (BigInteger serial : chosen) {
            requests.add(new OCSPReqBuilder().addRequest(new CertificateID(sha1, caHolder, serial)).build().getEncoded());
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + net.certificate.port() + "/ocsp");

        // The service answers "good", signed, for what it issued (checked with BouncyCastle on a sample).
        for (int i = 0; i < Math.min(5, requests.size()); i++) {
            HttpResponse<byte[]> response = client.send(ocspRequest(uri, requests.get(i)), HttpResponse.BodyHandlers.ofByteArray());
            OCSPResp parsed = new OCSPResp(response.body());
            BasicOCSPResp basic = (BasicOCSPResp) parsed.getResponseObject();
            if (response.statusCode() != 200 || parsed.getStatus() != 0 || basic.getResponses()[0].getCertStatus() != CertificateStatus.GOOD
                    || !basic.getResponses()[0].getCertID().getSerialNumber().equals(chosen.get(i))) {
                throw new IllegalStateException("OCSP sample " + i + " is not a good answer for its serial");
            }
        }

        // Baseline: the responder's cached path in-process, over the same requests, one thread.
        OcspResponder responder = OcspResponder.create(net.ca, Duration.ofHours(1), Duration.ofMinutes(30), 1_000_000);
        Instant now = Instant.now();
        for (byte[] request : requests) {
            responder.respond(request, serial -> org.carechain.crypto.pki.CertificateStatus.GOOD, now);
        }
        int[] next = {0};
        int size = requests.size();
        double inProcess = rate(args.number("baseline-seconds", 5), () -> {
            int i = next[0]++;
            if (i >= size) {
                i = 0;
                next[0] = 1;
            }
            responder.respond(requests.get(i), serial -> org.carechain.crypto.pki.CertificateStatus.GOOD, now);
        });
        report(String.format(Locale.ROOT, "RESULT label=ocsp-baseline threads=1 in_process_cached_per_s=%.0f serials=%d "
                + "cached=%d load=%s", inProcess, size, responder.cachedResponses(), Host.loadAverage()));

        AtomicInteger cursor = new AtomicInteger();
        ClosedLoop.Operation operation = (c, sequence) -> {
            byte[] request = requests.get(Math.floorMod(cursor.getAndIncrement(), size));
            return client.sendAsync(ocspRequest(uri, request), HttpResponse.BodyHandlers.ofByteArray())
                    .thenApply(response -> response.statusCode() != 200 ? "http-" + response.statusCode()
                            : successful(response.body()) ? "ok" : "ocsp-error-status");
        };
        Window window = new Window(warmup, seconds);
        ClosedLoop.Result result = ClosedLoop.run(clients, warmup, seconds, operation, c -> true);
        Window.Measured measured = window.finish();
        report(String.format(Locale.ROOT, "RESULT label=ocsp clients=%d seconds=%.0f serials=%d ok=%d per_s=%.0f p50_ms=%.2f "
                        + "p95_ms=%.2f p99_ms=%.2f max_ms=%.1f outcomes=%s",
                clients, seconds, size, result.ok(), result.perSecond(), result.percentileMillis(50),
                result.percentileMillis(95), result.percentileMillis(99), result.percentileMillis(100), result.outcomes()));
        report(measured.describe("ocsp"));
    }

    private static HttpRequest ocspRequest(URI uri, byte[] body) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/ocsp-request")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** True if the DER OCSPResponse's responseStatus is successful (0). */
    private static boolean successful(byte[] der) {
        if (der.length < 5 || der[0] != 0x30) {
            return false;
        }
        int at = 2;
        if ((der[1] & 0x80) != 0) {
            at += der[1] & 0x7f;
        }
        return der.length > at + 2 && der[at] == 0x0a && der[at + 1] == 0x01 && der[at + 2] == 0;
    }

    // ---- host and windows ---------------------------------------------------------------------

    /** Snapshots load average and CPU seconds per process at the start and end of a measured window. */
    private final class Window {
        record Measured(Instant startWall, Instant endWall, double seconds, String loadBefore, String loadAfter,
                Map<String, Double> cpu, double machineBusy, double machineTotal) {
            String describe(String label) {
                StringBuilder line = new StringBuilder("RESULT label=" + label + "-host load_before='" + loadBefore
                        + "' load_after='" + loadAfter + "' cpu_cores_used:");
                cpu.forEach((name, value) -> line.append(String.format(Locale.ROOT, " %s=%.2f", name, value / seconds)));
                line.append(String.format(Locale.ROOT, " machine_busy=%.2f/%.0f", machineBusy / seconds, machineTotal / seconds));
                return line.toString();
            }
        }

        private final double seconds;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final CompletableFuture<Object[]> start = new CompletableFuture<>();
        private final CompletableFuture<Object[]> end = new CompletableFuture<>();

        Window(double warmup, double seconds) {
            this.seconds = seconds;
            timer.schedule(() -> start.complete(snapshot()), (long) (warmup * 1000), TimeUnit.MILLISECONDS);
            timer.schedule(() -> end.complete(snapshot()), (long) ((warmup + seconds) * 1000), TimeUnit.MILLISECONDS);
        }

        private Object[] snapshot() {
            Map<String, Double> cpu = new LinkedHashMap<>();
            for (PkiNet.Service service : net.services()) {
                cpu.put(service.name(), Host.processCpuSeconds(service.pid()));
            }
            cpu.put("postgres", postgresSeconds());
            cpu.put("driver", Host.processCpuSeconds(ProcessHandle.current().pid()));
            return new Object[] {Instant.now(), Host.loadAverage(), cpu, Host.machineCpuSeconds()};
        }

        @SuppressWarnings("unchecked")
        Measured finish() throws Exception {
            Object[] a = start.get(10, TimeUnit.MINUTES);
            Object[] b = end.get(10, TimeUnit.MINUTES);
            timer.shutdown();
            Map<String, Double> before = (Map<String, Double>) a[2];
            Map<String, Double> after = (Map<String, Double>) b[2];
            Map<String, Double> used = new LinkedHashMap<>();
            after.forEach((name, value) -> used.put(name, value - before.getOrDefault(name, 0.0)));
            double[] m0 = (double[]) a[3];
            double[] m1 = (double[]) b[3];
            return new Measured((Instant) a[0], (Instant) b[0], seconds, (String) a[1], (String) b[1], used,
                    m1[0] - m0[0], m1[1] - m0[1]);
        }
    }


    /** CPU seconds of every postgres process on the host (this run's backends and the server's own). */
    private static double postgresSeconds() {
        double total = 0;
        try (var entries = Files.list(Path.of("/proc"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (comm.startsWith("postgres") || comm.startsWith("postmaster")) {
                        total += Host.processCpuSeconds(Long.parseLong(name));
                    }
                } catch (Exception gone) {
                    // exited meanwhile
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return total;
    }




    private void report(String line) throws Exception {
        Results.report(args, line);
    }
}
