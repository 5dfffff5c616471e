package org.carechain.bench.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.carechain.bench.support.Host;
import org.carechain.bench.support.ServiceProcesses;
import org.carechain.cli.verify.ResponseMapping;
import org.carechain.crypto.Hash;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.carechain.crypto.pki.AnonymousCertificateIssuer;
import org.carechain.crypto.pki.CertificateAuthority;
import org.carechain.crypto.pki.SubjectPublicKey;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ehr.db.EhrSchema;
import org.carechain.ehr.exchange.ExchangeBundle;
import org.carechain.ehr.exchange.ExchangeVerifier;
import org.carechain.ehr.exchange.SealedBundle;
import org.carechain.ehr.record.ProviderKeys;
import org.carechain.ehr.record.Pseudonyms;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TransactionBatch;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.genesis.GenesisJson;
import org.carechain.ledger.core.proposer.ProposerPolicyKind;
import org.carechain.ledger.core.significance.ItemCatalog;
import org.carechain.ledger.core.verify.LedgerVerifier;
import org.carechain.ledger.core.verify.TransactionProof;
import org.carechain.proto.consent.v1.ConsentGrant;
import org.carechain.proto.consent.v1.ProvisionType;
import org.carechain.proto.ledger.v1.GetTransactionResponse;
import org.carechain.proto.ledger.v1.GetTreeHeadRequest;
import org.carechain.proto.ledger.v1.LedgerServiceGrpc;
import org.carechain.proto.ledger.v1.SubmitBatchRequest;

/**
 * Consent decisions and verified record exchange between two local providers (issue #8; see
 * {@code bench/interop-load.sh} for what it starts and measures). Two ledger validators, each the
 * gateway of one provider with change capture of its own EHR database; provider B holds one patient
 * with RECORDS Observations; GRANTS consent grants (4 per patient) are put on the chain. Then,
 * closed loop on one client thread:
 * <ul>
 *   <li>{@code decision}: {@code POST /api/v1/consent/decision} at A about a random patient;
 *       baseline in the same run: {@code GET /api/v1/ledger/ehr/significance} (JWT, one indexed
 *       query, JSON);
 *   <li>{@code exchange}: a clinician at A fetches the patient's RECORDS Observations from B
 *       (REST at A, gRPC to B, consent, EHR read, access event admitted, bundle sealed, per-record
 *       proofs at A), then opens the bundle and verifies every record against the genesis; the
 *       HTTP part and the client's open+verify are also reported alone.
 * </ul>
 */
public final class InteropLoad {

    static final String CHAIN = "carechain-interop-bench";
    static final String ISSUER = "https://issuer.interop.bench";
    static final String MPI = "MPI-BENCH-000001";
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Path work = Path.of(env("BENCH_WORK", "/tmp/carechain-interopbench"));
        Path ledgerJar = Path.of(env("LEDGER_JAR", "ledger-service/target/quarkus-app/quarkus-run.jar"));
        int grants = Integer.parseInt(env("GRANTS", "100000"));
        int records = Integer.parseInt(env("RECORDS", "50"));
        int measure = Integer.parseInt(env("MEASURE_SECONDS", "30"));
        int warmup = Integer.parseInt(env("WARMUP_SECONDS", "10"));
        String dbPrefix = env("DB_PREFIX", "carechain_interopbench_");
        List<String> javaOptions = Arrays.asList(env("SERVICE_JAVA_OPTS", "-Xmx768m -XX:+UseSerialGC").split(" "));
        Path results = work.resolve("results.txt");
        Files.createDirectories(work);
        SecureRandom random = new SecureRandom();

        // Keys: validators, capture submitters, the grants submitter, providers (patient key shared).
        Ed25519PrivateKey validatorA = key(0x21), validatorB = key(0x22), captureA = key(0x31), captureB = key(0x32),
                granter = key(0x41);
        byte[] patientKey = new byte[32];
        random.nextBytes(patientKey);
        ProviderKeys keysA = ProviderKeys.create(bytes(random), bytes(random), patientKey);
        ProviderKeys keysB = ProviderKeys.create(bytes(random), bytes(random), patientKey);
        Path dirA = writeKeys(work.resolve("keys-a"), keysA), dirB = writeKeys(work.resolve("keys-b"), keysB);

        Genesis genesis = new Genesis(CHAIN, Channel.EHR, 1_767_225_600_000L,
                List.of(new Genesis.Member("gw-a", validatorA.publicKey()), new Genesis.Member("gw-b", validatorB.publicKey())),
                List.of(new Genesis.Member("capture-a", captureA.publicKey()), new Genesis.Member("capture-b", captureB.publicKey()),
                        new Genesis.Member("bench-grants", granter.publicKey())),
                ProposerPolicyKind.LEAST_SIGNIFICANCE, Duration.ofSeconds(600), 1_000_000_000L,
                new Genesis.Timeouts(300, 200, 200, 200), 5_000, 8 * 1024 * 1024, ItemCatalog.of(Map.of()), List.of());
        Path genesisDir = Files.createDirectories(work.resolve("genesis"));
        Files.writeString(genesisDir.resolve("ehr.json"), GenesisJson.write(genesis));

        KeyPair jwtKey = rsa();
        Path jwtPem = Files.writeString(work.resolve("jwt.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(jwtKey.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");

        // EHR databases: A empty, B with one patient and RECORDS Observations.
        for (String db : List.of(dbPrefix + "ledger_a", dbPrefix + "ledger_b", dbPrefix + "ehr_a", dbPrefix + "ehr_b")) {
            dropSlot(db);
            ServiceProcesses.recreateDatabase(db);
        }
        for (String db : List.of(dbPrefix + "ehr_a", dbPrefix + "ehr_b")) {
            try (Connection connection = ServiceProcesses.connect(db)) {
                EhrSchema.apply(connection);
            }
        }
        Hash patient = new Pseudonyms(keysB).patientRef(MPI);

        try (ServiceProcesses processes = new ServiceProcesses(work.resolve("logs"))) {
            int portA = ServiceProcesses.freePort(), portB = ServiceProcesses.freePort();
            Map<String, String> common = new LinkedHashMap<>();
            common.put("mp.jwt.verify.publickey.location", jwtPem.toUri().toString());
            common.put("mp.jwt.verify.issuer", ISSUER);
            common.put("quarkus.http.host", "127.0.0.1");
            common.put("carechain.ledger.genesis-dir", genesisDir.toString());
            common.put("carechain.capture.enabled", "true");
            ServiceProcesses.Service a = processes.launch("gw-a", ledgerJar, javaOptions, gateway(common, dbPrefix, "a",
                    "hospitalA", validatorA, captureA, dirA, work, "gw-b=127.0.0.1:" + portB, "hospitalB=127.0.0.1:" + portB),
                    Map.of(), portA);
            ServiceProcesses.Service b = processes.launch("gw-b", ledgerJar, javaOptions, gateway(common, dbPrefix, "b",
                    "hospitalB", validatorB, captureB, dirB, work, "gw-a=127.0.0.1:" + portA, "hospitalA=127.0.0.1:" + portA),
                    Map.of(), portB);
            ServiceProcesses.awaitReady(a, Duration.ofSeconds(180));
            ServiceProcesses.awaitReady(b, Duration.ofSeconds(180));
            String urlA = "http://127.0.0.1:" + portA;
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String auditor = token(jwtKey, "bench-auditor", "auditor", Map.of());

            // Capture streams what is written after its slot exists: seed B only then.
            waitFor(Duration.ofSeconds(120), () -> slotExists(dbPrefix + "ehr_b"));
            seed(dbPrefix + "ehr_b", records);
            System.out.println("waiting for capture of " + (records + 1) + " records at B");
            waitFor(Duration.ofSeconds(180), () -> {
                JsonNode trail = get(http, urlA + "/api/v1/ledger/ehr/patients/" + patient.toHex() + "/events?limit=100", auditor);
                return trail != null && trail.path("events").size() >= records + 1;
            });

            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", portA).usePlaintext()
                    .maxInboundMessageSize(64 * 1024 * 1024).build();
            LedgerServiceGrpc.LedgerServiceBlockingStub ledger = LedgerServiceGrpc.newBlockingStub(channel);
            long before = treeSize(ledger);
            long started = System.nanoTime();
            List<Hash> patients = submitGrants(ledger, granter, grants, patient);
            long expected = before + grants;
            waitFor(Duration.ofSeconds(900), () -> treeSize(ledger) >= expected);
            double seconds = (System.nanoTime() - started) / 1e9;
            append(results, String.format("RESULT grants committed=%d seconds=%.1f rate=%.0f/s", grants, seconds, grants / seconds));

            // Consent decision, and its baseline, in the same run.
            SplittableRandom pick = new SplittableRandom(3);
            Supplier<Boolean> decision = () -> {
                Hash who = patients.get(pick.nextInt(patients.size()));
                JsonNode answer = post(http, urlA + "/api/v1/consent/decision", auditor, "{\"patientRef\":\"" + who.toHex()
                        + "\",\"requester\":\"ps-" + pick.nextInt(1000) + "\",\"requestingProvider\":\"hospital"
                        + (1 + pick.nextInt(3)) + "\",\"resourceType\":\"Observation\"}");
                return answer != null && answer.has("decision");
            };
            Supplier<Boolean> baseline = () -> get(http, urlA + "/api/v1/ledger/ehr/significance", auditor) != null;
            closedLoop(results, "consent-decision grants=" + grants, decision, warmup, measure);
            closedLoop(results, "baseline significance-read", baseline, warmup, measure);

            // The clinician and the verified exchange.
            Ed25519PrivateKey clinicianKey = key(0x51);
            CertificateAuthority ca = CertificateAuthority.createRoot(key(0x61), "Interop Bench CA",
                    Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)), BigInteger.TWO);
            AnonymousCertificate certificate = AnonymousCertificate.parse(AnonymousCertificateIssuer.create(ca,
                    java.util.Optional.empty(), java.util.Optional.empty()).issue(SubjectPublicKey.of(clinicianKey.publicKey()),
                    "ps-bench-clinician", "clinician", new byte[] {1}, BigInteger.valueOf(7), Instant.now().minus(Duration.ofHours(1)),
                    Instant.now().plus(Duration.ofDays(7))));
            String clinician = token(jwtKey, "ps-bench-clinician", "clinician", Map.of("cnf", Map.of("x5t#S256",
                    Base64.getUrlEncoder().withoutPadding().encodeToString(certificate.sha256().toByteArray()))));
            String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(certificate.toDer())
                    + "\n-----END CERTIFICATE-----\n";
            String body = JSON.writeValueAsString(Map.of("provider", "hospitalB", "patientRef", patient.toHex(),
                    "resourceTypes", List.of("Observation"), "certificate", pem));
            LedgerVerifier verifier = LedgerVerifier.forGenesis(genesis);
            long[] httpNanos = new long[1];
            List<Long> httpTimes = new ArrayList<>();
            List<Long> verifyTimes = new ArrayList<>();
            Supplier<Boolean> exchange = () -> {
                long t0 = System.nanoTime();
                JsonNode answer = post(http, urlA + "/api/v1/exchange/requests", clinician, body);
                long t1 = System.nanoTime();
                if (answer == null) {
                    return false;
                }
                int verified = openAndVerify(answer, clinicianKey, verifier);
                long t2 = System.nanoTime();
                httpTimes.add(t1 - t0);
                verifyTimes.add(t2 - t1);
                httpNanos[0] += t1 - t0;
                if (verified != records) {
                    throw new IllegalStateException("verified " + verified + " of " + records + " records");
                }
                return true;
            };
            closedLoop(results, "exchange records=" + records + " (REST at A, gRPC to B, open+verify)", exchange, warmup, measure);
            int skip = httpTimes.size() / 4;
            append(results, "RESULT exchange-parts http " + percentiles(httpTimes.subList(skip, httpTimes.size()))
                    + " | open+verify " + percentiles(verifyTimes.subList(skip, verifyTimes.size())));
            channel.shutdownNow();
            int hold = Integer.parseInt(env("HOLD_SECONDS", "0"));
            if (hold > 0) {
                // For probing by hand: the gateways stay up, with an auditor token and a decided patient.
                Files.writeString(work.resolve("auditor.jwt"), auditor);
                Files.writeString(work.resolve("probe.txt"), urlA + " " + patients.get(0).toHex() + "\n");
                System.out.println("holding the gateways for " + hold + " s: " + work.resolve("probe.txt"));
                Thread.sleep(hold * 1000L);
            }
        } finally {
            for (String db : List.of(dbPrefix + "ehr_a", dbPrefix + "ehr_b")) {
                dropSlot(db);
            }
        }
        System.out.println(Files.readString(results));
    }

    private static Map<String, String> gateway(Map<String, String> common, String prefix, String which, String provider,
            Ed25519PrivateKey validator, Ed25519PrivateKey capture, Path keysDir, Path work, String ledgerPeer,
            String exchangePeer) throws Exception {
        Map<String, String> config = new LinkedHashMap<>(common);
        config.put("carechain.database", prefix + "ledger_" + which);
        config.put("carechain.ledger.node-id", "gw-" + which);
        config.put("carechain.ledger.validator-key-file", hex(work.resolve("validator-" + which + ".key"), validator).toString());
        config.put("carechain.ledger.peers", ledgerPeer);
        config.put("carechain.capture.provider", provider);
        config.put("carechain.capture.keys-dir", keysDir.toString());
        config.put("carechain.capture.submitter-key-file", hex(work.resolve("capture-" + which + ".key"), capture).toString());
        config.put("carechain.capture.database.name", prefix + "ehr_" + which);
        config.put("carechain.capture.slot", prefix + "ehr_" + which);
        config.put("carechain.exchange.peers", exchangePeer);
        return config;
    }

    /** GRANTS grants, 4 per synthetic patient, plus a permit for the bench patient; returns the patients. */
    private static List<Hash> submitGrants(LedgerServiceGrpc.LedgerServiceBlockingStub ledger, Ed25519PrivateKey granter,
            int grants, Hash benchPatient) {
        SplittableRandom random = new SplittableRandom(11);
        List<Hash> patients = new ArrayList<>();
        List<String> types = List.of("Observation", "Condition", "MedicationRequest", "Encounter");
        long now = System.currentTimeMillis();
        List<Transaction> batch = new ArrayList<>();
        for (int i = 0; i < grants; i++) {
            Hash patient = i == 0 ? benchPatient : Hash.sha256(("bench-patient-" + (i / 4)).getBytes(StandardCharsets.UTF_8));
            if (i % 4 == 0 && i > 0) {
                patients.add(patient);
            }
            ConsentGrant.Builder grant = ConsentGrant.newBuilder()
                    .setPatientRef(ByteString.copyFrom(patient.toByteArray()))
                    .setGrantor("ps-patient-" + (i / 4))
                    .setPeriodStartMillis(now - 86_400_000L)
                    .setPeriodEndMillis(now + (1 + random.nextInt(60)) * 86_400_000L)
                    .setGrantedAtMillis(now);
            if (i == 0) {
                grant.setProvision(ProvisionType.PROVISION_TYPE_PERMIT).setProvider("hospitalA");
            } else {
                grant.setProvision(random.nextInt(5) == 0 ? ProvisionType.PROVISION_TYPE_DENY : ProvisionType.PROVISION_TYPE_PERMIT);
                if (random.nextInt(3) == 0) {
                    grant.setClinician("ps-" + random.nextInt(1000));
                } else {
                    grant.setProvider("hospital" + (1 + random.nextInt(3)));
                }
                if (random.nextBoolean()) {
                    grant.addResourceTypes(types.get(random.nextInt(types.size())));
                }
            }
            batch.add(new Transaction(Channel.EHR, "bench/grant/" + i, new TypedPayload(
                    "type.carechain.org/" + ConsentGrant.getDescriptor().getFullName(), grant.build().toByteArray())));
            if (batch.size() == 1000 || i == grants - 1) {
                submit(ledger, TransactionBatch.sign(batch, granter));
                batch.clear();
            }
        }
        return patients;
    }

    private static void submit(LedgerServiceGrpc.LedgerServiceBlockingStub ledger, TransactionBatch batch) {
        org.carechain.proto.ledger.v1.TransactionBatch.Builder proto = org.carechain.proto.ledger.v1.TransactionBatch.newBuilder()
                .setSubmitterKeyId(batch.submitter().hex()).setSignature(ByteString.copyFrom(batch.signature()));
        for (Transaction transaction : batch.transactions()) {
            TypedPayload typed = (TypedPayload) transaction.payload();
            proto.addTransactions(org.carechain.proto.ledger.v1.Transaction.newBuilder()
                    .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR)
                    .setIdempotencyKey(transaction.idempotencyKey())
                    .setTyped(org.carechain.proto.ledger.v1.TypedPayload.newBuilder().setTypeUrl(typed.typeUrl())
                            .setValue(ByteString.copyFrom(typed.value()))));
        }
        for (int attempt = 0; ; attempt++) {
            var response = ledger.submitBatch(SubmitBatchRequest.newBuilder().setBatch(proto).build());
            boolean full = response.getReceiptsList().stream().anyMatch(r -> r.getStatus()
                    == org.carechain.proto.ledger.v1.SubmitStatus.SUBMIT_STATUS_REJECTED);
            if (!full) {
                return;
            }
            if (attempt > 600) {
                throw new IllegalStateException("the mempool stayed full");
            }
            sleep(200);
        }
    }

    /** Opens the sealed bundle and verifies every record; returns how many verified. */
    static int openAndVerify(JsonNode answer, Ed25519PrivateKey key, LedgerVerifier verifier) {
        try {
            byte[] info = SealedBundle.info(HexFormat.of().parseHex(answer.path("requestId").asText()),
                    answer.path("servingProvider").asText(), answer.path("requestingProvider").asText(),
                    Hash.fromHex(answer.path("patientRef").asText()));
            byte[] plain = SealedBundle.open(key, Base64.getDecoder().decode(answer.path("sealedBundle").asText()), info);
            ExchangeBundle.Parsed parsed = ExchangeBundle.parse(plain);
            Map<Hash, TransactionProof> evidence = new HashMap<>();
            for (JsonNode record : answer.path("records")) {
                if (record.hasNonNull("proof")) {
                    evidence.put(Hash.fromHex(record.path("recordRef").asText()), ResponseMapping.transactionProof(
                            GetTransactionResponse.parseFrom(Base64.getDecoder().decode(record.path("proof").asText()))));
                }
            }
            ExchangeVerifier.Result result = ExchangeVerifier.verify(verifier, answer.path("servingProvider").asText(), parsed,
                    evidence);
            return result.verified().size();
        } catch (Exception e) {
            throw new IllegalStateException("cannot open or verify the answer: " + e.getClass().getSimpleName(), e);
        }
    }

    static void closedLoop(Path results, String name, Supplier<Boolean> operation, int warmup, int measure) throws Exception {
        long end = System.nanoTime() + warmup * 1_000_000_000L;
        while (System.nanoTime() < end) {
            operation.get();
        }
        String loadBefore = Host.loadAverage();
        List<Long> times = new ArrayList<>();
        int failures = 0;
        end = System.nanoTime() + measure * 1_000_000_000L;
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            boolean ok = operation.get();
            times.add(System.nanoTime() - t0);
            failures += ok ? 0 : 1;
        }
        append(results, String.format("RESULT %s ops=%d failures=%d %s rate=%.0f/s load=[%s -> %s]", name, times.size(),
                failures, percentiles(times), times.size() / (double) measure, loadBefore, Host.loadAverage()));
    }

    static String percentiles(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        if (sorted.isEmpty()) {
            return "no samples";
        }
        return String.format("p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms", at(sorted, 0.50), at(sorted, 0.90),
                at(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6);
    }

    private static double at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }

    private static void seed(String db, int records) throws Exception {
        try (Connection connection = ServiceProcesses.connect(db); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO fhir_resource (res_type, res_id, res_ver, patient_id, content) VALUES (?, ?, 1, 'p1', ?::jsonb)")) {
            String subject = "{\"reference\":\"Patient/p1\",\"identifier\":{\"system\":\"urn:carechain:mpi\",\"value\":\"" + MPI + "\"}}";
            insert.setString(1, "Patient");
            insert.setString(2, "p1");
            insert.setString(3, "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"identifier\":[{\"system\":\"urn:carechain:mpi\","
                    + "\"value\":\"" + MPI + "\"}],\"gender\":\"female\",\"birthDate\":\"1970-01-01\"}");
            insert.addBatch();
            for (int i = 0; i < records; i++) {
                insert.setString(1, "Observation");
                insert.setString(2, "obs-" + i);
                insert.setString(3, "{\"resourceType\":\"Observation\",\"id\":\"obs-" + i + "\",\"status\":\"final\","
                        + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"2345-7\",\"display\":\"Glucose\"}]},"
                        + "\"subject\":" + subject + ",\"effectiveDateTime\":\"2026-0" + (1 + i % 9) + "-1" + (i % 10)
                        + "T08:00:00Z\",\"valueQuantity\":{\"value\":" + (4 + i % 5) + "." + (i % 10)
                        + ",\"unit\":\"mmol/L\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mmol/L\"},"
                        + "\"note\":[{\"text\":\"" + "synthetic reading for the interop benchmark ".repeat(8) + "\"}]}");
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static long treeSize(LedgerServiceGrpc.LedgerServiceBlockingStub ledger) {
        return ledger.getTreeHead(GetTreeHeadRequest.newBuilder()
                .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR).build()).getTreeHead().getLogSize();
    }

    static JsonNode get(HttpClient http, String url, String token) {
        return send(http, HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build());
    }

    static JsonNode post(HttpClient http, String url, String token, String body) {
        return send(http, HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static JsonNode send(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                System.err.println(request.uri().getPath() + " -> " + response.statusCode() + " " + response.body());
                return null;
            }
            return JSON.readTree(response.body());
        } catch (Exception e) {
            System.err.println(request.uri().getPath() + " failed: " + e);
            return null;
        }
    }

    private static String token(KeyPair key, String subject, String role, Map<String, Object> extra) throws Exception {
        org.jose4j.jwt.JwtClaims claims = new org.jose4j.jwt.JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience("carechain");
        claims.setSubject(subject);
        claims.setStringClaim("upn", subject);
        claims.setStringListClaim("groups", List.of(role));
        claims.setExpirationTimeMinutesInTheFuture(240);
        claims.setIssuedAtToNow();
        claims.setGeneratedJwtId();
        extra.forEach(claims::setClaim);
        org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivate());
        jws.setAlgorithmHeaderValue(org.jose4j.jws.AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    private static void waitFor(Duration timeout, Supplier<Boolean> condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("not reached within " + timeout.toSeconds() + " s");
            }
            sleep(500);
        }
    }

    private static boolean slotExists(String slot) {
        try (Connection connection = ServiceProcesses.connect("postgres");
                PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
            query.setString(1, slot);
            return query.executeQuery().next();
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    private static void dropSlot(String slot) {
        try (Connection connection = ServiceProcesses.connect("postgres")) {
            connection.createStatement().execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                    + "WHERE slot_name = '" + slot + "' AND NOT active");
        } catch (java.sql.SQLException e) {
            System.err.println("could not drop slot " + slot + ": " + e.getSQLState());
        }
    }

    private static void append(Path results, String line) throws Exception {
        System.out.println(line);
        Files.writeString(results, line + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    private static Path writeKeys(Path dir, ProviderKeys keys) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(ProviderKeys.CONTENT_SALT_FILE), HexFormat.of().formatHex(keys.contentSalt()));
        Files.writeString(dir.resolve(ProviderKeys.RECORD_KEY_FILE), HexFormat.of().formatHex(keys.recordKey()));
        Files.writeString(dir.resolve(ProviderKeys.PATIENT_KEY_FILE), HexFormat.of().formatHex(keys.patientKey()));
        return dir;
    }

    private static Path hex(Path file, Ed25519PrivateKey key) throws Exception {
        return Files.writeString(file, HexFormat.of().formatHex(key.exportSeed()) + "\n");
    }

    private static byte[] bytes(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return bytes;
    }

    private static Ed25519PrivateKey key(int fill) throws Exception {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) fill);
        return Ed25519PrivateKey.create(seed);
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
