package org.carechain.registration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.carechain.crypto.Hash;
import org.carechain.crypto.escrow.IdentityEnvelope;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.proto.ledger.v1.GetBlockRequest;
import org.carechain.proto.ledger.v1.GetTransactionRequest;
import org.carechain.proto.ledger.v1.GetTransactionResponse;
import org.carechain.proto.ledger.v1.GetTreeHeadRequest;
import org.carechain.proto.ledger.v1.LedgerServiceGrpc;
import org.carechain.proto.registration.v1.GetRegistrationStatusRequest;
import org.carechain.proto.registration.v1.GetRegistrationStatusResponse;
import org.carechain.proto.registration.v1.RegistrationCredential;
import org.carechain.proto.registration.v1.RegistrationRecord;
import org.carechain.proto.registration.v1.RegistrationServiceGrpc;
import org.carechain.proto.registration.v1.RegistrationStatus;
import org.carechain.proto.registration.v1.Role;
import org.carechain.proto.registration.v1.StatusReason;
import org.carechain.proto.registration.v1.VerifyCredentialRequest;
import org.carechain.registration.chain.RbcLedger;
import org.carechain.service.credential.CredentialFormat;
import org.carechain.registration.identity.CommitmentKey;
import org.carechain.registration.identity.Identity;
import org.carechain.registration.identity.Rid;
import org.carechain.service.testing.CapturedLogs;
import org.carechain.registration.testing.RbcLedgerProcess;
import org.carechain.service.testing.ServiceTestResource;
import org.carechain.service.testing.TestDatabase;
import org.carechain.service.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Enrolment, status changes and credentials against a real ledger-service process (one validator,
 * rbc channel) and the real PostgreSQL; the privacy scan runs after everything else has written
 * to the chain, the logs and the error bodies, and the ledger is stopped only at the very end.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "carechain_registration_test"))
@QuarkusTestResource(RbcLedgerProcess.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistrationApiTest {

    private static final String REGISTRATIONS = "/api/v1/registrations";

    /** Distinctive synthetic attributes; the privacy scan looks for each of them everywhere. */
    private static final List<String> SECRETS = List.of("Quillonzaverine", "Marvolettia", "Brisendrova", "Ostrapelline",
            "Zephyrantha", "Thrandlewick", "ZQ7734190X", "ZQ5521873Y", "ZQ9046615W", "ZQ3318807V", "ZQ6602741U",
            "Velmoranthe", "ZQ1188234T", "1983-07-14");

    private static final List<String> errorBodies = new ArrayList<>();
    private static CapturedLogs logs;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void captureLogsAndAwaitTheLedger() throws InterruptedException {
        logs = CapturedLogs.install();
        RbcLedgerProcess.awaitReady();
    }

    @AfterAll
    static void noErrorBodyLeaks() {
        for (String body : errorBodies) {
            assertNoSecret(body, "an error body");
        }
    }

    private static String enrolment(String givenName, String nationalId, String role) {
        return "{\"givenName\":\"" + givenName + "\",\"familyName\":\"Thrandlewick\",\"birthDate\":\"1983-07-14\","
                + "\"nationalId\":\"" + nationalId + "\",\"role\":\"" + role + "\",\"organization\":\"hospital1\"}";
    }

    private static ExtractableResponse<Response> enrol(String body) {
        return given().auth().oauth2(TestTokens.withRoles("registrar")).contentType(ContentType.JSON).body(body)
                .when().post(REGISTRATIONS).then().extract();
    }

    private static ExtractableResponse<Response> expectError(ExtractableResponse<Response> response, int status) {
        errorBodies.add(response.asString());
        assertEquals(status, response.statusCode(), response.asString());
        assertEquals(status, response.jsonPath().getInt("code"));
        assertNotNull(response.jsonPath().getString("error"));
        return response;
    }

    @Test
    @Order(1)
    void anEnrolmentIsSealedStoredCommittedOnRbcAndCredentialed() throws Exception {
        ExtractableResponse<Response> response = enrol(enrolment("Quillonzaverine", "ZQ7734190X", "patient"));
        assertEquals(201, response.statusCode(), response.asString());
        String rid = response.jsonPath().getString("registration.rid");
        assertTrue(rid.matches("[0-9a-f]{32}"));
        assertEquals("patient", response.jsonPath().getString("registration.role"));
        assertEquals("active", response.jsonPath().getString("registration.status"));
        assertEquals(0, response.jsonPath().getInt("registration.version"));
        assertEquals("enrolled", response.jsonPath().getString("registration.reason"));

        // The record is really committed on the rbc channel, and it is what the service says.
        GetTransactionResponse committed = committed(RbcLedger.idempotencyKey(Rid.fromHex(rid), 0));
        assertEquals(RbcLedger.TYPE_URL, committed.getTransaction().getTyped().getTypeUrl());
        RegistrationRecord record = RegistrationRecord.parseFrom(committed.getTransaction().getTyped().getValue());
        assertEquals(rid, HexFormat.of().formatHex(record.getRid().toByteArray()));
        assertEquals(Role.ROLE_PATIENT, record.getRole());
        assertEquals("hospital1", record.getOrganization());
        assertEquals(RegistrationStatus.REGISTRATION_STATUS_ACTIVE, record.getStatus());
        assertEquals(StatusReason.STATUS_REASON_ENROLLED, record.getReason());
        assertEquals(response.jsonPath().getString("registration.transactionHash"),
                RbcLedger.transaction(record).hash().toHex());

        // The commitment is HMAC over the canonical identity; the stored envelope hashes to the chain's
        // ciphertext hash and opens, with the escrow key, to exactly that canonical identity.
        Identity identity = Identity.of("Quillonzaverine", "Thrandlewick", "1983-07-14", "ZQ7734190X",
                Clock.systemUTC());
        assertArrayEquals(CommitmentKey.create(RbcLedgerProcess.COMMITMENT_KEY).commit(identity).toByteArray(),
                record.getIdentityCommitment().toByteArray());
        byte[] envelope = envelopeOf(rid);
        assertArrayEquals(Hash.sha256(envelope).toByteArray(), record.getCiphertextHash().toByteArray());
        assertArrayEquals(identity.canonicalBytes(), IdentityEnvelope.open(envelope, RbcLedgerProcess.ESCROW));

        // The credential verifies offline with the published key, and online with VerifyCredential.
        RegistrationCredential credential = CredentialFormat.decode(response.jsonPath().getString("credential.encoded"));
        assertEquals(rid, HexFormat.of().formatHex(credential.getRid().toByteArray()));
        assertEquals(Role.ROLE_PATIENT, credential.getRole());
        assertTrue(Instant.ofEpochMilli(credential.getExpiresAtMillis()).isAfter(Instant.now().plusSeconds(300 * 86_400)));
        given().when().get(REGISTRATIONS + "/credential-key").then().statusCode(200)
                .body("keyId", equalTo(RbcLedgerProcess.CREDENTIAL_KEY.keyId().hex()))
                .body("publicKey", equalTo(HexFormat.of().formatHex(RbcLedgerProcess.CREDENTIAL_KEY.publicKey().toByteArray())));
        CredentialFormat.verify(credential, RbcLedgerProcess.CREDENTIAL_KEY.publicKey(), Instant.now());
        onRegistrationStub(stub -> assertEquals(RegistrationStatus.REGISTRATION_STATUS_ACTIVE,
                stub.verifyCredential(VerifyCredentialRequest.newBuilder().setCredential(credential).build()).getStatus()));
        assertTrue(logs.text().contains(rid), "the log capture sees the service's log");
    }

    @Test
    @Order(2)
    void aSecondEnrolmentOfTheSameIdentityIsRefusedAndChangesNothing() throws Exception {
        ExtractableResponse<Response> first = enrol(enrolment("Marvolettia", "ZQ5521873Y", "clinician"));
        assertEquals(201, first.statusCode(), first.asString());
        committed(RbcLedger.idempotencyKey(Rid.fromHex(first.jsonPath().getString("registration.rid")), 0));
        long registrations = count("registration");
        long versions = count("registration_version");
        long chain = logSize();
        // The same person, written differently: case, spacing and separators do not make a new identity.
        ExtractableResponse<Response> again = enrol("{\"givenName\":\"  MARVOLETTIA \",\"familyName\":\"thrandlewick\","
                + "\"birthDate\":\"1983-07-14\",\"nationalId\":\"zq-5521 873y\",\"role\":\"auditor\","
                + "\"organization\":\"hospital2\"}");
        expectError(again, 409);
        assertEquals("this identity is already enrolled; nothing was changed", again.jsonPath().getString("error"));
        assertEquals(registrations, count("registration"));
        assertEquals(versions, count("registration_version"));
        Thread.sleep(1_000);
        assertEquals(chain, logSize());
    }

    @Test
    @Order(2)
    void ofTwoConcurrentEnrolmentsOfOnePersonExactlyOneSucceeds() throws Exception {
        String body = enrolment("Velmoranthe", "ZQ1188234T", "patient");
        var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> enrol(body));
        var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> enrol(body));
        List<Integer> statuses = new ArrayList<>(List.of(first.get(60, TimeUnit.SECONDS).statusCode(),
                second.get(60, TimeUnit.SECONDS).statusCode()));
        errorBodies.add(first.get().asString());
        errorBodies.add(second.get().asString());
        statuses.sort(Integer::compare);
        assertEquals(List.of(201, 409), statuses);
        assertEquals(1, countCommitmentsOf("Velmoranthe", "ZQ1188234T"));
    }

    @ParameterizedTest
    @Order(3)
    @ValueSource(strings = {
        "{\"familyName\":\"Thrandlewick\",\"birthDate\":\"1983-07-14\",\"nationalId\":\"ZQ9046615W\",\"role\":\"patient\",\"organization\":\"hospital1\"}",
        "{\"givenName\":\"Brisendrova\",\"familyName\":\"Thrandlewick\",\"birthDate\":\"1983-07-14\",\"nationalId\":\"ZQ9046615W\",\"role\":\"Brisendrova\",\"organization\":\"hospital1\"}",
        "{\"givenName\":\"Brisendrova\",\"familyName\":\"Thrandlewick\",\"birthDate\":\"1983-07-14\",\"nationalId\":\"ZQ9046615W\",\"role\":\"registrar\",\"organization\":\"hospital1\"}",
        "{\"givenName\":\"Brisendrova<script>\",\"familyName\":\"Thrandlewick\",\"birthDate\":\"1983-07-14\",\"nationalId\":\"ZQ9046615W\",\"role\":\"patient\",\"organization\":\"hospital1\"}",
        "{\"givenName\":\"Brisendrova\",\"familyName\":\"Thrandlewick\",\"birthDate\":\"14/07/1983\",\"nationalId\":\"ZQ9046615W\",\"role\":\"patient\",\"organization\":\"hospital1\"}",
        "{\"givenName\":\"Brisendrova\",\"familyName\":\"Thrandlewick\",\"birthDate\":\"2983-07-14\",\"nationalId\":\"ZQ9046615W\",\"role\":\"patient\",\"organization\":\"hospital1\"}",
        "{\"givenName\":\"Brisendrova\",\"familyName\":\"Thrandlewick\",\"birthDate\":\"1983-07-14\",\"nationalId\":\"ZQ9046615W!\",\"role\":\"patient\",\"organization\":\"hospital1\"}",
        "{\"givenName\":\"Brisendrova\",\"familyName\":\"Thrandlewick\",\"birthDate\":\"1983-07-14\",\"nationalId\":\"ZQ9046615W\",\"role\":\"patient\",\"organization\":\"Hospital One\"}",
        "{\"givenName\":\"Brisendrova\",\"familyName\":\"Thrandlewick\",\"birthDate\":\"1983-07-14\",\"nationalId\":\"ZQ9046615W\",\"role\":\"patient\"}",
        "{\"givenName\":[\"Brisendrova\"],\"familyName\":\"Thrandlewick\",\"birthDate\":\"1983-07-14\",\"nationalId\":\"ZQ9046615W\",\"role\":\"patient\",\"organization\":\"hospital1\"}",
        "{\"givenName\":\"Brisendrova\",\"familyName\":\"Thrandlewick\",\"birthDate\":\"1983-07-14\",\"nationalId\":\"ZQ9046615W\"",
        "Brisendrova ZQ9046615W",
        ""
    })
    void badEnrolmentsAreRefusedWithAReasonThatDoesNotEchoThem(String body) throws SQLException {
        long registrations = count("registration");
        ExtractableResponse<Response> response = expectError(enrol(body), 400);
        assertFalse(response.asString().contains("Brisendrova"), response.asString());
        assertFalse(response.asString().contains("ZQ9046615W"), response.asString());
        assertFalse(response.asString().contains("Hospital One"), response.asString());
        assertEquals(registrations, count("registration"));
    }

    @Test
    @Order(3)
    void oversizeValuesAreRefused() throws SQLException {
        long registrations = count("registration");
        String longName = "Ostrapelline".repeat(10);
        ExtractableResponse<Response> name = expectError(enrol(enrolment(longName, "ZQ3318807V", "patient")), 400);
        assertEquals("givenName: must have 1 to 100 characters", name.jsonPath().getString("error"));
        ExtractableResponse<Response> hugeName = expectError(enrol(enrolment("Ostrapelline".repeat(40), "ZQ3318807V",
                "patient")), 400);
        assertFalse(hugeName.asString().contains("Ostrapelline"));
        ExtractableResponse<Response> id = expectError(enrol(enrolment("Ostrapelline", "ZQ3318807V".repeat(4), "patient")), 400);
        assertFalse(id.asString().contains("ZQ3318807V"));
        ExtractableResponse<Response> body = given().auth().oauth2(TestTokens.withRoles("registrar"))
                .contentType(ContentType.JSON).body(enrolment("Ostrapelline".repeat(2_000), "ZQ3318807V", "patient"))
                .when().post(REGISTRATIONS).then().extract();
        errorBodies.add(body.asString());
        assertEquals(413, body.statusCode());
        assertEquals(registrations, count("registration"));
    }

    @Test
    @Order(3)
    void onlyARegistrarMayEnrol() throws SQLException {
        long registrations = count("registration");
        String body = enrolment("Zephyrantha", "ZQ6602741U", "patient");
        expectError(given().contentType(ContentType.JSON).body(body).when().post(REGISTRATIONS).then().extract(), 401);
        expectError(given().auth().oauth2(TestTokens.expired("registrar")).contentType(ContentType.JSON).body(body)
                .when().post(REGISTRATIONS).then().extract(), 401);
        expectError(given().auth().oauth2(TestTokens.fromWrongIssuer("registrar")).contentType(ContentType.JSON).body(body)
                .when().post(REGISTRATIONS).then().extract(), 401);
        expectError(given().auth().oauth2(TestTokens.signedByUntrustedKey("registrar")).contentType(ContentType.JSON)
                .body(body).when().post(REGISTRATIONS).then().extract(), 401);
        for (String role : List.of("patient", "clinician", "auditor", "ca-officer", "admin")) {
            expectError(given().auth().oauth2(TestTokens.withRoles(role)).contentType(ContentType.JSON).body(body)
                    .when().post(REGISTRATIONS).then().extract(), 403);
        }
        expectError(given().auth().oauth2(TestTokens.withRoles("patient")).contentType(ContentType.JSON)
                .body("{\"reason\":\"key-compromise\"}").when().post(REGISTRATIONS + "/" + "0".repeat(32) + "/revoke")
                .then().extract(), 403);
        assertEquals(registrations, count("registration"));
    }

    @Test
    @Order(4)
    void suspensionReinstatementAndRevocationAreRecordedOnRbcAndReported() throws Exception {
        ExtractableResponse<Response> enrolled = enrol(enrolment("Ostrapelline", "ZQ3318807V", "clinician"));
        assertEquals(201, enrolled.statusCode(), enrolled.asString());
        String rid = enrolled.jsonPath().getString("registration.rid");
        RegistrationCredential credential = CredentialFormat.decode(enrolled.jsonPath().getString("credential.encoded"));

        change(rid, "suspend", "identity-disputed").then().statusCode(200)
                .body("status", equalTo("suspended")).body("version", equalTo(1)).body("reason", equalTo("identity-disputed"))
                .body("transactionHash", matchesPattern("[0-9a-f]{64}"));
        assertEquals(RegistrationStatus.REGISTRATION_STATUS_SUSPENDED, grpcStatus(rid).getStatus());
        expectError(change(rid, "suspend", "identity-disputed").then().extract(), 409);
        change(rid, "reinstate", "resolved").then().statusCode(200).body("status", equalTo("active")).body("version", equalTo(2));
        change(rid, "revoke", "key-compromise").then().statusCode(200).body("status", equalTo("revoked")).body("version", equalTo(3));
        expectError(change(rid, "reinstate", "resolved").then().extract(), 409);
        expectError(change(rid, "revoke", "key-compromise").then().extract(), 409);

        GetRegistrationStatusResponse status = grpcStatus(rid);
        assertEquals(RegistrationStatus.REGISTRATION_STATUS_REVOKED, status.getStatus());
        assertEquals(Role.ROLE_CLINICIAN, status.getRole());
        assertEquals(3, status.getVersion());
        assertEquals(StatusReason.STATUS_REASON_KEY_COMPROMISE, status.getReason());
        onRegistrationStub(stub -> assertEquals(RegistrationStatus.REGISTRATION_STATUS_REVOKED,
                stub.verifyCredential(VerifyCredentialRequest.newBuilder().setCredential(credential).build()).getStatus()));
        given().auth().oauth2(TestTokens.withRoles("auditor")).when().get(REGISTRATIONS + "/" + rid).then().statusCode(200)
                .body("status", equalTo("revoked")).body("version", equalTo(3));

        RegistrationStatus[] expected = {RegistrationStatus.REGISTRATION_STATUS_ACTIVE,
            RegistrationStatus.REGISTRATION_STATUS_SUSPENDED, RegistrationStatus.REGISTRATION_STATUS_ACTIVE,
            RegistrationStatus.REGISTRATION_STATUS_REVOKED};
        for (int version = 0; version < expected.length; version++) {
            RegistrationRecord record = RegistrationRecord.parseFrom(
                    committed(RbcLedger.idempotencyKey(Rid.fromHex(rid), version)).getTransaction().getTyped().getValue());
            assertEquals(expected[version], record.getStatus(), "version " + version);
            assertEquals(version, record.getVersion());
        }
        assertEquals(4, countWhere("registration_version", rid));

        expectError(given().auth().oauth2(TestTokens.withRoles("registrar")).when()
                .post(REGISTRATIONS + "/" + rid + "/credential").then().extract(), 409);
        expectError(change(rid, "suspend", "bored").then().extract(), 400);
        expectError(change("not-a-rid", "suspend", "key-compromise").then().extract(), 400);
        expectError(change("0".repeat(32), "suspend", "key-compromise").then().extract(), 404);
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> grpcStatus("0".repeat(32)));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        StatusRuntimeException shortRid = assertThrows(StatusRuntimeException.class, () -> withRegistrationStub(stub ->
                stub.getRegistrationStatus(GetRegistrationStatusRequest.newBuilder().setRid(ByteString.copyFrom(new byte[3])).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, shortRid.getStatus().getCode());
    }

    @Test
    @Order(5)
    void forgedTamperedAndExpiredCredentialsFail() throws Exception {
        ExtractableResponse<Response> enrolled = enrol(enrolment("Zephyrantha", "ZQ6602741U", "patient"));
        assertEquals(201, enrolled.statusCode(), enrolled.asString());
        RegistrationCredential genuine = CredentialFormat.decode(enrolled.jsonPath().getString("credential.encoded"));
        Rid rid = Rid.of(genuine.getRid().toByteArray());

        RegistrationCredential promoted = genuine.toBuilder().setRole(Role.ROLE_CLINICIAN).build();
        RegistrationCredential extended = genuine.toBuilder().setExpiresAtMillis(genuine.getExpiresAtMillis() + 1).build();
        Ed25519PrivateKey stranger = Ed25519PrivateKey.create(new byte[32]);
        RegistrationCredential forged = CredentialFormat.sign(stranger, rid.toByteArray(), Role.ROLE_PATIENT, Instant.now().plusSeconds(600));
        RegistrationCredential forgedWithOurKeyId = forged.toBuilder().setKeyId(genuine.getKeyId()).build();
        RegistrationCredential expired = CredentialFormat.sign(RbcLedgerProcess.CREDENTIAL_KEY, rid.toByteArray(), Role.ROLE_PATIENT,
                Instant.now().minusSeconds(1));
        for (RegistrationCredential bad : List.of(promoted, extended, forged, forgedWithOurKeyId)) {
            assertThrows(java.security.SignatureException.class,
                    () -> CredentialFormat.verify(bad, RbcLedgerProcess.CREDENTIAL_KEY.publicKey(), Instant.now()));
            assertEquals(Status.Code.UNAUTHENTICATED, verifyFails(bad));
        }
        assertThrows(CredentialFormat.ExpiredCredentialException.class,
                () -> CredentialFormat.verify(expired, RbcLedgerProcess.CREDENTIAL_KEY.publicKey(), Instant.now()));
        assertEquals(Status.Code.FAILED_PRECONDITION, verifyFails(expired));
        assertEquals(Status.Code.INVALID_ARGUMENT, verifyFails(genuine.toBuilder().setRid(ByteString.copyFrom(new byte[5])).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, verifyFails(genuine.toBuilder().clearSignature().build()));
        RegistrationCredential unknownRid = CredentialFormat.sign(RbcLedgerProcess.CREDENTIAL_KEY, new byte[16],
                Role.ROLE_PATIENT, Instant.now().plusSeconds(600));
        assertEquals(Status.Code.NOT_FOUND, verifyFails(unknownRid));
        assertThrows(CredentialFormat.MalformedCredentialException.class, () -> CredentialFormat.decode("%%%"));

        // A registrar can hand out a fresh credential for the active registration; it verifies too.
        String path = REGISTRATIONS + "/" + rid.hex() + "/credential";
        expectError(given().auth().oauth2(TestTokens.withRoles("patient")).when().post(path).then().extract(), 403);
        RegistrationCredential fresh = CredentialFormat.decode(given().auth().oauth2(TestTokens.withRoles("registrar"))
                .when().post(path).then().statusCode(200).extract().jsonPath().getString("encoded"));
        assertEquals(genuine.getRid(), fresh.getRid());
        assertEquals(Role.ROLE_PATIENT, fresh.getRole());
        CredentialFormat.verify(fresh, RbcLedgerProcess.CREDENTIAL_KEY.publicKey(), Instant.now());
    }

    @Test
    @Order(6)
    void openApiDescribesTheRegistrationEndpoints() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v1/registrations'.post.responses.'409'", org.hamcrest.Matchers.notNullValue())
                .body("paths.'/api/v1/registrations/{rid}/{action}'.post.responses.'503'", org.hamcrest.Matchers.notNullValue())
                .body("paths.'/api/v1/registrations/credential-key'.get", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    @Order(90)
    void noIdentityAttributeReachesTheChainTheLogsOrAnErrorBody() throws Exception {
        long height = withLedgerStub(stub -> stub.getTreeHead(GetTreeHeadRequest.newBuilder()
                .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_RBC).build()).getTreeHead().getHeight());
        assertTrue(height >= 1);
        int transactions = 0;
        for (long h = 1; h <= height; h++) {
            long at = h;
            var block = withLedgerStub(stub -> stub.getBlock(GetBlockRequest.newBuilder()
                    .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_RBC).setHeight(at).build()).getBlock());
            transactions += block.getTransactionsCount();
            assertNoSecret(new String(block.toByteArray(), StandardCharsets.ISO_8859_1), "rbc block " + h);
            assertNoSecret(block.toString(), "rbc block " + h);
        }
        assertTrue(transactions >= 7, "every enrolment and status change is on rbc: " + transactions);
        assertNoSecret(logs.text(), "the service's log");
        assertNoSecret(Files.readString(RbcLedgerProcess.log()), "the ledger's log");
        assertNoSecret(databaseDumpWithoutEnvelopes(), "the registration tables");
        for (String body : errorBodies) {
            assertNoSecret(body, "an error body");
        }
    }

    @Test
    @Order(99)
    void withTheLedgerDownNothingIsEnrolledOrChangedAndTheAnswerIs503() throws Exception {
        ExtractableResponse<Response> enrolled = enrol(enrolment("Brisendrova", "ZQ9046615W", "auditor"));
        assertEquals(201, enrolled.statusCode(), enrolled.asString());
        String rid = enrolled.jsonPath().getString("registration.rid");
        long registrations = count("registration");
        long versions = count("registration_version");
        RbcLedgerProcess.stopLedger();

        ExtractableResponse<Response> refused = expectError(enrol(enrolment("Brisendrova", "ZQ9046615X", "patient")), 503);
        assertEquals("the ledger is unreachable; nothing was changed, try again later", refused.jsonPath().getString("error"));
        expectError(change(rid, "suspend", "key-compromise").then().extract(), 503);
        assertEquals(registrations, count("registration"));
        assertEquals(versions, count("registration_version"));
        assertEquals(RegistrationStatus.REGISTRATION_STATUS_ACTIVE, grpcStatus(rid).getStatus());
        // Nothing was left behind: the same person can be enrolled once the ledger is back.
        assertEquals(0, countCommitmentsOf("Brisendrova", "ZQ9046615X"));
        noErrorBodyLeaks();
    }

    private static Response change(String rid, String action, String reason) {
        return given().auth().oauth2(TestTokens.withRoles("registrar")).contentType(ContentType.JSON)
                .body("{\"reason\":\"" + reason + "\"}").when().post(REGISTRATIONS + "/" + rid + "/" + action);
    }

    private static void assertNoSecret(String text, String where) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String secret : SECRETS) {
            assertFalse(lower.contains(secret.toLowerCase(Locale.ROOT)), where + " holds an identity attribute");
        }
    }

    private GetRegistrationStatusResponse grpcStatus(String rid) {
        return withRegistrationStub(stub -> stub.getRegistrationStatus(GetRegistrationStatusRequest.newBuilder()
                .setRid(ByteString.copyFrom(HexFormat.of().parseHex(rid))).build()));
    }

    private Status.Code verifyFails(RegistrationCredential credential) {
        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class, () -> withRegistrationStub(stub ->
                stub.verifyCredential(VerifyCredentialRequest.newBuilder().setCredential(credential).build())));
        errorBodies.add(String.valueOf(failure.getStatus().getDescription()));
        return failure.getStatus().getCode();
    }

    private <T> T withRegistrationStub(java.util.function.Function<RegistrationServiceGrpc.RegistrationServiceBlockingStub, T> call) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress(root.getHost(), root.getPort()).usePlaintext().build();
        try {
            return call.apply(RegistrationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS));
        } finally {
            channel.shutdownNow();
        }
    }

    private void onRegistrationStub(java.util.function.Consumer<RegistrationServiceGrpc.RegistrationServiceBlockingStub> call) {
        withRegistrationStub(stub -> {
            call.accept(stub);
            return null;
        });
    }

    private static <T> T withLedgerStub(java.util.function.Function<LedgerServiceGrpc.LedgerServiceBlockingStub, T> call) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", RbcLedgerProcess.port()).usePlaintext().build();
        try {
            return call.apply(LedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS));
        } finally {
            channel.shutdownNow();
        }
    }

    /** Waits until the transaction with this idempotency key is in a committed rbc block. */
    private static GetTransactionResponse committed(String idempotencyKey) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        StatusRuntimeException last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                return withLedgerStub(stub -> stub.getTransaction(GetTransactionRequest.newBuilder()
                        .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_RBC)
                        .setIdempotencyKey(idempotencyKey).build()));
            } catch (StatusRuntimeException notYet) {
                last = notYet;
                Thread.sleep(100);
            }
        }
        throw new AssertionError("transaction " + idempotencyKey + " was not committed in time", last);
    }

    private static long logSize() {
        try {
            return withLedgerStub(stub -> stub.getTreeHead(GetTreeHeadRequest.newBuilder()
                    .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_RBC).build()).getTreeHead().getLogSize());
        } catch (StatusRuntimeException noBlockYet) {
            return 0;
        }
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + TestDatabase.host() + ":" + TestDatabase.port()
                + "/carechain_registration_test", TestDatabase.user(), TestDatabase.password());
    }

    private static long count(String table) throws SQLException {
        try (Connection connection = database(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long countWhere(String table, String rid) throws SQLException {
        try (Connection connection = database(); var statement = connection.prepareStatement(
                "SELECT count(*) FROM " + table + " WHERE rid = ?")) {
            statement.setBytes(1, HexFormat.of().parseHex(rid));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static long countCommitmentsOf(String givenName, String nationalId) throws Exception {
        Identity identity = Identity.of(givenName, "Thrandlewick", "1983-07-14", nationalId, Clock.systemUTC());
        byte[] commitment = CommitmentKey.create(RbcLedgerProcess.COMMITMENT_KEY).commit(identity).toByteArray();
        try (Connection connection = database(); var statement = connection.prepareStatement(
                "SELECT count(*) FROM registration WHERE identity_commitment = ?")) {
            statement.setBytes(1, commitment);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static byte[] envelopeOf(String rid) throws SQLException {
        try (Connection connection = database(); var statement = connection.prepareStatement(
                "SELECT identity_envelope FROM registration WHERE rid = ?")) {
            statement.setBytes(1, HexFormat.of().parseHex(rid));
            try (ResultSet rows = statement.executeQuery()) {
                assertTrue(rows.next());
                return rows.getBytes(1);
            }
        }
    }

    /** Every column of the registration tables as text, and the envelopes as raw bytes. */
    private static String databaseDumpWithoutEnvelopes() throws SQLException {
        StringBuilder dump = new StringBuilder();
        try (Connection connection = database(); Statement statement = connection.createStatement()) {
            for (String table : List.of("registration", "registration_version", "audit_event")) {
                try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int column = 1; column <= columns; column++) {
                            Object value = rows.getObject(column);
                            dump.append(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : value)
                                    .append('|');
                        }
                        dump.append('\n');
                    }
                }
            }
        }
        return dump.toString();
    }
}
