package org.carechain.certificate;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.carechain.certificate.login.AuthResource;
import org.carechain.certificate.testing.PkiNetwork;
import org.carechain.crypto.escrow.EscrowCipher;
import org.carechain.crypto.escrow.PartialDecryption;
import org.carechain.crypto.escrow.ThresholdEscrow;
import org.carechain.proto.certificate.v1.TraceApproval;
import org.carechain.service.pki.Tracing;
import org.carechain.service.ledger.LedgerSubmitter;
import org.carechain.certificate.consortium.TrustBundle;
import org.carechain.crypto.Hash;
import org.carechain.proto.certificate.v1.TrustBundleUpdate;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.proto.certificate.v1.CertificateServiceGrpc;
import org.carechain.proto.certificate.v1.GetTrustBundleRequest;
import org.carechain.proto.ledger.v1.Channel;
import org.carechain.proto.ledger.v1.GetBlockRequest;
import org.carechain.proto.ledger.v1.GetTreeHeadRequest;
import org.carechain.proto.ledger.v1.LedgerServiceGrpc;
import org.carechain.proto.registration.v1.RegistrationCredential;
import org.carechain.proto.registration.v1.Role;
import org.carechain.service.credential.CredentialFormat;
import org.carechain.service.testing.CapturedLogs;
import org.carechain.service.testing.ServiceTestResource;
import org.carechain.service.testing.TestDatabase;
import org.carechain.service.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anonymous certificates end to end, against a real ledger (rbc and cbc) and a real
 * registration-service, with OpenSSL and nimbus-jose-jwt as the outside clients: issuance, bad
 * input, login, revocation, OCSP and CRL, and the privacy of what reaches the chain and the logs.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "carechain_certificate_test"))
@QuarkusTestResource(PkiNetwork.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CertificateApiTest {

    private static final String CERTIFICATES = "/api/v1/certificates";
    /** Distinctive synthetic identity attributes; the privacy scan looks for them everywhere. */
    private static final List<String> SECRETS = List.of("Quorravendel", "Illiathrax", "ZQ4417723K");

    private static final List<String> errorBodies = new ArrayList<>();
    private static CapturedLogs logs;
    private static String rid;
    private static String credential;
    private static KeyPair holderKey;
    private static AnonymousCertificate holderCertificate;

    @TestHTTPResource("/")
    URL root;

    @jakarta.inject.Inject
    LedgerSubmitter submitter;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        logs = CapturedLogs.install();
        PkiNetwork.awaitReady();
        ExtractableResponse<Response> enrolled = given().port(PkiNetwork.registration().port())
                .auth().oauth2(TestTokens.withRoles("registrar")).contentType(ContentType.JSON)
                .body("{\"givenName\":\"Quorravendel\",\"familyName\":\"Illiathrax\",\"birthDate\":\"1979-03-02\","
                        + "\"nationalId\":\"ZQ4417723K\",\"role\":\"patient\",\"organization\":\"hospital1\"}")
                .when().post("/api/v1/registrations").then().extract();
        assertEquals(201, enrolled.statusCode(), enrolled.asString());
        rid = enrolled.jsonPath().getString("registration.rid");
        credential = enrolled.jsonPath().getString("credential.encoded");
    }

    @AfterAll
    static void noErrorBodyLeaks() {
        errorBodies.forEach(body -> assertNoSecret(body, "an error body"));
    }

    // ---- issuance -------------------------------------------------------------------------

    @Test
    @Order(1)
    void anAppWithACredentialGetsAnAnonymousCertificateCommittedOnCbc() throws Exception {
        holderKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        ExtractableResponse<Response> issued = issue(csr(holderKey, "Ed25519"), credential);
        assertEquals(201, issued.statusCode(), issued.asString());
        assertNotNull(issued.jsonPath().get("committedHeight"), "the answer waits for the commit");
        holderCertificate = AnonymousCertificate.parsePem(issued.jsonPath().getString("certificate"));

        assertEquals(issued.jsonPath().getString("pseudonym"), holderCertificate.pseudonym());
        assertTrue(holderCertificate.pseudonym().startsWith("ps-"));
        assertEquals("patient", holderCertificate.role());
        assertEquals("patient", issued.jsonPath().getString("role"));
        holderCertificate.verifyIssuedBy(PkiNetwork.CA.certificate());
        assertArrayEquals(holderKey.getPublic().getEncoded(), holderCertificate.publicKey().toDer());
        assertEquals(PkiNetwork.CA.certificate().toPem(), issued.jsonPath().getString("issuer"));
        // Two officers' partial decryptions open the link tag, and it holds the rid.
        assertEquals(rid, HexFormat.of().formatHex(ThresholdEscrow.openLinkTag(
                List.of(linkTagPartial(1, holderCertificate), linkTagPartial(3, holderCertificate)),
                PkiNetwork.ESCROW.verificationKeys(), holderCertificate.linkTag())));
        assertEquals("good", given().when().get(CERTIFICATES + "/" + holderCertificate.serialNumber().toString(16))
                .then().statusCode(200).extract().jsonPath().getString("status"));
    }

    @Test
    @Order(2)
    void anEcdsaP256KeyGetsACertificateToo() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        ExtractableResponse<Response> issued = issue(csr(key, "SHA256withECDSA"), credential);
        assertEquals(201, issued.statusCode(), issued.asString());
        AnonymousCertificate certificate = AnonymousCertificate.parsePem(issued.jsonPath().getString("certificate"));
        assertNotEquals(holderCertificate.pseudonym(), certificate.pseudonym(), "every certificate has a fresh pseudonym");
        assertFalse(java.util.Arrays.equals(holderCertificate.linkTag(), certificate.linkTag()), "link tags are randomised");
    }

    @Test
    @Order(3)
    void badRequestsAreRefusedWithAReasonAndChangeNothing() throws Exception {
        long before = count("issued_certificate");
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String good = csr(key, "Ed25519");

        expectError(issue("bm90IGEgQ1NS", credential), 400, "csr");
        expectError(issue("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", credential), 400, "csr");
        expectError(issue(csrWithKeyOf(key, other), credential), 400, "csr");
        expectError(issue(good, "%%%not-base64%%%"), 400, "credential");
        expectError(issue(good, null), 400, "credential");
        expectError(given().contentType(ContentType.JSON).body("{\"csr\":").when().post(CERTIFICATES).then().extract(),
                400, null);

        RegistrationCredential genuine = CredentialFormat.decode(credential);
        Instant later = Instant.now().plusSeconds(600);
        String forged = CredentialFormat.encode(CredentialFormat.sign(Ed25519PrivateKey.create(new byte[32]),
                genuine.getRid().toByteArray(), Role.ROLE_PATIENT, later));
        expectError(issue(good, forged), 401, "not genuine");
        String promoted = CredentialFormat.encode(genuine.toBuilder().setRole(Role.ROLE_CLINICIAN).build());
        expectError(issue(good, promoted), 401, "not genuine");
        String expired = CredentialFormat.encode(CredentialFormat.sign(PkiNetwork.CREDENTIAL_KEY,
                genuine.getRid().toByteArray(), Role.ROLE_PATIENT, Instant.now().minusSeconds(1)));
        expectError(issue(good, expired), 401, "expired");
        String unknown = CredentialFormat.encode(CredentialFormat.sign(PkiNetwork.CREDENTIAL_KEY, new byte[16],
                Role.ROLE_PATIENT, later));
        expectError(issue(good, unknown), 401, "no registration");

        assertEquals(before, count("issued_certificate"), "a refused request writes nothing");
    }

    @Test
    @Order(4)
    void aRevokedRegistrationGetsNoCertificate() throws Exception {
        ExtractableResponse<Response> enrolled = given().port(PkiNetwork.registration().port())
                .auth().oauth2(TestTokens.withRoles("registrar")).contentType(ContentType.JSON)
                .body("{\"givenName\":\"Quorravendel\",\"familyName\":\"Illiathrax\",\"birthDate\":\"1980-03-02\","
                        + "\"nationalId\":\"ZQ4417724K\",\"role\":\"clinician\",\"organization\":\"hospital2\"}")
                .when().post("/api/v1/registrations").then().extract();
        assertEquals(201, enrolled.statusCode(), enrolled.asString());
        given().port(PkiNetwork.registration().port()).auth().oauth2(TestTokens.withRoles("registrar"))
                .contentType(ContentType.JSON).body("{\"reason\":\"cessation-of-role\"}")
                .when().post("/api/v1/registrations/" + enrolled.jsonPath().getString("registration.rid") + "/revoke")
                .then().statusCode(200);
        long before = count("issued_certificate");
        expectError(issue(csr(KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), "Ed25519"),
                enrolled.jsonPath().getString("credential.encoded")), 403, "revoked");
        assertEquals(before, count("issued_certificate"));
    }

    @Test
    @Order(5)
    void issuanceAndTheFollowersHeightAreInTheMetrics() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher issued = java.util.regex.Pattern
                .compile("carechain_certificates_issued_total\\{[^}]*role=\"patient\"[^}]*\\} ([0-9.]+)").matcher(metrics);
        assertTrue(issued.find(), "carechain_certificates_issued_total{role=patient} is exported");
        assertTrue(Double.parseDouble(issued.group(1)) >= 2, "two certificates were issued so far");
        java.util.regex.Matcher height = java.util.regex.Pattern.compile("carechain_cbc_derived_height(\\{[^}]*\\})? ([0-9.]+)")
                .matcher(metrics);
        assertTrue(height.find(), "carechain_cbc_derived_height is exported");
        assertTrue(Double.parseDouble(height.group(2)) >= 1, "the follower derived at least one block");
    }

    // ---- login ----------------------------------------------------------------------------

    @Test
    @Order(10)
    void theHolderLogsInAndTheTokenVerifiesWithAnotherJwtLibrary() throws Exception {
        String token = login(holderCertificate, holderKey);
        JWKSet jwks = JWKSet.parse(given().when().get("/.well-known/jwks.json").then().statusCode(200).extract().asString());
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(jwks)));
        JWTClaimsSet claims = processor.process(token, null);
        assertEquals(holderCertificate.pseudonym(), claims.getSubject());
        assertEquals(List.of("patient"), claims.getStringListClaim("groups"));
        assertEquals(TestTokens.ISSUER, claims.getIssuer());
        assertEquals(List.of("carechain"), claims.getAudience());
        assertTrue(claims.getExpirationTime().toInstant().isBefore(Instant.now().plusSeconds(16 * 60)));
        assertNoSecret(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8), "a token");
    }

    @Test
    @Order(11)
    void aChallengeIsAnsweredOnceAndOnlyWithTheCertificatesKey() throws Exception {
        String challenge = challenge();
        KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        expectError(answer(holderCertificate, challenge, sign(stranger, challenge)), 401, "does not verify");
        // The failed answer used the challenge up.
        expectError(answer(holderCertificate, challenge, sign(holderKey, challenge)), 401, "challenge");
        String fresh = challenge();
        assertEquals(200, answer(holderCertificate, fresh, sign(holderKey, fresh)).statusCode());
        expectError(answer(holderCertificate, fresh, sign(holderKey, fresh)), 401, "already used");
        String never = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        expectError(answer(holderCertificate, never, sign(holderKey, never)), 401, "challenge");
        expectError(answer(holderCertificate, "short", "AAAA"), 400, "challenge");
    }

    @Test
    @Order(12)
    void aCertificateFromOutsideTheBundleCannotLogIn() throws Exception {
        var outsider = org.carechain.crypto.pki.CertificateAuthority.createRoot(Ed25519PrivateKey.create(new byte[32]),
                "Outsider", Instant.now().minusSeconds(60), Instant.now().plusSeconds(86_400), java.math.BigInteger.TEN);
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] der = org.carechain.crypto.pki.AnonymousCertificateIssuer.create(outsider, java.util.Optional.empty(),
                java.util.Optional.empty()).issue(org.carechain.crypto.pki.SubjectPublicKey.of(key.getPublic()),
                "ps-outsider", "patient", new byte[] {1}, java.math.BigInteger.TWO, Instant.now().minusSeconds(1),
                Instant.now().plusSeconds(3600));
        AnonymousCertificate certificate = AnonymousCertificate.parse(der);
        String challenge = challenge();
        expectError(answer(certificate, challenge, sign(key, challenge)), 401, "trust bundle");
    }

    @Test
    @Order(13)
    void forgedExpiredAndMisdirectedTokensAreRefused() {
        String serial = holderCertificate.serialNumber().toString(16);
        String body = "{\"reason\":\"superseded\"}";
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes())
                + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"iss\":\"" + TestTokens.ISSUER
                        + "\",\"aud\":\"carechain\",\"sub\":\"x\",\"groups\":[\"ca-officer\"],\"exp\":4102444800}").getBytes()) + ".";
        for (String token : List.of(none, TestTokens.expired("ca-officer"), TestTokens.fromWrongIssuer("ca-officer"),
                TestTokens.forWrongAudience("ca-officer"), TestTokens.signedByUntrustedKey("ca-officer"))) {
            expectError(revoke(serial, token, body), 401, null);
        }
        expectError(revoke(serial, null, body), 401, null);
        // A registrar is not a CA officer; another patient is not the holder.
        expectError(revoke(serial, TestTokens.withRoles("registrar"), body), 403, null);
        expectError(revoke(serial, TestTokens.withRoles("patient"), body), 403, "holder");
        assertEquals("good", status(serial));
    }

    // ---- revocation, OCSP and CRL, checked by OpenSSL ------------------------------------------

    @Test
    @Order(20)
    void openSslAcceptsAGoodCertificateAndRejectsARevokedOneByCrlAndOcsp() throws Exception {
        KeyPair goodKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        ExtractableResponse<Response> good = issue(csr(goodKey, "Ed25519"), credential);
        assertEquals(201, good.statusCode(), good.asString());
        Path ca = Files.writeString(tmp.resolve("ca.pem"), PkiNetwork.CA.certificate().toPem());
        Path goodPem = Files.writeString(tmp.resolve("good.pem"), good.jsonPath().getString("certificate"));
        Path revokedPem = Files.writeString(tmp.resolve("revoked.pem"), holderCertificate.toPem());

        // The holder revokes its own certificate with its login token.
        String token = login(holderCertificate, holderKey);
        ExtractableResponse<Response> revoked = revoke(holderCertificate.serialNumber().toString(16), token,
                "{\"reason\":\"key-compromise\"}");
        assertEquals(200, revoked.statusCode(), revoked.asString());
        assertNotNull(revoked.jsonPath().get("committedHeight"));
        assertEquals("revoked", status(holderCertificate.serialNumber().toString(16)));
        expectError(revoke(holderCertificate.serialNumber().toString(16), TestTokens.withRoles("ca-officer"),
                "{\"reason\":\"superseded\"}"), 409, "already revoked");

        byte[] crl = given().when().get("/crl").then().statusCode(200).contentType("application/pkix-crl")
                .extract().asByteArray();
        Path crlDer = Files.write(tmp.resolve("crl.der"), crl);
        Path crlPem = tmp.resolve("crl.pem");
        assertEquals(0, openssl("crl", "-inform", "DER", "-in", crlDer.toString(), "-out", crlPem.toString()).exit());
        OpenSsl ok = openssl("verify", "-CAfile", ca.toString(), "-crl_check", "-CRLfile", crlPem.toString(), goodPem.toString());
        assertEquals(0, ok.exit(), ok.output());
        OpenSsl refused = openssl("verify", "-CAfile", ca.toString(), "-crl_check", "-CRLfile", crlPem.toString(),
                revokedPem.toString());
        assertNotEquals(0, refused.exit(), refused.output());
        assertTrue(refused.output().contains("certificate revoked"), refused.output());

        String url = root.toString().replaceAll("/$", "") + "/ocsp";
        OpenSsl goodOcsp = openssl("ocsp", "-issuer", ca.toString(), "-cert", goodPem.toString(), "-url", url,
                "-CAfile", ca.toString());
        assertTrue(goodOcsp.output().contains("Response verify OK"), goodOcsp.output());
        assertTrue(goodOcsp.output().contains(goodPem + ": good"), goodOcsp.output());
        OpenSsl revokedOcsp = openssl("ocsp", "-issuer", ca.toString(), "-cert", revokedPem.toString(), "-url", url,
                "-CAfile", ca.toString(), "-no_nonce");
        assertTrue(revokedOcsp.output().contains("Response verify OK"), revokedOcsp.output());
        assertTrue(revokedOcsp.output().contains(revokedPem + ": revoked"), revokedOcsp.output());
        assertTrue(revokedOcsp.output().contains("keyCompromise"), revokedOcsp.output());

        // A revoked certificate cannot log in any more.
        String challenge = challenge();
        expectError(answer(holderCertificate, challenge, sign(holderKey, challenge)), 401, "revoked");
    }

    @Test
    @Order(21)
    void aMalformedOcspRequestGetsAMalformedRequestAnswer() {
        byte[] answer = given().contentType("application/ocsp-request").body(new byte[] {0x30, 0x03, 0x01})
                .when().post("/ocsp").then().statusCode(200).extract().asByteArray();
        // OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED malformedRequest (1) }
        assertArrayEquals(new byte[] {0x30, 0x03, 0x0a, 0x01, 0x01}, answer);
    }

    // ---- the consortium ------------------------------------------------------------------

    @Test
    @Order(30)
    void theTrustBundleIsTheGenesisRoots() {
        ManagedChannel channel = ManagedChannelBuilder.forAddress(root.getHost(), root.getPort()).usePlaintext().build();
        try {
            var bundle = CertificateServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getTrustBundle(GetTrustBundleRequest.getDefaultInstance());
            assertEquals(2, bundle.getRootsCount());
            assertTrue(bundle.getRootsList().stream().anyMatch(r -> java.util.Arrays.equals(r.toByteArray(),
                    PkiNetwork.SECOND_CA.certificate().toDer())));
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    @Order(31)
    void aTrustBundleUpdateOnCbcTakesEffectOnlyWithAMajorityOfEndorsements() throws Exception {
        var third = org.carechain.crypto.pki.CertificateAuthority.createRoot(Ed25519PrivateKey.create(new byte[32]),
                "CareChain Test CA 3", Instant.now().minusSeconds(60), Instant.now().plusSeconds(86_400),
                java.math.BigInteger.valueOf(3));
        TrustBundleUpdate update = TrustBundleUpdate.newBuilder().setSequence(1)
                .addAddRoots(com.google.protobuf.ByteString.copyFrom(third.certificate().toDer())).build();
        // A minority (1 of 2) endorses adding a fourth CA: it must change nothing.
        var fourth = org.carechain.crypto.pki.CertificateAuthority.createRoot(Ed25519PrivateKey.create(new byte[] {
                4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4}),
                "CareChain Test CA 4", Instant.now().minusSeconds(60), Instant.now().plusSeconds(86_400),
                java.math.BigInteger.valueOf(4));
        TrustBundleUpdate addFourth = TrustBundleUpdate.newBuilder().setSequence(1)
                .addAddRoots(com.google.protobuf.ByteString.copyFrom(fourth.certificate().toDer())).build();
        TrustBundleUpdate minority = addFourth.toBuilder().addEndorsements(TrustBundle.endorse(addFourth,
                Hash.sha256(PkiNetwork.CA.certificate().toDer()), PkiNetwork.CA_KEY)).build();
        TrustBundleUpdate majority = update.toBuilder()
                .addEndorsements(TrustBundle.endorse(update, Hash.sha256(PkiNetwork.CA.certificate().toDer()), PkiNetwork.CA_KEY))
                .addEndorsements(TrustBundle.endorse(update, Hash.sha256(PkiNetwork.SECOND_CA.certificate().toDer()),
                        PkiNetwork.SECOND_CA_KEY))
                .build();
        submitter.submit(List.of(LedgerSubmitter.transaction(org.carechain.ledger.core.chain.Channel.CBC,
                "cbc/bundle/test-minority", minority)), PkiNetwork.CBC_SUBMITTER, java.time.Duration.ofSeconds(10))
                .await().atMost(java.time.Duration.ofSeconds(15));
        submitter.submit(List.of(LedgerSubmitter.transaction(org.carechain.ledger.core.chain.Channel.CBC,
                "cbc/bundle/test-majority", majority)), PkiNetwork.CBC_SUBMITTER, java.time.Duration.ofSeconds(10))
                .await().atMost(java.time.Duration.ofSeconds(15));
        ManagedChannel channel = ManagedChannelBuilder.forAddress(root.getHost(), root.getPort()).usePlaintext().build();
        try {
            var stub = CertificateServiceGrpc.newBlockingStub(channel);
            var bundle = stub.withDeadlineAfter(10, TimeUnit.SECONDS).getTrustBundle(GetTrustBundleRequest.getDefaultInstance());
            for (int i = 0; i < 100 && bundle.getRootsCount() != 3; i++) {
                Thread.sleep(200);
                bundle = stub.withDeadlineAfter(10, TimeUnit.SECONDS).getTrustBundle(GetTrustBundleRequest.getDefaultInstance());
            }
            assertEquals(3, bundle.getRootsCount());
            assertTrue(bundle.getRootsList().stream().anyMatch(r -> java.util.Arrays.equals(r.toByteArray(),
                    third.certificate().toDer())), "the endorsed update added the third CA");
            assertFalse(bundle.getRootsList().stream().anyMatch(r -> java.util.Arrays.equals(r.toByteArray(),
                    fourth.certificate().toDer())), "the minority's update changed nothing");
        } finally {
            channel.shutdownNow();
        }
    }

    // ---- tracing ---------------------------------------------------------------------------

    @Test
    @Order(40)
    void aTraceOpensTheIdentityOnlyAfterKApprovalsOnCbcAndKPartialDecryptions() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        ExtractableResponse<Response> issued = issue(csr(key, "Ed25519"), credential);
        assertEquals(201, issued.statusCode(), issued.asString());
        AnonymousCertificate traced = AnonymousCertificate.parsePem(issued.jsonPath().getString("certificate"));
        String serial = traced.serialNumber().toString(16);

        expectError(given().auth().oauth2(TestTokens.forSubject("registrar1", "registrar")).contentType(ContentType.JSON)
                .body("{\"serial\":\"" + serial + "\",\"reason\":\"court-order\"}").when().post("/api/v1/traces")
                .then().extract(), 403, null);
        expectError(given().auth().oauth2(TestTokens.forSubject("stranger", "ca-officer")).contentType(ContentType.JSON)
                .body("{\"serial\":\"" + serial + "\",\"reason\":\"court-order\"}").when().post("/api/v1/traces")
                .then().extract(), 403, "tracing officer");
        expectError(officer(1).body("{\"serial\":\"" + serial + "\",\"reason\":\"curiosity\"}").when().post("/api/v1/traces")
                .then().extract(), 400, "reason");
        ExtractableResponse<Response> requested = officer(1).body("{\"serial\":\"" + serial + "\",\"reason\":\"court-order\"}")
                .when().post("/api/v1/traces").then().extract();
        assertEquals(201, requested.statusCode(), requested.asString());
        String traceId = requested.jsonPath().getString("traceId");
        assertEquals(2, requested.jsonPath().getInt("threshold"));

        // Nothing opens before two approvals are on cbc.
        expectError(partial(1, traceId, "link-tag", linkTagPartial(1, traced), traced), 403, "0 of the 2 approvals");
        ExtractableResponse<Response> first = approve(1, 1, traceId, traced);
        assertEquals(200, first.statusCode(), first.asString());
        assertEquals(List.of("officer1"), first.jsonPath().getList("approvedBy"));
        expectError(approve(2, 1, 1, traceId, traced), 403, "own name");
        expectError(approve(2, 3, traceId, traced), 401, "does not verify");
        expectError(partial(1, traceId, "link-tag", linkTagPartial(1, traced), traced), 403, "1 of the 2 approvals");
        assertEquals(200, approve(2, 2, traceId, traced).statusCode());

        // Only approving officers, each with its own share, and only proofs that hold.
        expectError(partial(3, traceId, "link-tag", linkTagPartial(3, traced), traced), 403, "approved");
        expectError(partial(2, traceId, "link-tag", linkTagPartial(1, traced), traced), 403, "share");
        byte[] forged = linkTagPartial(2, traced).toByteArray();
        forged[40] ^= 1;
        expectError(partial(2, traceId, "link-tag", forged, traced), 400, "partial");
        expectError(partial(1, traceId, "identity", linkTagPartial(1, traced), traced), 409, "link tag is not open");

        ExtractableResponse<Response> one = partial(1, traceId, "link-tag", linkTagPartial(1, traced), traced);
        assertEquals(200, one.statusCode(), one.asString());
        assertFalse(one.jsonPath().getBoolean("linkTagOpened"), "one partial opens nothing");
        ExtractableResponse<Response> two = partial(2, traceId, "link-tag", linkTagPartial(2, traced), null);
        assertEquals(200, two.statusCode(), two.asString());
        assertTrue(two.jsonPath().getBoolean("linkTagOpened"));
        byte[] identityEnc = Base64.getDecoder().decode(two.jsonPath().getString("identityEnc"));
        assertFalse(two.asString().contains(rid), "the RBC's answer does not show the rid");

        expectError(rbc(TestTokens.forSubject("officer1", "ca-officer")).when()
                .get("/api/v1/traces/" + traceId + "/identity").then().extract(), 409, "identity needs 2");
        assertEquals(200, partial(1, traceId, "identity", partialFor(1, identityEnc), null).statusCode());
        assertEquals(200, partial(2, traceId, "identity", partialFor(2, identityEnc), null).statusCode());
        expectError(rbc(TestTokens.forSubject("officer2", "ca-officer")).when()
                .get("/api/v1/traces/" + traceId + "/identity").then().extract(), 403, "asked for the trace");
        ExtractableResponse<Response> identity = rbc(TestTokens.forSubject("officer1", "ca-officer")).when()
                .get("/api/v1/traces/" + traceId + "/identity").then().extract();
        assertEquals(200, identity.statusCode(), identity.asString());
        assertEquals("quorravendel", identity.jsonPath().getString("givenName"), "names are kept in canonical form");
        assertEquals("ZQ4417723K", identity.jsonPath().getString("nationalId"));
    }

    // ---- privacy ---------------------------------------------------------------------------

    @Test
    @Order(90)
    void nothingOnCbcOrInTheLogsNamesThePersonOrLinksTheirCertificates() throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", PkiNetwork.ledger().port()).usePlaintext().build();
        List<String> blocks = new ArrayList<>();
        try {
            var ledger = LedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
            long height = ledger.getTreeHead(GetTreeHeadRequest.newBuilder().setChannel(Channel.CHANNEL_CBC).build())
                    .getCommit().getHeight();
            for (long h = 1; h <= height; h++) {
                var block = ledger.getBlock(GetBlockRequest.newBuilder().setChannel(Channel.CHANNEL_CBC).setHeight(h).build())
                        .getBlock();
                blocks.add(new String(block.toByteArray(), StandardCharsets.ISO_8859_1));
                blocks.add(block.toString());
            }
        } finally {
            channel.shutdownNow();
        }
        assertTrue(blocks.size() >= 2, "cbc has blocks");
        byte[] ridBytes = HexFormat.of().parseHex(rid);
        for (String block : blocks) {
            assertNoSecret(block, "a cbc block");
            // The rid would link all certificates of one person; it is never on cbc, in clear or in hex.
            assertFalse(block.contains(rid), "a cbc block holds the rid in hex");
            assertFalse(block.contains(new String(ridBytes, StandardCharsets.ISO_8859_1)), "a cbc block holds the rid");
        }
        assertNoSecret(logs.text(), "the service's log");
        assertFalse(logs.text().contains(rid), "the service's log names the rid");
        assertNoSecret(Files.readString(PkiNetwork.ledger().log()), "the ledger's log");
    }

    @Test
    @Order(99)
    void withTheLedgerDownNothingIsIssuedAndTheAnswerIs503() throws Exception {
        long before = count("issued_certificate");
        PkiNetwork.ledger().stop();
        ExtractableResponse<Response> refused = issue(csr(KeyPairGenerator.getInstance("Ed25519").generateKeyPair(),
                "Ed25519"), credential);
        expectError(refused, 503, "ledger");
        assertEquals(before, count("issued_certificate"), "the row of a certificate the ledger never took is removed");
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static io.restassured.specification.RequestSpecification officer(int i) {
        return given().auth().oauth2(TestTokens.forSubject("officer" + i, "ca-officer")).contentType(ContentType.JSON);
    }

    private static io.restassured.specification.RequestSpecification rbc(String token) {
        return given().port(PkiNetwork.registration().port()).auth().oauth2(token).contentType(ContentType.JSON);
    }

    /** Officer {@code caller} sends an approval in its own name, signed with officer {@code signer}'s key. */
    private static ExtractableResponse<Response> approve(int caller, int signer, String traceId, AnonymousCertificate traced) {
        return approve(caller, caller, signer, traceId, traced);
    }

    /** Officer {@code caller} sends an approval in officer {@code named}'s name, signed with officer {@code signer}'s key. */
    private static ExtractableResponse<Response> approve(int caller, int named, int signer, String traceId,
            AnonymousCertificate traced) {
        long at = System.currentTimeMillis();
        TraceApproval signed = Tracing.sign(TraceApproval.newBuilder().setTraceId(traceId).setOfficerId("officer" + named)
                .setCertificateHash(com.google.protobuf.ByteString.copyFrom(traced.sha256().toByteArray()))
                .setApprovedAtMillis(at).build(), PkiNetwork.OFFICER_KEYS.get(signer - 1));
        return officer(caller).body("{\"officerId\":\"officer" + named + "\",\"approvedAtMillis\":" + at
                        + ",\"signature\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(signed.getSignature().toByteArray())
                        + "\"}")
                .when().post("/api/v1/traces/" + traceId + "/approvals").then().extract();
    }

    private static ExtractableResponse<Response> partial(int officer, String traceId, String stage, PartialDecryption partial,
            AnonymousCertificate certificate) {
        return partial(officer, traceId, stage, partial.toByteArray(), certificate);
    }

    private static ExtractableResponse<Response> partial(int officer, String traceId, String stage, byte[] partial,
            AnonymousCertificate certificate) {
        String body = "{\"stage\":\"" + stage + "\",\"partial\":\"" + Base64.getEncoder().encodeToString(partial) + "\""
                + (certificate == null ? "" : ",\"certificate\":" + json(certificate.toPem())) + "}";
        return rbc(TestTokens.forSubject("officer" + officer, "ca-officer")).body(body)
                .when().post("/api/v1/traces/" + traceId + "/partials").then().extract();
    }

    private static PartialDecryption linkTagPartial(int share, AnonymousCertificate certificate) throws Exception {
        return partialFor(share, EscrowCipher.encapsulatedKey(certificate.linkTag()));
    }

    private static PartialDecryption partialFor(int share, byte[] enc) throws Exception {
        return ThresholdEscrow.partial(PkiNetwork.ESCROW.shares().get(share - 1), enc);
    }

    private static ExtractableResponse<Response> issue(String csr, String credential) {
        StringBuilder body = new StringBuilder("{\"csr\":").append(json(csr)).append(",\"credential\":")
                .append(json(credential)).append('}');
        return given().contentType(ContentType.JSON).body(body.toString()).when().post(CERTIFICATES).then().extract();
    }

    private static ExtractableResponse<Response> revoke(String serial, String token, String body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        return request.when().post(CERTIFICATES + "/" + serial + "/revocation").then().extract();
    }

    private static String status(String serial) {
        return given().when().get(CERTIFICATES + "/" + serial).then().statusCode(200).extract().jsonPath().getString("status");
    }

    private static String challenge() {
        return given().when().post("/auth/challenge").then().statusCode(200).extract().jsonPath().getString("challenge");
    }

    private static ExtractableResponse<Response> answer(AnonymousCertificate certificate, String challenge, String signature) {
        return given().contentType(ContentType.JSON)
                .body("{\"certificate\":" + json(certificate.toPem()) + ",\"challenge\":" + json(challenge)
                        + ",\"signature\":" + json(signature) + "}")
                .when().post("/auth/token").then().extract();
    }

    private static String login(AnonymousCertificate certificate, KeyPair key) throws Exception {
        String challenge = challenge();
        ExtractableResponse<Response> token = answer(certificate, challenge, sign(key, challenge));
        assertEquals(200, token.statusCode(), token.asString());
        assertEquals("Bearer", token.jsonPath().getString("tokenType"));
        return token.jsonPath().getString("accessToken");
    }

    private static String sign(KeyPair key, String challenge) throws Exception {
        Signature signature = Signature.getInstance(key.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "Ed25519");
        signature.initSign(key.getPrivate());
        signature.update((AuthResource.SIGNED_PREFIX + challenge).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
    }

    private static String csr(KeyPair key, String algorithm) throws Exception {
        PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(
                new X500Principal("CN=ignored"), key.getPublic())
                .build(new JcaContentSignerBuilder(algorithm).build(key.getPrivate()));
        return "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder().encodeToString(request.getEncoded())
                + "\n-----END CERTIFICATE REQUEST-----\n";
    }

    /** A CSR naming {@code claimed}'s public key but signed by {@code signer}: no proof of possession. */
    private static String csrWithKeyOf(KeyPair signer, KeyPair claimed) throws Exception {
        PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(
                new X500Principal("CN=ignored"), claimed.getPublic())
                .build(new JcaContentSignerBuilder("Ed25519").build(signer.getPrivate()));
        return Base64.getEncoder().encodeToString(request.getEncoded());
    }

    private static String json(String text) {
        if (text == null) {
            return "null";
        }
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n") + "\"";
    }

    private static ExtractableResponse<Response> expectError(ExtractableResponse<Response> response, int status, String reason) {
        errorBodies.add(response.asString());
        assertEquals(status, response.statusCode(), response.asString());
        assertEquals(status, response.jsonPath().getInt("code"), response.asString());
        String error = response.jsonPath().getString("error");
        assertNotNull(error);
        if (reason != null) {
            assertTrue(error.contains(reason), "'" + error + "' should mention '" + reason + "'");
        }
        return response;
    }

    private static void assertNoSecret(String text, String where) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        for (String secret : SECRETS) {
            assertFalse(lower.contains(secret.toLowerCase(java.util.Locale.ROOT)), where + " contains an identity attribute");
        }
    }

    private static long count(String table) throws Exception {
        String url = "jdbc:postgresql://" + TestDatabase.host() + ":" + TestDatabase.port() + "/carechain_certificate_test";
        try (Connection connection = DriverManager.getConnection(url, TestDatabase.user(), TestDatabase.password());
                ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private record OpenSsl(int exit, String output) {}

    private static OpenSsl openssl(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "openssl did not finish");
        return new OpenSsl(process.exitValue(), output);
    }
}
