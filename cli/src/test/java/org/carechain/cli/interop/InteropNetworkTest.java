package org.carechain.cli.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.carechain.cli.verify.ResponseMapping;
import org.carechain.crypto.Hash;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.carechain.crypto.pki.AnonymousCertificateIssuer;
import org.carechain.crypto.pki.CertificateAuthority;
import org.carechain.crypto.pki.SubjectPublicKey;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ehr.db.EhrSchema;
import org.carechain.service.testing.ServiceProcess;
import org.carechain.service.testing.TestDatabase;
import org.carechain.service.testing.TestLedger;
import org.carechain.service.testing.TestTokens;
import org.carechain.ehr.exchange.ExchangeBundle;
import org.carechain.ehr.exchange.ExchangeVerifier;
import org.carechain.ehr.exchange.SealedBundle;
import org.carechain.ehr.fhir.Fhir;
import org.carechain.ehr.fhir.PatientLinks;
import org.carechain.ehr.record.ProviderKeys;
import org.carechain.ehr.record.Pseudonyms;
import org.carechain.ehr.seed.EhrSeeder;
import org.carechain.ehr.seed.SyntheticPopulation;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.verify.LedgerVerifier;
import org.carechain.ledger.core.verify.TransactionProof;
import org.carechain.proto.ledger.v1.GetTransactionResponse;
import org.carechain.proto.ledger.v1.GetTreeHeadRequest;
import org.carechain.proto.ledger.v1.LedgerServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Consent and record exchange end to end on a real ledger-service process that captures a seeded
 * EHR database of {@value #PROVIDER}: the exchange is requested at and served by that node (the
 * local path), the answer is opened with the clinician's certificate key and every record is
 * verified against the ehr genesis.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InteropNetworkTest {

    static final String PROVIDER = "hospital1";
    static final String CHAIN_ID = "carechain-interop-test";
    static final String EHR_DATABASE = "carechain_interop_ehr_test";
    static final String LEDGER_DATABASE = "carechain_interop_ledger_test";
    static final Ed25519PrivateKey CAPTURE_KEY = TestLedger.key(0x72);
    static final Ed25519PrivateKey CA_KEY = TestLedger.key(0x73);
    static final ProviderKeys PROVIDER_KEYS = ProviderKeys.generate(new SecureRandom());
    static final TestLedger.ChannelSpec EHR = new TestLedger.ChannelSpec(Channel.EHR, "capture-" + PROVIDER,
            CAPTURE_KEY);
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static CertificateAuthority ca;
    static ServiceProcess ledger;
    static Path dir;

    /** The patient under test: local id, MPI id, pseudonym. */
    static String patientId;
    static String patientMpi;
    static Hash patientRef;
    /** Another patient's pseudonym. */
    static Hash otherPatientRef;
    static String emergencyType;

    static User clinician;
    static String grantTx;
    static List<String> readRecordRefs;

    record User(AnonymousCertificate certificate, KeyPair key, String token, String subject) {}

    record Answer(int status, JsonNode body, String raw) {}

    @BeforeAll
    static void startNetwork() throws Exception {
        dir = Files.createTempDirectory("carechain-interop-test");
        Instant now = Instant.now();
        ca = CertificateAuthority.createRoot(CA_KEY, "CareChain Interop Test CA", now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(365)), BigInteger.TEN);
        TestDatabase.recreate(EHR_DATABASE);
        try (Connection connection = TestDatabase.connect(EHR_DATABASE); Statement statement = connection.createStatement()) {
            dropSlot(statement);
            statement.execute("DROP PUBLICATION IF EXISTS carechain_capture");
            EhrSchema.apply(connection);
        }
        Path providerKeys = dir.resolve("ehr");
        PROVIDER_KEYS.writeTo(providerKeys);
        Map<String, String> capture = TestLedger.capture(dir, PROVIDER, providerKeys, CAPTURE_KEY, EHR_DATABASE);
        capture.put("quarkus.log.category.\"org.carechain.service.error\".level", "DEBUG");
        ledger = TestLedger.start(dir, CHAIN_ID, LEDGER_DATABASE, List.of(EHR), capture);
        ledger.awaitReady(Duration.ofSeconds(90));
        awaitSlot();
        try (Connection ehr = TestDatabase.connect(EHR_DATABASE)) {
            EhrSeeder.seed(ehr, new SyntheticPopulation(20261130L), PROVIDER, 12);
        }
        awaitCaptured();
        pickPatients();
        clinician = user("clinician", "clinician-" + new SecureRandom().nextInt(1_000_000));
    }

    @AfterAll
    static void stopNetwork() throws Exception {
        if (ledger != null) {
            ledger.stop();
        }
        try (Connection connection = TestDatabase.connect(EHR_DATABASE); Statement statement = connection.createStatement()) {
            dropSlot(statement);
        } catch (Exception e) {
            // best effort: the next start drops it too
        }
    }

    // --- 1. no grant ------------------------------------------------------------------------------

    @Test
    @Order(1)
    void withoutConsentTheExchangeIsRefusedAndTheRefusalIsOnTheChain() throws Exception {
        Answer refused = exchange(clinician, body(patientRef, List.of("Observation", "Condition"), null, false, clinician));
        assertEquals(403, refused.status(), refused.raw());
        assertTrue(refused.body().path("error").asText().contains("NO_CONSENT"), refused.raw());
        JsonNode event = awaitAccessEvent(e -> "REFUSED".equals(e.path("outcome").asText())
                && "NO_CONSENT".equals(e.path("reason").asText()));
        assertEquals(clinician.subject(), event.path("requester").asText());
        assertEquals(0, event.path("recordRefs").size());
    }

    // --- 2. grant and decision --------------------------------------------------------------------

    @Test
    @Order(2)
    void aPatientsGrantPermitsTheProvider() throws Exception {
        ObjectNode grant = JSON.createObjectNode();
        grant.put("actorProvider", PROVIDER);
        grant.putArray("resourceTypes").add("Observation").add("Condition");
        grant.put("periodEnd", Instant.now().plus(Duration.ofDays(30)).toString());
        Answer granted = postAllowing500("/api/v1/consent/grants", patientToken(patientRef), grant);
        // The grant's transaction hash is the id of its FHIR Consent: found there even if the POST failed.
        JsonNode consent = awaitConsent(c -> "active".equals(c.path("status").asText()));
        grantTx = consent.path("id").asText();
        awaitCommitted(grantTx);
        ObjectNode question = JSON.createObjectNode();
        question.put("patientRef", patientRef.toHex());
        question.put("resourceType", "Observation");
        Answer decision = post("/api/v1/consent/decision", clinician.token(), question);
        assertEquals(200, decision.status(), decision.raw());
        assertEquals("permit", decision.body().path("decision").asText(), decision.raw());
        assertEquals(List.of(grantTx), strings(decision.body().path("basis")));
        // The patient's own view of their consent: a FHIR Bundle of Consent.
        Answer grants = get("/api/v1/consent/grants", patientToken(patientRef));
        assertEquals(200, grants.status(), grants.raw());
        assertEquals("Bundle", grants.body().path("resourceType").asText());
        assertEquals("Consent", grants.body().path("entry").path(0).path("resource").path("resourceType").asText(),
                grants.raw());
        assertTrue(granted.status() == 201 || granted.status() == 202, "POST grants: " + granted.raw());
        assertEquals(grantTx, granted.body().path("transaction").asText(), granted.raw());
    }

    // --- 3. exchange, open and verify -------------------------------------------------------------

    @Test
    @Order(3)
    void theClinicianGetsSealedRecordsThatAllVerify() throws Exception {
        Answer answer = exchange(clinician, body(patientRef, List.of("Observation", "Condition"), null, false, clinician));
        assertEquals(200, answer.status(), answer.raw());
        Opened opened = open(answer.body(), clinician);
        assertFalse(opened.bundle().entries().isEmpty(), "the answer holds the patient's Observations and Conditions");
        assertTrue(opened.result().allVerified(), opened.result().mismatches().toString());
        assertEquals(opened.bundle().entries().size(), opened.result().verified().size());
        for (ExchangeBundle.Entry entry : opened.bundle().entries()) {
            assertTrue(Set.of("Observation", "Condition").contains(entry.resourceType()), entry.resourceType());
        }
        readRecordRefs = opened.bundle().entries().stream().map(e -> e.recordRef().toHex()).sorted().toList();
        List<String> answered = new ArrayList<>();
        answer.body().path("records").forEach(r -> answered.add(r.path("recordRef").asText()));
        assertEquals(readRecordRefs, answered.stream().sorted().toList());
        assertEquals(List.of(grantTx), strings(answer.body().path("basis")));
        String eventTx = answer.body().path("accessEventTransaction").asText();
        JsonNode trailed = awaitTrail(tx -> tx.path("hash").asText().equals(eventTx)).path("access");
        assertEquals("READ", trailed.path("kind").asText());
        assertEquals("PERMITTED", trailed.path("outcome").asText());
        assertEquals(readRecordRefs, strings(trailed.path("recordRefs")).stream().sorted().toList());
    }

    // --- 4. tamper --------------------------------------------------------------------------------

    @Test
    @Order(4)
    void aRowChangedBehindCapturesBackIsReportedAltered() throws Exception {
        String observation;
        String original;
        try (Connection ehr = TestDatabase.connect(EHR_DATABASE);
                PreparedStatement select = ehr.prepareStatement("SELECT res_id, content::text FROM fhir_resource "
                        + "WHERE res_type = 'Observation' AND patient_id = ? ORDER BY res_id LIMIT 1")) {
            select.setString(1, patientId);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next(), "the patient has an Observation");
                observation = row.getString(1);
                original = row.getString(2);
            }
        }
        Hash alteredRef = new Pseudonyms(PROVIDER_KEYS).recordRef(PROVIDER, "Observation", observation);
        bypassCapture("UPDATE fhir_resource SET content = jsonb_set(content, '{status}', "
                + "CASE WHEN content->>'status' = 'amended' THEN '\"corrected\"'::jsonb ELSE '\"amended\"'::jsonb END) "
                + "WHERE res_type = 'Observation' AND res_id = ?", observation);
        try {
            Answer answer = exchange(clinician, body(patientRef, List.of("Observation", "Condition"), null, false, clinician));
            assertEquals(200, answer.status(), answer.raw());
            Opened opened = open(answer.body(), clinician);
            assertEquals(List.of(new ExchangeVerifier.Mismatch(alteredRef, ExchangeVerifier.Problem.CONTENT_ALTERED)),
                    opened.result().mismatches());
            assertFalse(opened.result().verified().stream().anyMatch(e -> e.recordRef().equals(alteredRef)));
            assertEquals(opened.bundle().entries().size() - 1, opened.result().verified().size());
            // The requester reports it to its gateway: a counter by provider and problem, and the audit log.
            ObjectNode report = JSON.createObjectNode().put("servingProvider", PROVIDER);
            report.putArray("mismatches").addObject().put("recordRef", alteredRef.toHex()).put("problem", "CONTENT_ALTERED");
            Answer reported = post("/api/v1/exchange/requests/" + answer.body().path("requestId").asText() + "/mismatches",
                    clinician.token(), report);
            assertEquals(202, reported.status(), reported.raw());
            assertEquals(1, reported.body().path("recorded").asInt());
            String metrics = text("/q/metrics");
            assertTrue(metrics.lines().anyMatch(line -> line.startsWith("carechain_exchange_mismatches_total")
                    && line.contains("problem=\"CONTENT_ALTERED\"") && line.contains("provider=\"" + PROVIDER + "\"")
                    && line.trim().endsWith("1.0")), "the mismatch counter");
            report.withArray("mismatches").addObject().put("recordRef", alteredRef.toHex()).put("problem", "LOOKS_ODD");
            assertEquals(400, post("/api/v1/exchange/requests/" + answer.body().path("requestId").asText() + "/mismatches",
                    clinician.token(), report).status());
            assertEquals(400, post("/api/v1/exchange/requests/not-hex/mismatches", clinician.token(), report).status());
        } finally {
            bypassCapture("UPDATE fhir_resource SET content = ?::jsonb WHERE res_type = 'Observation' AND res_id = ?",
                    original, observation);
        }
        Opened again = open(exchangeOk(), clinician);
        assertTrue(again.result().allVerified(), "restored: " + again.result().mismatches());
    }

    // --- 5. emergency -----------------------------------------------------------------------------

    @Test
    @Order(5)
    void breakTheGlassIsServedAndRecordedAsOverride() throws Exception {
        Answer normal = exchange(clinician, body(patientRef, List.of(emergencyType), null, false, clinician));
        assertEquals(403, normal.status(), "no grant covers " + emergencyType + ": " + normal.raw());
        Answer answer = exchange(clinician, body(patientRef, List.of(emergencyType), "ETREAT", true, clinician));
        assertEquals(200, answer.status(), answer.raw());
        assertEquals("EMERGENCY_OVERRIDE", answer.body().path("reason").asText());
        Opened opened = open(answer.body(), clinician);
        assertFalse(opened.bundle().entries().isEmpty(), "the patient has " + emergencyType + " records");
        assertTrue(opened.bundle().entries().stream().allMatch(e -> e.resourceType().equals(emergencyType)));
        assertTrue(opened.result().allVerified(), opened.result().mismatches().toString());
        String eventTx = answer.body().path("accessEventTransaction").asText();
        JsonNode reported = awaitAccessEvent(e -> "OVERRIDE".equals(e.path("kind").asText()));
        assertEquals("PERMITTED", reported.path("outcome").asText());
        assertEquals("ETREAT", reported.path("purposeOfUse").asText());
        JsonNode trailed = awaitTrail(tx -> tx.path("hash").asText().equals(eventTx)).path("access");
        assertEquals("OVERRIDE", trailed.path("kind").asText());
        // Emergency without ETREAT is not an override.
        Answer wrongPurpose = exchange(clinician, body(patientRef, List.of(emergencyType), "TREAT", true, clinician));
        assertEquals(403, wrongPurpose.status(), wrongPurpose.raw());
    }

    // --- 6. revocation ----------------------------------------------------------------------------

    @Test
    @Order(6)
    void aRevokedGrantRefusesLaterExchangesButKeepsEarlierReads() throws Exception {
        Answer revoked = postAllowing500("/api/v1/consent/grants/" + grantTx + "/revoke", patientToken(patientRef), null);
        awaitConsent(c -> grantTx.equals(c.path("id").asText()) && "inactive".equals(c.path("status").asText()));
        Answer again = post("/api/v1/consent/grants/" + grantTx + "/revoke", patientToken(patientRef), null);
        assertEquals(409, again.status(), again.raw());
        Answer refused = exchange(clinician, body(patientRef, List.of("Observation", "Condition"), null, false, clinician));
        assertEquals(403, refused.status(), refused.raw());
        assertTrue(refused.body().path("error").asText().contains("CONSENT_REVOKED"), refused.raw());
        awaitAccessEvent(e -> "REFUSED".equals(e.path("outcome").asText())
                && "CONSENT_REVOKED".equals(e.path("reason").asText()));
        JsonNode report = accessEvents(patientRef, false);
        boolean earlierRead = false;
        for (JsonNode entry : report.path("events")) {
            JsonNode event = entry.path("event");
            earlierRead |= "READ".equals(event.path("kind").asText()) && "PERMITTED".equals(event.path("outcome").asText())
                    && strings(event.path("recordRefs")).stream().sorted().toList().equals(readRecordRefs);
        }
        assertTrue(earlierRead, "the earlier READ stays on the chain: " + report);
        assertTrue(revoked.status() == 201 || revoked.status() == 202, "POST revoke: " + revoked.raw());
    }

    // --- 7. refusals ------------------------------------------------------------------------------

    @Test
    @Order(7)
    void badRequestsAreRefusedWithTheirOwnStatus() throws Exception {
        ObjectNode good = body(patientRef, List.of("Observation"), null, false, clinician);
        // Forged: the signature altered.
        String token = clinician.token();
        int dot = token.lastIndexOf('.');
        char last = token.charAt(dot + 5);
        String forged = token.substring(0, dot + 5) + (last == 'A' ? 'B' : 'A') + token.substring(dot + 6);
        assertEquals(401, exchangeWith(forged, good).status());
        // A patient asking for another patient.
        User patient = user("patient", "patient-app-" + new SecureRandom().nextInt(1_000_000), patientRef);
        Answer other = exchange(patient, body(otherPatientRef, List.of("Observation"), null, false, patient));
        assertEquals(403, other.status(), other.raw());
        assertJsonError(other);
        // The patient's own records are fine (EXPORT).
        Answer own = exchange(patient, body(patientRef, List.of("Observation"), null, false, patient));
        assertEquals(200, own.status(), own.raw());
        // A token not bound to the certificate: bound to another one, or to none.
        User stranger = user("clinician", "clinician-other");
        Answer unbound = exchangeWith(stranger.token(), body(patientRef, List.of("Observation"), null, false, clinician));
        assertEquals(403, unbound.status(), unbound.raw());
        assertJsonError(unbound);
        Answer noCnf = exchangeWith(TestTokens.withRoles("clinician"), good);
        assertEquals(403, noCnf.status(), noCnf.raw());
        // Malformed fields.
        for (ObjectNode bad : List.of(body(patientRef, List.of(), null, false, clinician),
                body(patientRef, List.of("Observation"), null, false, clinician).put("from", "2026-13-45"),
                body(patientRef, List.of("Observation"), null, false, clinician).put("patientRef", "xyz"),
                body(patientRef, List.of("Observation"), null, false, clinician).put("certificate", "bm90IGEgY2VydA=="),
                body(patientRef, List.of("Observation"), null, false, clinician).put("from", "2026-02-01").put("to", "2026-01-01"),
                body(patientRef, List.of("NotAType!"), null, false, clinician))) {
            Answer answer = exchange(clinician, bad);
            assertEquals(400, answer.status(), bad + " -> " + answer.raw());
            assertJsonError(answer);
        }
        ObjectNode nullType = body(patientRef, List.of("Observation"), null, false, clinician);
        nullType.putArray("resourceTypes").addNull();
        Answer nullTypeAnswer = exchange(clinician, nullType);
        assertEquals(400, nullTypeAnswer.status(), nullTypeAnswer.raw());
        assertJsonError(nullTypeAnswer);
        ObjectNode badGrant = JSON.createObjectNode().put("actorProvider", PROVIDER).put("periodEnd", "tomorrow");
        Answer grant = post("/api/v1/consent/grants", patientToken(patientRef), badGrant);
        assertEquals(400, grant.status(), grant.raw());
        assertJsonError(grant);
        Answer noPatientRef = post("/api/v1/consent/grants", TestTokens.withRoles("patient"),
                JSON.createObjectNode().put("actorProvider", PROVIDER).put("periodEnd", "2030-01-01T00:00:00Z"));
        assertEquals(403, noPatientRef.status(), noPatientRef.raw());
        Answer wrongRole = get("/api/v1/access-events?patient=" + patientRef.toHex(), clinician.token());
        assertEquals(403, wrongRole.status(), wrongRole.raw());
        // The refusals themselves are in the gateway's audit log: the forged token, the wrong role.
        try (Connection connection = TestDatabase.connect(LEDGER_DATABASE); Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("SELECT outcome, count(*) FROM audit_event "
                        + "WHERE action = 'auth.refused' GROUP BY outcome ORDER BY outcome")) {
            Map<String, Long> refused = new HashMap<>();
            while (rows.next()) {
                refused.put(rows.getString(1), rows.getLong(2));
            }
            assertTrue(refused.getOrDefault("401", 0L) >= 1, "the forged token's refusal is audited: " + refused);
            assertTrue(refused.getOrDefault("403", 0L) >= 1, "the wrong role's refusal is audited: " + refused);
        }
    }

    // --- 8. FHIR export ---------------------------------------------------------------------------

    @Test
    @Order(8)
    void theReportExportsAsFhirAuditEvents() throws Exception {
        JsonNode json = accessEvents(patientRef, false);
        JsonNode fhir = accessEvents(patientRef, true);
        assertEquals("Bundle", fhir.path("resourceType").asText(), fhir.toString());
        assertEquals(json.path("events").size(), fhir.path("entry").size());
        assertTrue(fhir.path("entry").size() >= 4, fhir.toString());
        Map<String, String> outcomes = new HashMap<>();
        json.path("events").forEach(e -> outcomes.put(e.path("transaction").asText(),
                "PERMITTED".equals(e.path("event").path("outcome").asText()) ? "0" : "4"));
        Set<String> seen = new TreeSet<>();
        for (JsonNode entry : fhir.path("entry")) {
            JsonNode audit = entry.path("resource");
            assertEquals("AuditEvent", audit.path("resourceType").asText());
            assertEquals(outcomes.get(audit.path("id").asText()), audit.path("outcome").asText(), audit.toString());
            seen.add(audit.path("outcome").asText());
        }
        assertEquals(Set.of("0", "4"), seen, "both permitted and refused events");
    }

    // --- 9. PHI -----------------------------------------------------------------------------------

    @Test
    @Order(9)
    void noNameMpiIdOrResourceIdLeaks() throws Exception {
        List<String> secrets = new ArrayList<>();
        try (Connection ehr = TestDatabase.connect(EHR_DATABASE); Statement statement = ehr.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT res_type, res_id, content::text FROM fhir_resource")) {
                while (rows.next()) {
                    secrets.add(rows.getString(2));
                    if ("Patient".equals(rows.getString(1))) {
                        var patient = (org.hl7.fhir.r4.model.Patient) Fhir.parse(rows.getString(3));
                        PatientLinks.mpiId(patient).ifPresent(secrets::add);
                        patient.getName().forEach(name -> {
                            if (name.hasFamily()) {
                                secrets.add(name.getFamily());
                            }
                            name.getGiven().forEach(given -> secrets.add(given.getValue()));
                        });
                    }
                }
            }
        }
        assertTrue(secrets.size() > 20, "secrets collected: " + secrets.size());
        String log = Files.readString(ledger.log()).toLowerCase(Locale.ROOT);
        String report = (accessEvents(null, false).toString() + accessEvents(patientRef, true)).toLowerCase(Locale.ROOT);
        for (String secret : secrets) {
            if (secret == null || secret.length() < 4) {
                continue;
            }
            String needle = secret.toLowerCase(Locale.ROOT);
            assertFalse(log.contains(needle), "the ledger log holds seeded PHI (" + secret.length() + " chars)");
            assertFalse(report.contains(needle), "the access report holds seeded PHI");
        }
    }

    // --- helpers ----------------------------------------------------------------------------------

    record Opened(ExchangeBundle.Parsed bundle, ExchangeVerifier.Result result) {}

    static Opened open(JsonNode answer, User user) throws Exception {
        byte[] requestId = HexFormat.of().parseHex(answer.path("requestId").asText());
        byte[] info = SealedBundle.info(requestId, answer.path("servingProvider").asText(),
                answer.path("requestingProvider").asText(), Hash.fromHex(answer.path("patientRef").asText()));
        assertEquals(PROVIDER, answer.path("servingProvider").asText());
        byte[] plain = SealedBundle.open(user.key().getPrivate(),
                Base64.getDecoder().decode(answer.path("sealedBundle").asText()), info);
        ExchangeBundle.Parsed bundle = ExchangeBundle.parse(plain);
        Map<Hash, TransactionProof> evidence = new HashMap<>();
        for (JsonNode record : answer.path("records")) {
            if (!record.path("proof").isNull() && record.hasNonNull("proof")) {
                evidence.put(Hash.fromHex(record.path("recordRef").asText()), ResponseMapping.transactionProof(
                        GetTransactionResponse.parseFrom(Base64.getDecoder().decode(record.path("proof").asText()))));
            }
        }
        LedgerVerifier verifier = LedgerVerifier.forGenesis(TestLedger.genesis(CHAIN_ID, EHR));
        return new Opened(bundle, ExchangeVerifier.verify(verifier, PROVIDER, bundle, evidence));
    }

    JsonNode exchangeOk() throws Exception {
        Answer answer = exchange(clinician, body(patientRef, List.of("Observation", "Condition"), null, false, clinician));
        assertEquals(200, answer.status(), answer.raw());
        return answer.body();
    }

    static ObjectNode body(Hash patient, List<String> types, String purpose, boolean emergency, User user) {
        ObjectNode body = JSON.createObjectNode();
        body.put("provider", PROVIDER);
        body.put("patientRef", patient.toHex());
        ArrayNode array = body.putArray("resourceTypes");
        types.forEach(array::add);
        if (purpose != null) {
            body.put("purposeOfUse", purpose);
        }
        if (emergency) {
            body.put("emergency", true);
        }
        body.put("certificate", Base64.getEncoder().encodeToString(user.certificate().toDer()));
        return body;
    }

    static Answer exchange(User user, ObjectNode body) throws Exception {
        return exchangeWith(user.token(), body);
    }

    static Answer exchangeWith(String token, ObjectNode body) throws Exception {
        Answer answer = post("/api/v1/exchange/requests", token, body);
        assertNotEquals(500, answer.status(), answer.raw());
        return answer;
    }

    static Answer post(String path, String token, JsonNode body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ledger.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return send(request.build());
    }

    /** As post, but a 500 is returned rather than failed on, so a test can go on and fail on it last. */
    static Answer postAllowing500(String path, String token, JsonNode body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ledger.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode parsed;
        try {
            parsed = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            parsed = JSON.createObjectNode();
        }
        return new Answer(response.statusCode(), parsed, response.statusCode() + " " + response.body());
    }

    /** The patient's Consent (from GET /consent/grants) matching, once committed. */
    static JsonNode awaitConsent(Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Answer last = null;
        while (System.nanoTime() < deadline) {
            last = get("/api/v1/consent/grants", patientToken(patientRef));
            assertEquals(200, last.status(), last.raw());
            for (JsonNode entry : last.body().path("entry")) {
                if (wanted.test(entry.path("resource"))) {
                    return entry.path("resource");
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no such Consent in time: " + (last == null ? null : last.raw()));
    }

    static Answer get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ledger.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).GET().build());
    }

    static Answer send(HttpRequest request) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            body = JSON.createObjectNode();
        }
        assertNotEquals(500, response.statusCode(), request.uri() + " -> " + response.body());
        return new Answer(response.statusCode(), body, response.statusCode() + " " + response.body());
    }

    static void assertJsonError(Answer answer) {
        assertTrue(answer.body().path("error").isTextual() && !answer.body().path("error").asText().isBlank(),
                "a JSON error: " + answer.raw());
    }

    static String auditorToken() {
        return TestTokens.forSubject("auditor-1", Map.of(), "auditor");
    }

    static String patientToken(Hash patient) {
        return TestTokens.forSubject("patient-app-1", Map.of("patient_ref", patient.toHex()), "patient");
    }

    static JsonNode accessEvents(Hash patient, boolean fhir) throws Exception {
        String query = (patient == null ? "?provider=" + PROVIDER : "?patient=" + patient.toHex()) + "&limit=1000"
                + (fhir ? "&format=fhir" : "");
        Answer answer = get("/api/v1/access-events" + query, auditorToken());
        assertEquals(200, answer.status(), answer.raw());
        return answer.body();
    }

    /** The patient's access event matching, once committed. */
    static JsonNode awaitAccessEvent(Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = accessEvents(patientRef, false);
            for (JsonNode entry : last.path("events")) {
                if (wanted.test(entry.path("event"))) {
                    assertEquals(patientRef.toHex(), entry.path("event").path("patientRef").asText());
                    return entry.path("event");
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no such access event in time: " + last);
    }

    /** The transaction of the patient's trail matching, once committed; pages with from. */
    static JsonNode awaitTrail(Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            long from = 0;
            while (true) {
                Answer page = get("/api/v1/patients/me/trail?limit=100&from=" + from, patientToken(patientRef));
                assertEquals(200, page.status(), page.raw());
                for (JsonNode event : page.body().path("events")) {
                    if (wanted.test(event.path("transaction"))) {
                        return event.path("transaction");
                    }
                }
                if (page.body().path("next").isNull() || page.body().path("next").isMissingNode()) {
                    break;
                }
                from = page.body().path("next").asLong();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the patient's trail did not show the transaction in time");
    }

    static void awaitCommitted(String transaction) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Answer answer = get("/api/v1/ledger/ehr/transactions/" + transaction, auditorToken());
            if (answer.status() == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("transaction " + transaction + " not committed in time");
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    static User user(String role, String subject) throws Exception {
        return user(role, subject, null);
    }

    static User user(String role, String subject, Hash ownPatient) throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        AnonymousCertificateIssuer issuer = AnonymousCertificateIssuer.create(ca, Optional.empty(), Optional.empty());
        Instant now = Instant.now();
        AnonymousCertificate certificate = AnonymousCertificate.parse(issuer.issue(SubjectPublicKey.of(key.getPublic()),
                subject, role, new byte[] {1, 2, 3}, BigInteger.valueOf(new SecureRandom().nextInt(1 << 30) + 1L),
                now.minusSeconds(60), now.plusSeconds(3600)));
        Map<String, Object> claims = new HashMap<>();
        claims.put("cnf", Map.of("x5t#S256",
                Base64.getUrlEncoder().withoutPadding().encodeToString(certificate.sha256().toByteArray())));
        if (ownPatient != null) {
            claims.put("patient_ref", ownPatient.toHex());
        }
        return new User(certificate, key, TestTokens.forSubject(subject, claims, role), subject);
    }

    /** Runs a statement while the table is out of the capture publication: capture never decodes it. */
    static void bypassCapture(String sql, Object... parameters) throws Exception {
        try (Connection db = TestDatabase.connect(EHR_DATABASE); Statement ddl = db.createStatement()) {
            ddl.execute("ALTER PUBLICATION carechain_capture DROP TABLE fhir_resource");
            try (PreparedStatement edit = db.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    edit.setObject(i + 1, parameters[i]);
                }
                assertEquals(1, edit.executeUpdate());
            } finally {
                ddl.execute("ALTER PUBLICATION carechain_capture ADD TABLE fhir_resource");
            }
        }
    }

    /** A patient with both Observations and Conditions, another patient, and a type the grant will not cover. */
    static void pickPatients() throws Exception {
        Pseudonyms pseudonyms = new Pseudonyms(PROVIDER_KEYS);
        try (Connection ehr = TestDatabase.connect(EHR_DATABASE); Statement statement = ehr.createStatement()) {
            List<String[]> patients = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT p.res_id, p.content::text FROM fhir_resource p "
                    + "WHERE p.res_type = 'Patient' AND EXISTS (SELECT 1 FROM fhir_resource o WHERE o.patient_id = p.res_id "
                    + "AND o.res_type = 'Observation') AND EXISTS (SELECT 1 FROM fhir_resource c WHERE c.patient_id = p.res_id "
                    + "AND c.res_type = 'Condition') ORDER BY p.res_id")) {
                while (rows.next()) {
                    patients.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
            assertTrue(patients.size() >= 2, "two patients with Observations and Conditions");
            patientId = patients.get(0)[0];
            patientMpi = PatientLinks.mpiId((org.hl7.fhir.r4.model.Patient) Fhir.parse(patients.get(0)[1])).orElseThrow();
            patientRef = pseudonyms.patientRef(patientMpi);
            otherPatientRef = pseudonyms.patientRef(
                    PatientLinks.mpiId((org.hl7.fhir.r4.model.Patient) Fhir.parse(patients.get(1)[1])).orElseThrow());
            try (PreparedStatement types = ehr.prepareStatement("SELECT res_type FROM fhir_resource WHERE patient_id = ? "
                    + "AND res_type NOT IN ('Patient', 'Observation', 'Condition') GROUP BY res_type ORDER BY count(*) DESC")) {
                types.setString(1, patientId);
                try (ResultSet rows = types.executeQuery()) {
                    emergencyType = rows.next() ? rows.getString(1) : "Encounter";
                }
            }
        }
        assertNotNull(patientRef);
    }

    static void dropSlot(Statement statement) throws java.sql.SQLException {
        statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
                + EHR_DATABASE + "' AND NOT active");
    }

    static void awaitSlot() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection ehr = TestDatabase.connect(EHR_DATABASE); Statement statement = ehr.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT 1 FROM pg_replication_slots WHERE slot_name = '"
                            + EHR_DATABASE + "'")) {
                if (rows.next()) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("change capture did not create its slot");
    }

    static void awaitCaptured() throws Exception {
        long rows;
        try (Connection ehr = TestDatabase.connect(EHR_DATABASE); Statement statement = ehr.createStatement();
                ResultSet count = statement.executeQuery("SELECT count(*) FROM fhir_resource_history")) {
            count.next();
            rows = count.getLong(1);
        }
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", ledger.port()).usePlaintext().build();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                long size = LedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                        .getTreeHead(GetTreeHeadRequest.newBuilder()
                                .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR).build())
                        .getTreeHead().getLogSize();
                if (size >= rows) {
                    return;
                }
                Thread.sleep(300);
            }
        } finally {
            channel.shutdownNow();
        }
        throw new AssertionError("capture did not commit the seeded rows in time");
    }

    /** The body of an unauthenticated GET, as text (e.g. the Prometheus metrics). */
    static String text(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ledger.port() + path)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
