package org.carechain.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.carechain.cli.cluster.CareChainService;
import org.carechain.cli.cluster.ClusterConfig;
import org.carechain.cli.cluster.ClusterException;
import org.carechain.cli.cluster.DevTokenIssuer;
import org.carechain.cli.cluster.LocalCluster;
import org.carechain.cli.cluster.PostgresServer;
import org.carechain.cli.cluster.RunningService;
import org.carechain.cli.demo.ClusterDemo;
import org.carechain.cli.demo.EhrDemo;
import org.carechain.cli.demo.LedgerDemo;
import org.carechain.cli.demo.PkiClient;
import org.carechain.cli.demo.PkiDemo;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.carechain.crypto.pki.CaCertificate;
import org.carechain.proto.system.v1.Hop;
import org.carechain.proto.system.v1.SystemServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Starts the real service jars as separate processes against the real PostgreSQL, exactly as
 * {@code carechain up} does, and checks what crosses their sockets: the gRPC ping chains, gRPC
 * health, JWT protection of a REST endpoint, 4xx / INVALID_ARGUMENT for malformed input, the
 * ledger, EHR capture and the PKI (enrolment to revocation, checked with OpenSSL and jose4j).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterTest {

    private static final String PING = "/api/v1/system/ping";

    private Path state;
    private Path otherKeys;
    private LocalCluster cluster;
    private DevTokenIssuer tokens;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startCluster() throws IOException {
        state = Files.createTempDirectory("carechain-it-state");
        otherKeys = Files.createTempDirectory("carechain-it-impostor");
        ClusterConfig config = new ClusterConfig(ClusterConfig.findHome(Path.of("")), state,
                PostgresServer.fromEnvironment(System.getenv()), "_it", ClusterConfig.DEFAULT_ISSUER);
        for (CareChainService service : CareChainService.values()) {
            config.postgres().dropDatabase(config.databaseName(service));
        }
        cluster = LocalCluster.start(config, System.out);
        tokens = DevTokenIssuer.loadOrCreate(config.jwtDir(), config.jwtIssuer());
    }

    @AfterAll
    void stopCluster() {
        if (cluster == null) {
            return;
        }
        List<RunningService> services = cluster.services();
        cluster.stop();
        for (RunningService service : services) {
            assertFalse(ProcessHandle.of(service.pid()).map(ProcessHandle::isAlive).orElse(false),
                    service.service().instanceName() + " still runs after stop");
        }
        assertFalse(Files.exists(cluster.config().stateFile()), "the state file outlives the cluster");
        // The EHR databases stay for inspection; their capture slots would keep the server's WAL.
        for (CareChainService validator : CareChainService.ehrProviders()) {
            cluster.config().postgres().dropReplicationSlots(
                    cluster.config().ehrDatabaseName(validator.ehrProvider().orElseThrow()));
        }
        keepLogs(state.resolve("logs"));
        deleteTree(state);
        deleteTree(otherKeys);
    }

    /** The services' logs outlive the cluster in target/cluster-logs, for a failure to be read. */
    private static void keepLogs(Path logs) {
        Path kept = Path.of("target", "cluster-logs");
        try (java.util.stream.Stream<Path> files = Files.list(logs)) {
            Files.createDirectories(kept);
            for (Path file : files.toList()) {
                Files.copy(file, kept.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("cannot keep the cluster's logs: " + e.getMessage());
        }
    }

    private static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }

    @ParameterizedTest
    @EnumSource(CareChainService.class)
    void pingCrossesTheServicesBehindEachService(CareChainService service) {
        List<String> hops = new ClusterDemo(cluster, tokens, System.out).ping(service).getHopsList().stream()
                .map(Hop::getService).toList();
        assertEquals(ClusterDemo.expectedChain(service), hops);
    }

    @Test
    void certificatePingTraversesRegistrationAndLedger() {
        assertEquals(List.of("ledger-service", "registration-service", "certificate-service"),
                ClusterDemo.expectedChain(CareChainService.CERTIFICATE));
        assertEquals(List.of("ledger-service", "search-service"), ClusterDemo.expectedChain(CareChainService.SEARCH));
    }

    @ParameterizedTest
    @EnumSource(CareChainService.class)
    void everyServiceIsServingOverGrpcHealth(CareChainService service) {
        assertEquals(ServingStatus.SERVING,
                new ClusterDemo(cluster, tokens, System.out).grpcHealth(cluster.service(service)));
    }

    @Test
    void restRejectsARequestWithoutToken() throws Exception {
        HttpResponse<String> response = postPing(CareChainService.REGISTRATION, null, "{\"nonce\":\"it\"}");
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"code\":401"), response.body());
    }

    @Test
    void restRejectsATokenWithTheWrongRole() throws Exception {
        String patient = tokens.mint("it-patient", List.of("patient"), Duration.ofMinutes(5));
        assertEquals(403, postPing(CareChainService.REGISTRATION, patient, "{\"nonce\":\"it\"}").statusCode());
    }

    @Test
    void restRejectsAnExpiredToken() throws Exception {
        String expired = tokens.mint("it-admin", List.of("admin"), Duration.ofMinutes(-10));
        assertEquals(401, postPing(CareChainService.REGISTRATION, expired, "{\"nonce\":\"it\"}").statusCode());
    }

    @Test
    void restRejectsATokenSignedByAnUntrustedKey() throws Exception {
        DevTokenIssuer impostor = DevTokenIssuer.loadOrCreate(otherKeys, ClusterConfig.DEFAULT_ISSUER);
        String forged = impostor.mint("it-admin", List.of("admin"), Duration.ofMinutes(5));
        assertEquals(401, postPing(CareChainService.REGISTRATION, forged, "{\"nonce\":\"it\"}").statusCode());
    }

    @Test
    void restAcceptsAnAdminTokenAndReportsTheGrpcChain() throws Exception {
        String admin = tokens.mint("it-admin", List.of("admin"), Duration.ofMinutes(5));
        HttpResponse<String> response = postPing(CareChainService.CERTIFICATE, admin, "{\"nonce\":\"it-ok\"}");
        assertEquals(200, response.statusCode(), response.body());
        String body = response.body();
        assertTrue(body.contains("\"nonce\":\"it-ok\""), body);
        assertTrue(body.indexOf("ledger-service") < body.indexOf("registration-service")
                && body.indexOf("registration-service") < body.indexOf("certificate-service"), body);
    }

    @Test
    void restAnswersMalformedJsonWithBadRequest() throws Exception {
        String admin = tokens.mint("it-admin", List.of("admin"), Duration.ofMinutes(5));
        HttpResponse<String> response = postPing(CareChainService.SEARCH, admin, "{\"nonce\":");
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("malformed JSON body"), response.body());
    }

    @Test
    void grpcAnswersBytesThatAreNotProtobufWithInvalidArgument() {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(cluster.service(CareChainService.LEDGER_0).grpcTarget())
                .usePlaintext().build();
        try {
            MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(SystemServiceGrpc.getPingMethod().getFullMethodName())
                    .setRequestMarshaller(RawBytes.INSTANCE)
                    .setResponseMarshaller(RawBytes.INSTANCE)
                    .build();
            StatusRuntimeException error = assertThrows(StatusRuntimeException.class,
                    () -> ClientCalls.blockingUnaryCall(channel, raw,
                            CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), new byte[] {0x0a, (byte) 0xff}));
            assertEquals(Status.Code.INVALID_ARGUMENT, error.getStatus().getCode());
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void theDemoPassesAgainstTheCluster() {
        assertEquals(0, new ClusterDemo(cluster, tokens, System.out).run());
    }


    // ---- PKI: enrolment, anonymous certificates, login, OCSP, CRL and revocation ------------------

    @Test
    void pkiAnEnrolledPatientsAppGetsAnAnonymousCertificateLogsInAndRevokesIt() throws Exception {
        PkiDemo demo = new PkiDemo(cluster, tokens, System.out);
        PkiClient pki = demo.client();
        PkiClient.Person person = PkiDemo.syntheticPatient();
        PkiClient.Reply enrolled = pki.enrol(person, "patient", "hospital1", demo.registrarToken());
        assertEquals(201, enrolled.status(), enrolled.text());
        String credential = enrolled.field("credential.encoded");
        String rid = enrolled.field("registration.rid");
        assertEquals("patient", enrolled.field("credential.role"));
        assertEquals(401, pki.enrol(PkiDemo.syntheticPatient(), "patient", "hospital1", "not-a-token").status());
        assertEquals(403, pki.enrol(PkiDemo.syntheticPatient(), "patient", "hospital1",
                tokens.mint("it-patient", List.of("patient"), Duration.ofMinutes(5))).status());

        KeyPair key = PkiClient.newAppKey();
        PkiClient.Reply issued = pki.issue(PkiClient.csr(key), credential);
        assertEquals(201, issued.status(), issued.text());
        assertTrue(issued.field("committedHeight") != null, "issuance answers once committed on cbc");
        AnonymousCertificate certificate = AnonymousCertificate.parsePem(issued.field("certificate"));
        CaCertificate root = demo.caRoot();
        certificate.verifyIssuedBy(root);
        assertEquals(root.toPem(), issued.field("issuer"));
        assertEquals("patient", certificate.role());
        assertEquals(issued.field("pseudonym"), certificate.pseudonym());
        assertEquals("CN=" + certificate.pseudonym(), PkiDemo.subject(certificate));
        String der = new String(certificate.toDer(), java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String attribute : person.attributes()) {
            assertFalse(der.contains(attribute), "the certificate holds an enrolment attribute");
        }
        assertFalse(der.contains(rid) || der.contains(new String(java.util.HexFormat.of().parseHex(rid),
                java.nio.charset.StandardCharsets.ISO_8859_1)), "the certificate holds the rid in clear");
        assertArrayEquals(key.getPublic().getEncoded(), certificate.publicKey().toDer());
        assertEquals(rid, java.util.HexFormat.of().formatHex(openLinkTag(certificate, "officer1", "officer3")),
                "two of the three officers' shares open the link tag to the registration id");

        // Login: the token is the consortium's ES256, verifiable with the CA's published JWKS alone.
        PkiClient.Reply login = pki.login(certificate, key);
        assertEquals(200, login.status(), login.text());
        String token = login.field("accessToken");
        org.jose4j.jwt.JwtClaims claims = new org.jose4j.jwt.consumer.JwtConsumerBuilder()
                .setVerificationKeyResolver(new org.jose4j.keys.resolvers.JwksVerificationKeyResolver(
                        new org.jose4j.jwk.JsonWebKeySet(pki.jwks()).getJsonWebKeys()))
                .setJwsAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.ConstraintType.PERMIT,
                        org.jose4j.jws.AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setExpectedIssuer(ClusterConfig.DEFAULT_ISSUER).setExpectedAudience("carechain")
                .setRequireExpirationTime().setRequireSubject().build().processToClaims(token);
        assertEquals(certificate.pseudonym(), claims.getSubject());
        assertEquals(List.of("patient"), claims.getStringListClaimValue("groups"));
        // Every service takes it as an authenticated patient: the admin-only ping says 403, not 401.
        for (CareChainService service : List.of(CareChainService.LEDGER_1, CareChainService.REGISTRATION,
                CareChainService.SEARCH)) {
            assertEquals(403, postPing(service, token, "{\"nonce\":\"it\"}").statusCode(), service.instanceName());
        }
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertEquals(401, postPing(CareChainService.SEARCH, tampered, "{\"nonce\":\"it\"}").statusCode());

        assertEquals(new PkiClient.OcspAnswer("good", null), pki.ocsp(certificate, root));
        KeyPair otherKey = PkiClient.newAppKey();
        PkiClient.Reply other = pki.issue(PkiClient.csr(otherKey), credential);
        assertEquals(201, other.status(), other.text());
        AnonymousCertificate good = AnonymousCertificate.parsePem(other.field("certificate"));
        assertNotEquals(certificate.pseudonym(), good.pseudonym(), "each certificate has a fresh pseudonym");

        // Another patient's token is not the holder's; the holder's own token revokes.
        String stranger = tokens.mint("ps-someone-else", List.of("patient"), Duration.ofMinutes(5));
        assertEquals(403, pki.revoke(certificate.serialNumber(), "key-compromise", stranger).status());
        PkiClient.Reply revoked = pki.revoke(certificate.serialNumber(), "key-compromise", token);
        assertEquals(200, revoked.status(), revoked.text());
        assertTrue(revoked.field("committedHeight") != null, "revocation answers once committed on cbc");
        assertEquals(new PkiClient.OcspAnswer("revoked", "keyCompromise"), pki.ocsp(certificate, root));
        assertEquals(new PkiClient.OcspAnswer("good", null), pki.ocsp(good, root));
        PkiClient.Reply refused = pki.login(certificate, key);
        assertEquals(401, refused.status(), refused.text());
        assertTrue(refused.error().contains("revoked"), refused.text());
        assertEquals(200, pki.login(good, otherKey).status());

        // OpenSSL, with the CA root and the CA's CRL only: the good certificate passes, the revoked one not.
        Path dir = Files.createTempDirectory(state, "openssl");
        Path ca = Files.writeString(dir.resolve("ca.pem"), root.toPem());
        Path goodPem = Files.writeString(dir.resolve("good.pem"), good.toPem());
        Path revokedPem = Files.writeString(dir.resolve("revoked.pem"), certificate.toPem());
        Path crlDer = Files.write(dir.resolve("crl.der"), pki.crl());
        Path crlPem = dir.resolve("crl.pem");
        assertEquals(0, openssl("crl", "-inform", "DER", "-in", crlDer.toString(), "-out", crlPem.toString()).exit());
        OpenSsl accepted = openssl("verify", "-CAfile", ca.toString(), "-crl_check", "-CRLfile", crlPem.toString(),
                goodPem.toString());
        assertEquals(0, accepted.exit(), accepted.output());
        OpenSsl rejected = openssl("verify", "-CAfile", ca.toString(), "-crl_check", "-CRLfile", crlPem.toString(),
                revokedPem.toString());
        assertNotEquals(0, rejected.exit(), rejected.output());
        assertTrue(rejected.output().contains("certificate revoked"), rejected.output());
    }

    @Test
    void pkiTheDemoSceneRunsAgainAgainstTheSameCluster() {
        List<String> failed = new java.util.ArrayList<>();
        int failures = new PkiDemo(cluster, tokens, System.out).run((ok, text) -> {
            if (!ok) {
                failed.add(text);
            }
            return ok ? 0 : 1;
        });
        assertEquals(0, failures, failed.toString());
    }

    @Test
    void pkiTheTracingSceneRunsAgainstTheCluster() {
        List<String> failed = new java.util.ArrayList<>();
        int failures = new org.carechain.cli.demo.TraceDemo(cluster, tokens, System.out).run((ok, text) -> {
            if (!ok) {
                failed.add(text);
            }
            return ok ? 0 : 1;
        });
        assertEquals(0, failures, failed.toString());
    }

    /** The officers' commands, as typed: {@code carechain trace request|approve|partial|show|identity}. */
    @Test
    void pkiOfficersTraceACertificateWithTheTraceCommands() throws Exception {
        PkiDemo demo = new PkiDemo(cluster, tokens, System.out);
        PkiClient.Person person = PkiDemo.syntheticPatient();
        PkiClient.Reply enrolled = demo.client().enrol(person, "patient", "hospital3", demo.registrarToken());
        assertEquals(201, enrolled.status(), enrolled.text());
        String rid = enrolled.field("registration.rid");
        PkiClient.Reply issued = demo.client().issue(PkiClient.csr(PkiClient.newAppKey()), enrolled.field("credential.encoded"));
        assertEquals(201, issued.status(), issued.text());
        String serial = AnonymousCertificate.parsePem(issued.field("certificate")).serialNumber().toString(16);
        org.carechain.cli.cluster.LocalPki pki = new org.carechain.cli.cluster.LocalConsortium(
                cluster.config().consortiumDir()).pki();
        List<String> transcript = new java.util.ArrayList<>();
        java.util.function.BiFunction<String, String[], TraceRun> trace = (officer, args) -> {
            List<String> command = new java.util.ArrayList<>(List.of("trace"));
            command.addAll(List.of(args));
            command.addAll(List.of("--officer", officer,
                    "--certificate-url", cluster.uri(CareChainService.CERTIFICATE).toString(),
                    "--registration-url", cluster.uri(CareChainService.REGISTRATION).toString(),
                    "--token-file", officerToken(officer).toString()));
            TraceRun run = TraceRun.of(command.toArray(String[]::new));
            transcript.add(run.toString());
            assertFalse(run.toString().contains(rid), "the rid was printed: " + run);
            return run;
        };

        TraceRun requested = trace.apply("officer3", new String[] {"request", "--serial", serial, "--reason", "patient-safety"});
        assertEquals(0, requested.exit(), requested.toString());
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("trace ([0-9a-f]{32}) requested on cbc").matcher(requested.out());
        assertTrue(id.find(), requested.out());
        String traceId = id.group(1);
        String key3 = pki.officerSigningKeyFile("officer3").toString();
        String share3 = pki.officerShareFile("officer3").toString();
        String key1 = pki.officerSigningKeyFile("officer1").toString();
        String share1 = pki.officerShareFile("officer1").toString();

        TraceRun approved = trace.apply("officer3", new String[] {"approve", "--trace", traceId, "--officer-key", key3});
        assertEquals(0, approved.exit(), approved.toString());
        assertTrue(approved.out().contains("approvals on cbc: 1 of the 2 needed (officer3)"), approved.out());
        TraceRun wrongKey = trace.apply("officer1", new String[] {"approve", "--trace", traceId, "--officer-key", key3});
        assertEquals(1, wrongKey.exit(), wrongKey.toString());
        assertTrue(wrongKey.err().contains("certificate-service refused (401)"), wrongKey.err());
        awaitShow(trace, traceId, "reads on cbc: 1 of the 2 approvals");
        TraceRun early = trace.apply("officer3", new String[] {"partial", "--trace", traceId, "--stage", "link-tag",
                "--share", share3});
        assertEquals(1, early.exit(), early.toString());
        assertTrue(early.err().contains("registration-service refused (403): the trace has 1 of the 2 approvals"), early.err());

        assertEquals(0, trace.apply("officer1", new String[] {"approve", "--trace", traceId, "--officer-key", key1}).exit());
        awaitShow(trace, traceId, "reads on cbc: 2 of the 2 approvals (officer1, officer3)");
        TraceRun otherShare = trace.apply("officer1", new String[] {"partial", "--trace", traceId, "--stage", "link-tag",
                "--share", share3});
        assertEquals(1, otherShare.exit(), otherShare.toString());
        assertTrue(otherShare.err().contains("share"), otherShare.err());
        TraceRun tooEarly = trace.apply("officer1", new String[] {"partial", "--trace", traceId, "--stage", "identity",
                "--share", share1});
        assertEquals(1, tooEarly.exit(), tooEarly.toString());
        assertTrue(tooEarly.err().contains("the link tag is not open yet"), tooEarly.err());
        for (String[] officer : List.of(new String[] {"officer3", share3}, new String[] {"officer1", share1})) {
            TraceRun sent = trace.apply(officer[0], new String[] {"partial", "--trace", traceId, "--stage", "link-tag",
                    "--share", officer[1]});
            assertEquals(0, sent.exit(), sent.toString());
        }
        TraceRun opened = trace.apply("officer1", new String[] {"show", "--trace", traceId});
        assertTrue(opened.out().contains("link tag: 2 of 2 partial decryptions, opened"), opened.out());
        for (String[] officer : List.of(new String[] {"officer1", share1}, new String[] {"officer3", share3})) {
            TraceRun sent = trace.apply(officer[0], new String[] {"partial", "--trace", traceId, "--stage", "identity",
                    "--share", officer[1]});
            assertEquals(0, sent.exit(), sent.toString());
        }
        TraceRun notTheirs = trace.apply("officer1", new String[] {"identity", "--trace", traceId});
        assertEquals(1, notTheirs.exit(), notTheirs.toString());
        assertTrue(notTheirs.err().contains("only the officer who asked"), notTheirs.err());
        TraceRun identity = trace.apply("officer3", new String[] {"identity", "--trace", traceId});
        assertEquals(0, identity.exit(), identity.toString());
        assertTrue(identity.out().contains("familyName: " + person.familyName().toLowerCase(java.util.Locale.ROOT)), identity.out());
        assertTrue(identity.out().contains("nationalId: " + person.nationalId()), identity.out());
        System.out.println(String.join("\n", transcript));
    }

    /** Runs {@code trace show} until registration-service shows what is expected (its ledger node may lag a block). */
    private void awaitShow(java.util.function.BiFunction<String, String[], TraceRun> trace, String traceId, String expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        TraceRun show = trace.apply("officer2", new String[] {"show", "--trace", traceId});
        while (!show.out().contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            show = trace.apply("officer2", new String[] {"show", "--trace", traceId});
        }
        assertTrue(show.out().contains(expected), show.toString());
    }

    private Path officerToken(String officer) {
        try {
            return Files.writeString(Files.createTempFile(state, officer, ".token"),
                    tokens.mint(officer, List.of("ca-officer"), Duration.ofMinutes(10)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record TraceRun(int exit, String out, String err) {

        static TraceRun of(String... args) {
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            picocli.CommandLine commandLine = CareChainCommand.commandLine();
            commandLine.setOut(new java.io.PrintWriter(out, true));
            commandLine.setErr(new java.io.PrintWriter(err, true));
            TraceRun run = new TraceRun(commandLine.execute(args), out.toString(), err.toString());
            assertFalse((run.out + run.err).contains("\tat "), "a stack trace was printed:\n" + run);
            return run;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n" + out + err;
        }
    }

    /** What tracing does once two officers approve: each computes a partial decryption with its share. */
    private byte[] openLinkTag(AnonymousCertificate certificate, String... officers) throws Exception {
        org.carechain.cli.cluster.LocalPki pki = new org.carechain.cli.cluster.LocalConsortium(
                cluster.config().consortiumDir()).pki();
        org.carechain.ledger.core.genesis.Genesis cbc = org.carechain.ledger.core.genesis.GenesisJson.parse(
                Files.readString(new org.carechain.cli.cluster.LocalConsortium(cluster.config().consortiumDir())
                        .genesisDir().resolve("cbc.json")));
        var keys = org.carechain.crypto.escrow.EscrowVerificationKeys.parse(
                org.carechain.proto.certificate.v1.ConsortiumGenesis.parseFrom(cbc.appState(
                        org.carechain.cli.cluster.LocalPki.CONSORTIUM_GENESIS_TYPE_URL).orElseThrow().value())
                        .getEscrowVerificationKeys().toByteArray());
        byte[] enc = org.carechain.crypto.escrow.EscrowCipher.encapsulatedKey(certificate.linkTag());
        List<org.carechain.crypto.escrow.PartialDecryption> partials = new java.util.ArrayList<>();
        for (String officer : officers) {
            partials.add(org.carechain.crypto.escrow.ThresholdEscrow.partial(org.carechain.crypto.escrow.EscrowKeyShare.parse(
                    java.util.HexFormat.of().parseHex(Files.readString(pki.officerShareFile(officer)).strip())), enc));
        }
        return org.carechain.crypto.escrow.ThresholdEscrow.openLinkTag(partials, keys, certificate.linkTag());
    }

    private record OpenSsl(int exit, String output) {}

    private static OpenSsl openssl(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "openssl did not finish");
        return new OpenSsl(process.exitValue(), output);
    }

    // ---- EHR: capture, significance in real use, the audit and exactly-once capture --------------

    private static final List<String> EHR_PROVIDERS = List.of("hospital1", "hospital2", "hospital3");

    @Test
    @Order(Integer.MAX_VALUE / 2 + 12)
    void searchTheCommandVerifiesBeforeDecryptingAndALyingServerIsCaught() throws Exception {
        ehrSeeded(ehrDemo());
        org.carechain.cli.search.SearchClient.Credentials clinician =
                org.carechain.cli.search.SearchSetup.clinician(cluster, tokens);
        Path dir = Files.createTempDirectory(state, "search-user");
        Path certificate = Files.writeString(dir.resolve("certificate.pem"), clinician.certificate().toPem());
        Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(clinician.privateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Path token = Files.writeString(dir.resolve("token"), clinician.token());
        String[] where = {"--owner-url", cluster.uri(CareChainService.SEARCH).toString(),
                "--server", "127.0.0.1:" + cluster.uri(CareChainService.SEARCH).getPort(),
                "--ledger", "127.0.0.1:" + cluster.uri(CareChainService.LEDGER_0).getPort(),
                "--genesis", org.carechain.cli.search.SearchSetup.searchGenesis(cluster).toString(),
                "--certificate", certificate.toString(), "--key", key.toString(), "--token-file", token.toString()};

        // Wait until the owner has indexed the seeded records: the demo's keyword then has matches.
        TraceRun found = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> args = new java.util.ArrayList<>(List.of("search", "code=44054006 AND type=Condition"));
            args.addAll(List.of(where));
            found = TraceRun.of(args.toArray(String[]::new));
            if (found.exit() == 0 && !found.out().contains(" 0 record(s) match")) {
                break;
            }
            Thread.sleep(1000);
        }
        assertEquals(0, found.exit(), found.toString());
        assertTrue(found.out().contains("[ok] anchor: epoch"), found.toString());
        assertTrue(found.out().contains("[ok] \"code=44054006\""), found.toString());
        assertTrue(found.out().contains("    Condition/"), found.toString());

        // Without a certificate-bound token the owner gives no tokens: exit 1 names the refusal.
        Path unbound = Files.writeString(dir.resolve("unbound"), tokens.mint("someone", List.of("clinician"),
                Duration.ofMinutes(5)));
        List<String> args = new java.util.ArrayList<>(List.of("search", "code=44054006"));
        args.addAll(List.of(where));
        args.set(args.indexOf(token.toString()), unbound.toString());
        TraceRun refused = TraceRun.of(args.toArray(String[]::new));
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("cnf"), refused.toString());

        // A server that drops one entry is caught before anything is decrypted.
        try (org.carechain.cli.search.SearchClient liar = org.carechain.cli.search.SearchSetup.client(cluster)
                .withLyingServer(entries -> entries.isEmpty() ? entries : entries.subList(1, entries.size()))) {
            org.carechain.cli.search.SearchClient.SearchFailure caught = org.junit.jupiter.api.Assertions.assertThrows(
                    org.carechain.cli.search.SearchClient.SearchFailure.class,
                    () -> liar.search(List.of("code=44054006"), clinician));
            assertEquals("COMPLETENESS", caught.check(), caught.getMessage());
        }
    }

    // ---- Interoperability: consent, record exchange and the access report --------------------------

    @Test
    @Order(Integer.MAX_VALUE / 2 + 13)
    void interopTheDemoSceneVerifiesCatchesAnAlteredRecordAndRecordsEveryAccess() throws Exception {
        ehrSeeded(ehrDemo());
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        List<String> failed = new java.util.ArrayList<>();
        int failures;
        try (java.io.PrintStream scene = new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8)) {
            failures = new org.carechain.cli.demo.InteropDemo(cluster, tokens, scene).run((ok, text) -> {
                scene.println((ok ? "  ok    " : "  FAIL  ") + text);
                if (!ok) {
                    failed.add(text);
                }
                return ok ? 0 : 1;
            });
        }
        String output = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        System.out.print(output);
        assertEquals(0, failures, "failed: " + failed);
        assertTrue(output.contains("every one verified against the chain before it is shown (PERMITTED_BY_CONSENT)"), output);
        assertTrue(output.contains("CONTENT_ALTERED and does not show it"), output);
        assertTrue(output.contains("reports the mismatch to hospital1's gateway"), output);
        assertTrue(output.contains("refused (CONSENT_REVOKED)"), output);
        assertTrue(output.contains("(EMERGENCY_OVERRIDE)"), output);
        assertTrue(output.contains("READ/PERMITTED") && output.contains("READ/REFUSED/CONSENT_REVOKED")
                && output.contains("OVERRIDE/PERMITTED"), output);
        assertTrue(output.contains("AuditEvent rest outcome 0 PERMITTED_BY_CONSENT")
                && output.contains("outcome 4 CONSENT_REVOKED") && output.contains("ETREAT+BTG"), output);
        // Types, counts, codes and pseudonyms only: no record content, no FHIR resource.
        assertFalse(output.contains("\"resourceType\"") || output.contains("urn:carechain:record:"), output);
    }

    @Test
    @Order(Integer.MAX_VALUE / 2 + 14)
    void interopTheConsentExchangeAndAccessReportCommandsWithTheirOwnOptions() throws Exception {
        ehrSeeded(ehrDemo());
        org.carechain.cli.demo.InteropDemo.SharedPatient patient =
                new org.carechain.cli.demo.InteropDemo(cluster, tokens, System.out).sharedPatient();
        String ref = patient.patientRef().toHex();
        org.carechain.cli.search.SearchClient.Credentials clinician =
                org.carechain.cli.search.SearchSetup.clinician(cluster, tokens);
        Path dir = Files.createTempDirectory(state, "interop-user");
        Path certificate = Files.writeString(dir.resolve("certificate.pem"), clinician.certificate().toPem());
        Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(clinician.privateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Path token = Files.writeString(dir.resolve("token"), clinician.token());
        Path patientToken = Files.writeString(dir.resolve("patient-token"), tokens.mint("it-patient-app",
                List.of("patient"), Duration.ofMinutes(15), java.util.Map.of("patient_ref", ref)));
        Path auditorToken = Files.writeString(dir.resolve("auditor-token"), tokens.mint("it-auditor",
                List.of("auditor"), Duration.ofMinutes(15)));
        String gateway = cluster.uri(CareChainService.LEDGER_0).toString();
        String genesis = new org.carechain.cli.cluster.LocalConsortium(cluster.config().consortiumDir()).genesisDir()
                .resolve("ehr.json").toString();
        List<String> fetch = List.of("exchange", "fetch", "--gateway", gateway, "--genesis", genesis,
                "--certificate", certificate.toString(), "--key", key.toString(), "--token-file", token.toString(),
                "--provider", "hospital2", "--patient", ref);

        // The patient grants hospital1 Observations until tomorrow, and lists it.
        TraceRun granted = TraceRun.of("consent", "grant", "--gateway", gateway, "--token-file", patientToken.toString(),
                "--provider", "hospital1", "--types", "Observation", "--purposes", "TREAT",
                "--until", java.time.Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .toString());
        assertEquals(0, granted.exit(), granted.toString());
        java.util.regex.Matcher tx = java.util.regex.Pattern.compile("grant ([0-9a-f]{64})").matcher(granted.out());
        assertTrue(tx.find(), granted.toString());
        String grant = tx.group(1);
        TraceRun listed = TraceRun.of("consent", "list", "--gateway", gateway, "--token-file", patientToken.toString());
        assertEquals(0, listed.exit(), listed.toString());
        assertTrue(listed.out().contains(grant + "  active"), listed.toString());
        // hospital2's node decides permit once it has the grant's block.
        String hospital2 = cluster.uri(CareChainService.LEDGER_1).toString();
        assertTrue(LedgerProbe.await(Duration.ofSeconds(30), () -> TraceRun.of("consent", "decide", "--gateway", hospital2,
                "--token-file", auditorToken.toString(), "--patient", ref, "--type", "Observation",
                "--requester", clinician.certificate().pseudonym(), "--requesting-provider", "hospital1").exit() == 0),
                "hospital2 never permitted the granted access");

        // The clinician fetches with their own certificate, key and token: every record verified.
        Path bundle = dir.resolve("bundle.json");
        List<String> args = new java.util.ArrayList<>(fetch);
        args.addAll(List.of("--types", "Observation", "--out", bundle.toString()));
        TraceRun fetched = TraceRun.of(args.toArray(String[]::new));
        assertEquals(0, fetched.exit(), fetched.toString());
        assertTrue(fetched.out().contains("[ok]   Observation "), fetched.toString());
        assertFalse(fetched.out().contains("[FAIL]"), fetched.toString());
        assertTrue(fetched.out().contains("(PERMITTED_BY_CONSENT, consent height"), fetched.toString());
        com.fasterxml.jackson.databind.JsonNode written = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(bundle.toFile());
        assertEquals("Bundle", written.path("resourceType").asText());
        assertTrue(written.path("entry").size() > 0, fetched.toString());
        written.path("entry").forEach(e -> assertEquals("Observation", e.path("resource").path("resourceType").asText()));
        assertTrue(fetched.out().contains(written.path("entry").size() + " record(s) verified (Observation "
                + written.path("entry").size() + ")"), fetched.toString());

        // Malformed input is refused here, with a message and no stack trace: exit 2.
        for (List<String> bad : List.of(List.of("--types", "Observation", "--from", "2026-13-45"),
                List.of("--types", "observation"), List.of("--types", "Observation", "--from", "2026-02-01", "--to", "2026-01-01"))) {
            args = new java.util.ArrayList<>(fetch);
            args.addAll(bad);
            TraceRun wrong = TraceRun.of(args.toArray(String[]::new));
            assertEquals(2, wrong.exit(), bad + ": " + wrong);
            assertTrue(wrong.err().startsWith("carechain: --"), bad + ": " + wrong);
        }
        TraceRun noGenesis = TraceRun.of("exchange", "fetch", "--gateway", gateway, "--provider", "hospital2", "--patient",
                ref, "--types", "Observation");
        assertEquals(2, noGenesis.exit(), noGenesis.toString());
        assertTrue(noGenesis.err().contains("--genesis"), noGenesis.toString());

        // The patient revokes; the grant is listed inactive.
        TraceRun revoked = TraceRun.of("consent", "revoke", "--gateway", gateway, "--token-file", patientToken.toString(),
                "--grant", grant);
        assertEquals(0, revoked.exit(), revoked.toString());
        TraceRun again = TraceRun.of("consent", "revoke", "--gateway", gateway, "--token-file", patientToken.toString(),
                "--grant", grant);
        assertEquals(1, again.exit(), again.toString());
        assertTrue(again.err().contains("409"), again.toString());
        listed = TraceRun.of("consent", "list", "--gateway", gateway, "--token-file", patientToken.toString());
        assertTrue(listed.out().contains(grant + "  inactive"), listed.toString());

        // The access report, asked at ledger-3, lists this clinician's read with the grant it rested on.
        String ledger3 = cluster.uri(CareChainService.LEDGER_3).toString();
        TraceRun[] report = new TraceRun[1];
        assertTrue(LedgerProbe.await(Duration.ofSeconds(30), () -> {
            report[0] = TraceRun.of("access-report", "--gateway", ledger3, "--token-file", auditorToken.toString(),
                    "--patient", ref, "--from", java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).toString());
            return report[0].exit() == 0 && report[0].out().lines().anyMatch(line -> line.contains(" READ ")
                    && line.contains(clinician.certificate().pseudonym()) && line.contains("PERMITTED_BY_CONSENT")
                    && line.contains("basis " + grant));
        }), "the access report lacks the read: " + report[0]);
        TraceRun fhir = TraceRun.of("access-report", "--gateway", ledger3, "--token-file", auditorToken.toString(),
                "--provider", "hospital2", "--fhir");
        assertEquals(0, fhir.exit(), fhir.toString());
        com.fasterxml.jackson.databind.JsonNode audits = new com.fasterxml.jackson.databind.ObjectMapper().readTree(fhir.out());
        assertEquals("Bundle", audits.path("resourceType").asText());
        assertTrue(audits.path("entry").size() > 0, fhir.toString());
        audits.path("entry").forEach(e -> assertEquals("AuditEvent", e.path("resource").path("resourceType").asText()));
        TraceRun both = TraceRun.of("access-report", "--gateway", ledger3, "--token-file", auditorToken.toString(),
                "--patient", ref, "--provider", "hospital2");
        assertEquals(2, both.exit(), both.toString());
        TraceRun asClinician = TraceRun.of("access-report", "--gateway", ledger3, "--token-file", token.toString(),
                "--patient", ref);
        assertEquals(2, asClinician.exit(), asClinician.toString());
        assertTrue(asClinician.err().contains("403"), asClinician.toString());

        // A type the grant does not cover is refused by hospital2, with its reason code, through hospital1's gateway: exit 3.
        List<String> uncovered = new java.util.ArrayList<>(fetch);
        uncovered.addAll(List.of("--types", patient.emergencyType().equals("Observation") ? "Condition" : patient.emergencyType()));
        TraceRun refused = TraceRun.of(uncovered.toArray(String[]::new));
        assertEquals(3, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("REFUSED ("), refused.toString());
    }

    private EhrDemo ehrDemo() {
        return new EhrDemo(cluster, tokens, System.out);
    }

    /** Seeds the three hospitals (unless the demo did) and waits until capture has them all on the chain. */
    private void ehrSeeded(EhrDemo ehr) throws Exception {
        for (String provider : EHR_PROVIDERS) {
            try (java.sql.Connection db = ehr.connect(provider)) {
                if (org.carechain.cli.audit.EhrAudit.rowCount(db, "public.fhir_resource") == 0) {
                    org.carechain.ehr.seed.EhrSeeder.seed(db, new org.carechain.ehr.seed.SyntheticPopulation(EhrDemo.SEED),
                            provider, EhrDemo.PATIENTS);
                }
            }
            assertTrue(ehr.awaitCaptured(provider, Duration.ofSeconds(120)), provider + " was not captured");
        }
    }

    @Test
    @Order(Integer.MAX_VALUE / 2 + 10)
    void significanceOnTheChainMatchesTheFormulaRecomputedFromTheHospitalsRawData() throws Exception {
        EhrDemo ehr = ehrDemo();
        ehrSeeded(ehr);
        for (String provider : EHR_PROVIDERS) {
            assertEquals(List.of(), ehr.audit(provider), provider + "'s database and the chain differ");
        }
        org.carechain.ledger.core.genesis.Genesis genesis = org.carechain.ledger.core.genesis.GenesisJson.parse(
                Files.readString(new org.carechain.cli.cluster.LocalConsortium(cluster.config().consortiumDir())
                        .genesisDir().resolve("ehr.json")));
        try (EhrClusterChecks checks = new EhrClusterChecks(cluster, ehr)) {
            long height = checks.height();
            java.util.Map<String, Long> onChain = checks.significanceOnChain(EHR_PROVIDERS, height);
            java.util.Map<String, Long> recomputed = checks.significanceFromRawData(EHR_PROVIDERS, genesis.importantItems(),
                    genesis.blockRewardNano(), height);
            assertEquals(recomputed, onChain, "significance at height " + height);
            assertEquals(3, onChain.size());
        }
    }

    @Test
    @Order(Integer.MAX_VALUE / 2 + 11)
    void aTamperCampaignBehindCapturesBackIsFoundCompletelyWithNoFalsePositives() throws Exception {
        EhrDemo ehr = ehrDemo();
        ehrSeeded(ehr);
        String provider = "hospital2";
        long seed = 0x7A3BE5L;
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        org.carechain.ehr.record.Pseudonyms pseudonyms = new org.carechain.ehr.record.Pseudonyms(ehr.keys(provider));
        List<String[]> rows = new java.util.ArrayList<>();
        try (java.sql.Connection db = ehr.connect(provider); java.sql.Statement query = db.createStatement();
                java.sql.ResultSet all = query.executeQuery(
                        "SELECT res_type, res_id FROM fhir_resource WHERE res_type <> 'Patient' ORDER BY res_type, res_id")) {
            while (all.next()) {
                rows.add(new String[] {all.getString(1), all.getString(2)});
            }
        }
        java.util.Collections.shuffle(rows, new java.util.Random(seed));
        java.util.Map<org.carechain.crypto.Hash, org.carechain.ehr.audit.Finding.Kind> expected = new java.util.HashMap<>();
        int edits = 40;
        for (int i = 0; i < edits; i++) {
            String type = rows.get(i)[0];
            String id = rows.get(i)[1];
            org.carechain.crypto.Hash ref = pseudonyms.recordRef(provider, type, id);
            switch (random.nextInt(4)) {
                case 0 -> {
                    ehr.bypassCapture(provider, "UPDATE fhir_resource SET content = content || jsonb_build_object('note', ?::text) "
                            + "WHERE res_type = ? AND res_id = ?", "edited-" + i, type, id);
                    expected.put(ref, org.carechain.ehr.audit.Finding.Kind.CHANGED_WITHOUT_TRACE);
                }
                case 1 -> {
                    ehr.bypassCapture(provider, "DELETE FROM fhir_resource WHERE res_type = ? AND res_id = ?", type, id);
                    expected.put(ref, org.carechain.ehr.audit.Finding.Kind.DELETED_WITHOUT_TRACE);
                }
                case 2 -> {
                    String copy = id + "-x" + i;
                    ehr.bypassCapture(provider, "INSERT INTO fhir_resource (res_type, res_id, res_ver, patient_id, content) "
                            + "SELECT res_type, ?, 1, patient_id, jsonb_set(content, '{id}', to_jsonb(?::text)) FROM fhir_resource "
                            + "WHERE res_type = ? AND res_id = ?", copy, copy, type, id);
                    expected.put(pseudonyms.recordRef(provider, type, copy), org.carechain.ehr.audit.Finding.Kind.INSERTED_WITHOUT_TRACE);
                }
                default -> {
                    // A version written behind capture's back, then one written normally: the chain has the
                    // latest content but missed a version.
                    ehr.bypassCapture(provider, "UPDATE fhir_resource SET res_ver = res_ver + 1, content = content || "
                            + "jsonb_build_object('note', 'unseen') WHERE res_type = ? AND res_id = ?", type, id);
                    try (java.sql.Connection db = ehr.connect(provider); java.sql.PreparedStatement update = db.prepareStatement(
                            "UPDATE fhir_resource SET res_ver = res_ver + 1, content = content || jsonb_build_object('note', 'seen') "
                                    + "WHERE res_type = ? AND res_id = ?")) {
                        update.setString(1, type);
                        update.setString(2, id);
                        update.executeUpdate();
                    }
                    expected.put(ref, org.carechain.ehr.audit.Finding.Kind.HISTORY_GAP);
                }
            }
        }
        java.util.Map<org.carechain.crypto.Hash, org.carechain.ehr.audit.Finding.Kind> found = new java.util.HashMap<>();
        assertTrue(LedgerProbe.await(Duration.ofSeconds(60), () -> {
            found.clear();
            try {
                ehr.audit(provider).forEach(f -> found.put(f.recordRef(), f.kind()));
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            return found.equals(expected);
        }), "seed " + seed + ": the audit found " + found + " instead of " + expected);
        assertEquals(edits, found.size());

        // The command line tool says the same, with proofs, and exits 1.
        java.io.StringWriter printed = new java.io.StringWriter();
        picocli.CommandLine command = CareChainCommand.commandLine();
        command.setOut(new java.io.PrintWriter(printed));
        command.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
        int exit = command.execute("audit", "--provider", provider, "--database", cluster.config().ehrDatabaseName(provider),
                "--keys-dir", new org.carechain.cli.cluster.LocalConsortium(cluster.config().consortiumDir())
                        .providerKeysDir(provider).toString(),
                "--target", cluster.auditTarget(), "--genesis", new org.carechain.cli.cluster.LocalConsortium(
                        cluster.config().consortiumDir()).genesisDir().resolve("ehr.json").toString());
        assertEquals(1, exit, printed.toString());
        assertEquals(edits, printed.toString().lines().filter(line -> line.startsWith("FINDING ")).count(), printed.toString());
        assertTrue(printed.toString().contains("validators: verified"), printed.toString());
        assertFalse(printed.toString().contains("DOES NOT VERIFY"), printed.toString());
    }

    /**
     * Runs before the validator kills: kill -9 hospital1's node (which captures its database) at
     * seeded random moments of a long change load, restart it each time, and compare the
     * database's whole change history with the chain: every change exactly once.
     */
    @Test
    @Order(Integer.MAX_VALUE - 3)
    void captureIsExactlyOnceWhenItsNodeIsKilledDuringAChangeLoad() throws Exception {
        EhrDemo ehr = ehrDemo();
        ehrSeeded(ehr);
        String provider = "hospital1";
        int changes = Integer.getInteger("carechain.it.captureChanges", 20_000);
        long seed = 0xC0FFEEL;
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        try (EhrClusterChecks checks = new EhrClusterChecks(cluster, ehr)) {
            // Start from a drained capture: what the chain holds now is everything before the load.
            List<org.carechain.ehr.audit.Finding> before = ehr.audit(provider);
            long fromSeq = checks.lastHistorySeq(provider);
            long fromHeight = checks.height();
            double rate = 2_500;
            java.util.concurrent.CompletableFuture<org.carechain.ehr.seed.ChangeWorkload.Counts> load =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try (java.sql.Connection db = ehr.connect(provider)) {
                            return new org.carechain.ehr.seed.ChangeWorkload(org.carechain.ehr.seed.ChangeWorkload.Options
                                    .defaults(seed).withBatchSize(10).withRate(rate)).run(db, changes);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            long loadMillis = (long) (changes / rate * 1000);
            long[] killAt = random.longs(3, loadMillis / 10, loadMillis * 9 / 10).sorted().toArray();
            long started = System.currentTimeMillis();
            for (long at : killAt) {
                long wait = started + at - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                kill(CareChainService.LEDGER_0);
                Thread.sleep(1_000 + random.nextInt(2_000));
                cluster.restart(CareChainService.LEDGER_0, System.out);
            }
            org.carechain.ehr.seed.ChangeWorkload.Counts done = load.get(10, TimeUnit.MINUTES);
            assertEquals(changes, done.changes());
            List<EhrClusterChecks.ExpectedEvent> history = checks.historyAfter(provider, fromSeq);
            assertEquals(changes, history.size(), "the history table holds every change of the load");
            List<EhrClusterChecks.ExpectedEvent> onChain = new java.util.ArrayList<>();
            java.util.Set<String> keys = new java.util.HashSet<>();
            long[] scanned = {fromHeight};
            assertTrue(LedgerProbe.await(Duration.ofMinutes(5), () -> {
                long top = checks.height();
                onChain.addAll(checks.chainEventsBetween(provider, scanned[0], top, keys));
                scanned[0] = top;
                return onChain.size() >= history.size();
            }), "seed " + seed + ": " + onChain.size() + " of " + history.size() + " changes reached the chain; missing "
                    + missing(history, onChain));
            Thread.sleep(3_000); // anything beyond would be a duplicate: give it time to show
            onChain.addAll(checks.chainEventsBetween(provider, scanned[0], checks.height(), keys));
            java.util.Map<EhrClusterChecks.ExpectedEvent, Long> expectedCounts = history.stream().collect(
                    java.util.stream.Collectors.groupingBy(e -> e, java.util.stream.Collectors.counting()));
            java.util.Map<EhrClusterChecks.ExpectedEvent, Long> actualCounts = onChain.stream().collect(
                    java.util.stream.Collectors.groupingBy(e -> e, java.util.stream.Collectors.counting()));
            assertEquals(history.size(), onChain.size(), "seed " + seed + ": changes lost or duplicated");
            assertEquals(expectedCounts, actualCounts, "seed " + seed + ": the chain's events are not the database's changes");
            // Per record, the chain keeps the database's order.
            assertEquals(perRecord(history), perRecord(onChain), "seed " + seed + ": a record's changes are out of order");
            assertEquals(before, ehr.audit(provider), "after the load the audit finds only what it found before");
            assertTrue(Files.readString(cluster.service(CareChainService.LEDGER_0).log()).contains("capturing public.fhir_resource"),
                    "the restarted node resumed capture");
        }
    }

    /** The first few changes of the history the chain does not show, for the failure message. */
    private static List<EhrClusterChecks.ExpectedEvent> missing(List<EhrClusterChecks.ExpectedEvent> history,
            List<EhrClusterChecks.ExpectedEvent> onChain) {
        java.util.List<EhrClusterChecks.ExpectedEvent> left = new java.util.ArrayList<>(history);
        onChain.forEach(left::remove);
        return left.subList(0, Math.min(5, left.size()));
    }

    private static java.util.Map<org.carechain.crypto.Hash, List<EhrClusterChecks.ExpectedEvent>> perRecord(
            List<EhrClusterChecks.ExpectedEvent> events) {
        return events.stream().collect(java.util.stream.Collectors.groupingBy(EhrClusterChecks.ExpectedEvent::recordRef));
    }

    /**
     * Runs last: with one of four validators killed (f = 1), the other three keep committing, and
     * a client still gets a verifiable certificate and proofs.
     */
    @Test
    @Order(Integer.MAX_VALUE - 2)
    void theLedgerKeepsCommittingWhenOneValidatorIsKilled() throws Exception {
        kill(CareChainService.LEDGER_3);
        LedgerDemo demo = new LedgerDemo(cluster, System.out, CareChainService.LEDGER_1, CareChainService.LEDGER_2,
                CareChainService.LEDGER_0);
        try {
            List<String> failures = new java.util.ArrayList<>();
            int failed = demo.run((ok, text) -> {
                if (!ok) {
                    failures.add(text);
                }
                return ok ? 0 : 1;
            });
            assertEquals(0, failed, "with ledger-3 killed: " + failures);
        } finally {
            demo.close();
        }
    }

    /**
     * Runs after the kill: the others committed blocks meanwhile; the restarted validator fetches
     * them from its peers, checks their certificates, and ends with the very same chain.
     */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void aRestartedValidatorCatchesUpWithoutDivergence() throws Exception {
        try (LedgerProbe probe = new LedgerProbe(cluster)) {
            // Two more blocks while ledger-3 is down: a gap of one height could close through gossip alone.
            long gap = probe.height(CareChainService.LEDGER_0) + 2;
            assertTrue(LedgerProbe.await(Duration.ofSeconds(60), () -> probe.height(CareChainService.LEDGER_0) >= gap),
                    "the three remaining validators stopped committing");
            long behind = probe.height(CareChainService.LEDGER_0);
            cluster.restart(CareChainService.LEDGER_3, System.out);
            assertTrue(LedgerProbe.await(Duration.ofSeconds(60), () -> probe.height(CareChainService.LEDGER_3) >= behind),
                    "ledger-3 did not catch up to height " + behind + "; it is at " + probe.height(CareChainService.LEDGER_3));
            assertSameChain(probe, CareChainService.LEDGER_0, CareChainService.LEDGER_3, behind);
            assertTrue(Files.readString(cluster.service(CareChainService.LEDGER_3).log()).contains("caught up to height"),
                    "ledger-3 did not take the catch-up path");
            long next = probe.height(CareChainService.LEDGER_0) + 1;
            assertTrue(LedgerProbe.await(Duration.ofSeconds(60), () -> probe.height(CareChainService.LEDGER_3) >= next),
                    "ledger-3 does not commit new heights after catching up");
        }
    }

    /**
     * Runs last: with two of four validators down (f + 1), nothing commits and nothing forks; when
     * one returns, the chain moves on, the same on every validator.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void losingTwoValidatorsHaltsTheLedgerWithoutAForkUntilOneReturns() throws Exception {
        try (LedgerProbe probe = new LedgerProbe(cluster)) {
            kill(CareChainService.LEDGER_3);
            kill(CareChainService.LEDGER_2);
            Thread.sleep(3_000); // a height already decided may still be stored
            long halted0 = probe.height(CareChainService.LEDGER_0);
            long halted1 = probe.height(CareChainService.LEDGER_1);
            Thread.sleep(12_000); // longer than the idle interval after which a block is due
            assertEquals(halted0, probe.height(CareChainService.LEDGER_0), "ledger-0 committed without a quorum");
            assertEquals(halted1, probe.height(CareChainService.LEDGER_1), "ledger-1 committed without a quorum");
            assertSameChain(probe, CareChainService.LEDGER_0, CareChainService.LEDGER_1, Math.min(halted0, halted1));

            cluster.restart(CareChainService.LEDGER_2, System.out);
            long resumed = Math.max(halted0, halted1) + 1;
            assertTrue(LedgerProbe.await(Duration.ofSeconds(90), () -> probe.height(CareChainService.LEDGER_0) >= resumed
                            && probe.height(CareChainService.LEDGER_2) >= resumed),
                    "progress did not resume with three validators back");
            assertSameChain(probe, CareChainService.LEDGER_0, CareChainService.LEDGER_2, resumed);
            assertSameChain(probe, CareChainService.LEDGER_0, CareChainService.LEDGER_1, resumed);
        }
    }

    private void kill(CareChainService service) throws Exception {
        ProcessHandle victim = ProcessHandle.of(cluster.service(service).pid()).orElseThrow();
        victim.destroyForcibly();
        victim.onExit().get(30, TimeUnit.SECONDS);
    }

    /**
     * Each header names its parent's hash, so equal hashes at {@code upTo} mean equal chains below
     * it; the last few heights are compared so that a failure shows where they part.
     */
    private static void assertSameChain(LedgerProbe probe, CareChainService a, CareChainService b, long upTo) {
        for (long height = Math.max(1, upTo - 4); height <= upTo; height++) {
            assertEquals(probe.blockHash(a, height), probe.blockHash(b, height),
                    a.instanceName() + " and " + b.instanceName() + " differ at height " + height);
        }
    }

    @Test
    void theRunningClusterIsFoundFromItsStateAndASecondStartIsRefused() {
        LocalCluster loaded = LocalCluster.load(cluster.config()).orElseThrow();
        assertEquals(cluster.services(), loaded.services());
        assertThrows(ClusterException.class, () -> LocalCluster.start(cluster.config(), System.out));
    }

    @Test
    void anUnreachablePostgresIsExplained() {
        PostgresServer nowhere = new PostgresServer("127.0.0.1", 1, "postgres", "");
        ClusterException error = assertThrows(ClusterException.class, nowhere::checkReachable);
        assertTrue(error.getMessage().contains("PostgreSQL is not reachable at 127.0.0.1:1"), error.getMessage());
    }

    private HttpResponse<String> postPing(CareChainService service, String token, String body)
            throws IOException, InterruptedException {
        URI uri = cluster.uri(service).resolve(PING);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private enum RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

}
