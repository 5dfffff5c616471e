package org.carechain.ledger.api.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.ConsistencyProof;
import org.carechain.crypto.merkle.InclusionProof;
import org.carechain.crypto.merkle.ProofVerifier;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.ledger.core.chain.Block;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.significance.SignificanceRoot;
import org.carechain.ledger.node.ChannelRuntime;
import org.carechain.ledger.node.LedgerChannels;
import org.carechain.ledger.testing.TestChain;
import org.carechain.ledger.testing.TestConsortium;
import org.carechain.service.testing.ServiceTestResource;
import org.carechain.service.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ledger's REST reads: values, input checks, roles, missing data and tampering. */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "carechain_ledger_test"))
@QuarkusTestResource(TestConsortium.class)
class LedgerResourceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String BASE = "/api/v1/ledger/";

    @Inject
    LedgerChannels channels;

    @Inject
    Pool pool;


    private ChannelRuntime ehr;

    @BeforeEach
    void channel() {
        ehr = channels.channel(Channel.EHR).orElseThrow();
    }

    private static JsonPath read(String path) {
        return given().auth().oauth2(TestTokens.withRoles("auditor")).when().get(path)
                .then().statusCode(200).extract().jsonPath();
    }

    private static void rejected(String path, int status) {
        given().auth().oauth2(TestTokens.withRoles("auditor")).when().get(path)
                .then().statusCode(status).body("code", equalTo(status));
    }

    private static Hash patient(String run) {
        return Hash.sha256(("patient " + run).getBytes());
    }

    private long auditedTrailReads() {
        return pool.query("SELECT count(*) AS n FROM audit_event WHERE action = 'ledger.patient-trail'").execute()
                .await().atMost(TIMEOUT).iterator().next().getLong("n");
    }

    private void sql(String statement, Object... params) {
        pool.preparedQuery(statement).execute(Tuple.from(params)).await().atMost(TIMEOUT);
    }

    @Test
    void everyEndpointNeedsATokenWithTheAuditorOrAdminRole() {
        Block block = TestChain.commit(ehr, List.of(TestChain.recordEvent(TestChain.unique("auth"), "hospital1",
                patient("auth"))));
        Transaction transaction = block.transactions().get(0);
        List<String> paths = List.of(BASE + "ehr/blocks/latest", BASE + "ehr/blocks/1", BASE + "ehr/blocks",
                BASE + "ehr/transactions/" + transaction.hash().toHex(),
                BASE + "ehr/transactions?idempotencyKey=" + transaction.idempotencyKey(),
                BASE + "ehr/consistency-proof?first=1&second=1", BASE + "ehr/significance",
                BASE + "ehr/significance/hospital1/history", BASE + "ehr/patients/" + patient("auth").toHex() + "/events");
        for (String path : paths) {
            given().when().get(path).then().statusCode(401).header("WWW-Authenticate", "Bearer")
                    .body("code", equalTo(401));
            given().auth().oauth2(TestTokens.expired("auditor")).when().get(path).then().statusCode(401);
            given().auth().oauth2(TestTokens.signedByUntrustedKey("auditor")).when().get(path).then().statusCode(401);
            given().auth().oauth2(TestTokens.withRoles("clinician", "patient")).when().get(path).then().statusCode(403)
                    .body("code", equalTo(403));
            given().auth().oauth2(TestTokens.withRoles("auditor")).when().get(path).then().statusCode(200);
            given().auth().oauth2(TestTokens.withRoles("admin")).when().get(path).then().statusCode(200);
        }
    }

    @Test
    void blocksAreServedWithTheirHeadersCertificatesAndTransactions() {
        String run = TestChain.unique("blocks");
        Block block = TestChain.commit(ehr, List.of(TestChain.recordEvent(run, "hospital1", patient(run))));
        long height = block.header().height();

        JsonPath latest = read(BASE + "ehr/blocks/latest");
        assertEquals(height, latest.getLong("header.height"));
        assertEquals(block.hash().toHex(), latest.getString("header.hash"));
        assertEquals(block.hash().toHex(), latest.getString("certificate.blockHash"));
        assertEquals(3, latest.getList("certificate.signatures").size());
        assertEquals(block.header().log().root().toHex(), latest.getString("header.logRoot"));

        JsonPath one = read(BASE + "ehr/blocks/" + height);
        assertEquals(block.header().previousHash().toHex(), one.getString("header.previousHash"));
        assertEquals(run, one.getString("transactions[0].idempotencyKey"));
        assertEquals(block.transactions().get(0).hash().toHex(), one.getString("transactions[0].hash"));
        assertEquals(patient(run).toHex(), one.getString("transactions[0].recordEvent.patientRef"));
        assertEquals("CREATE", one.getString("transactions[0].recordEvent.op"));
        assertEquals("03", one.getString("transactions[0].recordEvent.itemMask"));

        JsonPath page = read(BASE + "ehr/blocks?from=" + height + "&limit=1");
        assertEquals(List.of(block.hash().toHex()), page.getList("blocks.header.hash"));
        assertEquals(height + 1, page.getLong("next"));
        JsonPath beyond = read(BASE + "ehr/blocks?from=" + (height + 1));
        assertTrue(beyond.getList("blocks").isEmpty());
        assertNull(beyond.get("next"));

        rejected(BASE + "ehr/blocks/0", 400);
        rejected(BASE + "ehr/blocks/-1", 400);
        rejected(BASE + "ehr/blocks/abc", 400);
        rejected(BASE + "ehr/blocks?limit=0", 400);
        rejected(BASE + "ehr/blocks?limit=101", 400);
        rejected(BASE + "ehr/blocks?from=x", 400);
        rejected(BASE + "ehr/blocks/" + (height + 1000), 404);
        rejected(BASE + "nope/blocks/latest", 400);
        rejected(BASE + "search/blocks/latest", 404);
    }

    @Test
    void aTransactionComesWithAProofThatVerifiesAgainstItsHeader() throws Exception {
        String run = TestChain.unique("tx");
        List<Transaction> transactions = List.of(TestChain.recordEvent(run + "-1", "hospital1", patient(run)),
                TestChain.recordEvent(run + "-2", "hospital2", patient(run)));
        Block block = TestChain.commit(ehr, transactions);
        Transaction wanted = transactions.get(1);

        JsonPath proven = read(BASE + "ehr/transactions/" + wanted.hash().toHex());
        assertEquals(block.header().height(), proven.getLong("height"));
        assertEquals(wanted.idempotencyKey(), proven.getString("transaction.idempotencyKey"));
        assertEquals("hospital2", proven.getString("transaction.recordEvent.provider"));
        assertEquals(block.hash().toHex(), proven.getString("header.hash"));
        assertEquals(block.hash().toHex(), proven.getString("certificate.blockHash"));
        TreeHead head = new TreeHead(proven.getLong("header.logSize"), Hash.fromHex(proven.getString("header.logRoot")));
        List<Hash> path = proven.getList("auditPath", String.class).stream().map(Hash::fromHex).toList();
        ProofVerifier.verifyInclusion(new InclusionProof(proven.getLong("leafIndex"), proven.getLong("treeSize"), path),
                wanted.hash(), head);

        JsonPath byKey = read(BASE + "ehr/transactions?idempotencyKey=" + wanted.idempotencyKey());
        assertEquals(proven.getMap(""), byKey.getMap(""));

        rejected(BASE + "ehr/transactions/" + "ab".repeat(31), 400);
        rejected(BASE + "ehr/transactions/" + "zz".repeat(32), 400);
        rejected(BASE + "ehr/transactions", 400);
        rejected(BASE + "ehr/transactions?idempotencyKey=has%20space", 400);
        rejected(BASE + "ehr/transactions/" + Hash.sha256("unknown".getBytes()).toHex(), 404);
        rejected(BASE + "ehr/transactions?idempotencyKey=never-submitted", 404);
    }

    @Test
    void aConsistencyProofLinksTheLogHeadsOfTwoBlocks() throws Exception {
        String run = TestChain.unique("consistency");
        Block older = TestChain.commit(ehr, List.of(TestChain.recordEvent(run + "-1", "hospital1", patient(run))));
        Block newer = TestChain.commit(ehr, List.of(TestChain.recordEvent(run + "-2", "hospital1", patient(run)),
                TestChain.recordEvent(run + "-3", "hospital1", patient(run))));
        long first = older.header().log().size();
        long second = newer.header().log().size();

        JsonPath proof = read(BASE + "ehr/consistency-proof?first=" + first + "&second=" + second);
        List<Hash> path = proof.getList("proof", String.class).stream().map(Hash::fromHex).toList();
        ProofVerifier.verifyConsistency(new ConsistencyProof(first, second, path), older.header().log(),
                newer.header().log());

        rejected(BASE + "ehr/consistency-proof?first=0&second=" + second, 400);
        rejected(BASE + "ehr/consistency-proof?first=" + second + "&second=" + first, 400);
        rejected(BASE + "ehr/consistency-proof?first=1&second=" + (second + 1000), 400);
        rejected(BASE + "ehr/consistency-proof?first=1", 400);
        rejected(BASE + "ehr/consistency-proof?first=a&second=2", 400);
    }

    @Test
    void theSignificanceTableAndAProvidersHistoryMatchTheHeaders() {
        String run = TestChain.unique("significance");
        String provider = "epsilon-" + run;
        Block first = TestChain.commit(ehr, List.of(TestChain.recordEvent(run + "-1", provider, patient(run))));
        Block second = TestChain.commit(ehr, List.of(TestChain.recordEvent(run + "-2", "zeta-" + run, patient(run))));

        JsonPath latest = read(BASE + "ehr/significance");
        assertEquals(second.header().height(), latest.getLong("height"));
        assertEquals(second.header().significanceRoot().toHex(), latest.getString("significanceRoot"));
        SortedMap<String, Long> table = new TreeMap<>();
        for (Map<String, Object> row : latest.<Map<String, Object>>getList("providers")) {
            table.put((String) row.get("provider"), ((Number) row.get("significanceNano")).longValue());
        }
        assertEquals(second.header().significanceRoot(), SignificanceRoot.of(table));
        assertEquals(500_000_000L, table.get(provider));

        JsonPath atFirst = read(BASE + "ehr/significance?height=" + first.header().height());
        assertEquals(first.header().significanceRoot().toHex(), atFirst.getString("significanceRoot"));

        JsonPath history = read(BASE + "ehr/significance/" + provider + "/history?from=" + first.header().height());
        assertEquals(provider, history.getString("provider"));
        assertEquals(List.of(first.header().height(), second.header().height()),
                history.getList("points.height", Long.class));
        assertEquals(List.of(1_000_000_000L, 500_000_000L), history.getList("points.significanceNano", Long.class));
        JsonPath limited = read(BASE + "ehr/significance/" + provider + "/history?limit=1&to=" + second.header().height());
        assertEquals(List.of(first.header().height()), limited.getList("points.height", Long.class));

        rejected(BASE + "ehr/significance?height=0", 400);
        rejected(BASE + "ehr/significance?height=-3", 400);
        rejected(BASE + "ehr/significance?height=x", 400);
        rejected(BASE + "ehr/significance?height=" + (second.header().height() + 1000), 404);
        rejected(BASE + "ehr/significance/" + provider + "/history?limit=1001", 400);
        rejected(BASE + "ehr/significance/" + provider + "/history?from=0", 400);
        rejected(BASE + "ehr/significance/" + provider + "/history?from=5&to=4", 400);
        rejected(BASE + "ehr/significance/" + "p".repeat(129) + "/history", 400);
        rejected(BASE + "rbc/significance", 404);

        sql("UPDATE ledger_significance SET significance_nano = 1 WHERE channel = 'ehr' AND provider = $1", provider);
        try {
            given().auth().oauth2(TestTokens.withRoles("auditor")).when().get(BASE + "ehr/significance")
                    .then().statusCode(503).body("error", equalTo(TamperedStoreMapper.REASON));
            given().auth().oauth2(TestTokens.withRoles("auditor")).when()
                    .get(BASE + "ehr/significance/" + provider + "/history").then().statusCode(503);
        } finally {
            sql("UPDATE ledger_significance SET significance_nano = 1000000000 WHERE channel = 'ehr' AND provider = $1 "
                    + "AND height = $2", provider, first.header().height());
            sql("UPDATE ledger_significance SET significance_nano = 500000000 WHERE channel = 'ehr' AND provider = $1 "
                    + "AND height = $2", provider, second.header().height());
        }
        read(BASE + "ehr/significance");
    }

    @Test
    void aPatientAppReadsTheTrailOfThePseudonymInItsTokenAndOfNoOther() {
        String run = TestChain.unique("mine");
        Hash mine = patient(run);
        Transaction a = TestChain.recordEvent(run + "-a", "hospital1", mine);
        Transaction theirs = TestChain.recordEvent(run + "-t", "hospital1", patient(run + "theirs"));
        Transaction b = TestChain.recordEvent(run + "-b", "hospital2", mine);
        TestChain.commit(ehr, List.of(a, theirs, b));
        String token = TestTokens.withClaim("patient_ref", mine.toHex(), "patient");

        JsonPath trail = given().auth().oauth2(token).when().get("/api/v1/patients/me/trail")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(a.hash().toHex(), b.hash().toHex()), trail.getList("events.transaction.hash", String.class));
        JsonPath first = given().auth().oauth2(token).when().get("/api/v1/patients/me/trail?limit=1")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(a.hash().toHex()), first.getList("events.transaction.hash", String.class));

        given().auth().oauth2(TestTokens.withRoles("patient")).when().get("/api/v1/patients/me/trail")
                .then().statusCode(403).body("error", containsString("patient_ref"));
        given().auth().oauth2(TestTokens.withClaim("patient_ref", "not-hex", "patient")).when()
                .get("/api/v1/patients/me/trail").then().statusCode(403);
        given().auth().oauth2(TestTokens.withClaim("patient_ref", mine.toHex(), "auditor")).when()
                .get("/api/v1/patients/me/trail").then().statusCode(403);
        given().when().get("/api/v1/patients/me/trail").then().statusCode(401);
        given().auth().oauth2(token).when().get("/api/v1/patients/me/trail?limit=0").then().statusCode(400);
    }

    @Test
    void aPatientsTrailListsTheirRecordEventsInChainOrderAPageAtATime() {
        String run = TestChain.unique("trail");
        Hash pseudonym = patient(run);
        Transaction a = TestChain.recordEvent(run + "-a", "hospital1", pseudonym);
        Transaction other = TestChain.recordEvent(run + "-o", "hospital1", patient(run + "other"));
        Transaction b = TestChain.recordEvent(run + "-b", "hospital2", pseudonym);
        Transaction c = TestChain.recordEvent(run + "-c", "hospital1", pseudonym);
        TestChain.commit(ehr, List.of(a, other, b));
        Block last = TestChain.commit(ehr, List.of(c));
        long audited = auditedTrailReads();

        String trail = BASE + "ehr/patients/" + pseudonym.toHex() + "/events";
        JsonPath all = read(trail);
        assertEquals(List.of(a.hash().toHex(), b.hash().toHex(), c.hash().toHex()),
                all.getList("events.transaction.hash", String.class));
        assertEquals(last.header().height(), all.getLong("events[2].height"));
        assertTrue(all.getList("events.transaction.recordEvent.patientRef", String.class).stream()
                .allMatch(pseudonym.toHex()::equals));
        assertNull(all.get("next"));

        JsonPath page = read(trail + "?limit=2");
        assertEquals(List.of(a.hash().toHex(), b.hash().toHex()), page.getList("events.transaction.hash", String.class));
        JsonPath rest = read(trail + "?limit=2&from=" + page.getLong("next"));
        assertEquals(List.of(c.hash().toHex()), rest.getList("events.transaction.hash", String.class));
        assertEquals(audited + 3, auditedTrailReads());

        String bad = "ab".repeat(31) + "z";
        given().auth().oauth2(TestTokens.withRoles("auditor")).when().get(BASE + "ehr/patients/" + bad + "/events")
                .then().statusCode(400).body("error", not(containsString(bad)));
        rejected(BASE + "ehr/patients/" + "ab".repeat(31) + "/events", 400);
        rejected(trail + "?limit=0", 400);
        rejected(trail + "?limit=101", 400);
        rejected(trail + "?from=-1", 400);
        rejected(BASE + "cbc/patients/" + pseudonym.toHex() + "/events", 400);
        JsonPath nobody = read(BASE + "ehr/patients/" + Hash.sha256("nobody".getBytes()).toHex() + "/events");
        assertTrue(nobody.getList("events").isEmpty());

        // A forged index row must not put another patient's event in this trail.
        sql("UPDATE ledger_transaction SET patient_ref = $1 WHERE channel = 'ehr' AND tx_hash = $2",
                Buffer.buffer(pseudonym.toByteArray()), Buffer.buffer(other.hash().toByteArray()));
        try {
            given().auth().oauth2(TestTokens.withRoles("auditor")).when().get(trail)
                    .then().statusCode(503).body("error", equalTo(TamperedStoreMapper.REASON));
        } finally {
            sql("UPDATE ledger_transaction SET patient_ref = $1 WHERE channel = 'ehr' AND tx_hash = $2",
                    Buffer.buffer(patient(run + "other").toByteArray()), Buffer.buffer(other.hash().toByteArray()));
        }
        read(trail);
    }

    @Test
    void aBlockAlteredInTheDatabaseIsRefusedNotServed() {
        String run = TestChain.unique("alter");
        Block block = TestChain.commit(ehr, List.of(TestChain.recordEvent(run, "hospital1", patient(run))));
        long height = block.header().height();
        byte[] body = block.transactions().get(0).canonicalBytes();
        byte[] forged = TestChain.recordEvent(run, "hospital2", patient(run)).canonicalBytes();
        sql("UPDATE ledger_transaction SET body = $1 WHERE channel = 'ehr' AND height = $2", Buffer.buffer(forged), height);
        try {
            given().auth().oauth2(TestTokens.withRoles("auditor")).when().get(BASE + "ehr/blocks/" + height)
                    .then().statusCode(503).body("error", equalTo(TamperedStoreMapper.REASON)).body("header", nullValue());
            given().auth().oauth2(TestTokens.withRoles("auditor")).when()
                    .get(BASE + "ehr/transactions?idempotencyKey=" + run).then().statusCode(503);
        } finally {
            sql("UPDATE ledger_transaction SET body = $1 WHERE channel = 'ehr' AND height = $2", Buffer.buffer(body), height);
        }
        read(BASE + "ehr/blocks/" + height);
    }
}
