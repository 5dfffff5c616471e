package org.carechain.search.owner;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.math.BigInteger;
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
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.carechain.crypto.Hash;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.carechain.crypto.pki.AnonymousCertificateIssuer;
import org.carechain.crypto.pki.SubjectPublicKey;
import org.carechain.crypto.sse.Entry;
import org.carechain.crypto.sse.EpochAnchor;
import org.carechain.crypto.sse.KeyWrap;
import org.carechain.crypto.sse.KeywordStatement;
import org.carechain.crypto.sse.SearchResults;
import org.carechain.crypto.sse.SearchVerificationException;
import org.carechain.crypto.sse.SearchVerifier;
import org.carechain.crypto.sse.SecurityLabel;
import org.carechain.crypto.sse.UserKeywordKey;
import org.carechain.crypto.sse.VerifiedResult;
import org.carechain.ehr.fhir.ItemMasks;
import org.carechain.ehr.fhir.SearchKeywords;
import org.carechain.ehr.record.RecordChange;
import org.carechain.ehr.record.RecordEvents;
import org.carechain.ehr.seed.EhrSeeder;
import org.carechain.ehr.seed.SyntheticPopulation;
import org.carechain.ledger.core.significance.ItemCatalog;
import org.carechain.proto.ledger.v1.Channel;
import org.carechain.proto.ledger.v1.GetTransactionRequest;
import org.carechain.proto.ledger.v1.GetTransactionResponse;
import org.carechain.proto.ledger.v1.GetTreeHeadRequest;
import org.carechain.proto.ledger.v1.LedgerServiceGrpc;
import org.carechain.proto.search.v1.EncryptedEntry;
import org.carechain.proto.search.v1.SearchRequest;
import org.carechain.proto.search.v1.SearchServerServiceGrpc;
import org.carechain.service.testing.CapturedLogs;
import org.carechain.service.testing.ServiceTestResource;
import org.carechain.service.testing.TestTokens;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Owner mode end to end, with real processes and databases: a ledger captures a seeded EHR
 * database, the owner indexes what the chain vouches for, pushes to server mode and anchors on
 * {@code search}; a user with a certificate-bound token searches, verifies against the statement
 * and the anchor, and decrypts. The answers must equal a plaintext reference built from the EHR
 * rows with the same record events capture makes.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "carechain_search_test"))
@QuarkusTestResource(SearchNetwork.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SearchOwnerTest {

    static final String DIABETES = "code=44054006";
    /** Depression: the seeded data labels it R (restricted). */
    static final String DEPRESSION = "code=35489007";
    static final CapturedLogs LOGS = CapturedLogs.install();

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private static boolean seeded;

    /** A user: an anonymous certificate for a fresh Ed25519 key, and a token bound to it. */
    record User(AnonymousCertificate certificate, KeyPair key, String token) {}

    /** What the user gets for one query, after verification. */
    record Outcome(Set<SecurityLabel> labels, Map<SecurityLabel, Set<String>> records) {
        Set<String> all() {
            Set<String> union = new TreeSet<>();
            records.values().forEach(union::addAll);
            return union;
        }
    }

    @Test
    @Order(1)
    void indexesTheCapturedRecordsAndAnswersVerifiably() throws Exception {
        seed();
        Map<SecurityLabel, Map<String, Set<String>>> reference = reference();
        User clinician = user("clinician");
        for (String keyword : List.of(DIABETES, "type=Condition", "type=Patient", DEPRESSION, "code=0-absent")) {
            Outcome outcome = search(clinician, List.of(keyword), UnaryOperator.identity());
            assertEquals(EnumSet.of(SecurityLabel.U, SecurityLabel.L, SecurityLabel.M, SecurityLabel.N, SecurityLabel.R),
                    outcome.labels());
            for (SecurityLabel label : outcome.labels()) {
                assertEquals(reference.getOrDefault(label, Map.of()).getOrDefault(keyword, Set.of()),
                        outcome.records().get(label), keyword + " under " + label);
            }
        }
        assertFalse(search(clinician, List.of(DIABETES), UnaryOperator.identity()).all().isEmpty(),
                "the seeded population has diabetic patients");
        assertFalse(reference.getOrDefault(SecurityLabel.R, Map.of()).getOrDefault(DEPRESSION, Set.of()).isEmpty(),
                "the seeded population has R-labelled depression records");
    }

    @Test
    @Order(2)
    void aLabelNotGrantedYieldsNoTokenAndNoRecords() throws Exception {
        seed();
        Outcome auditor = search(user("auditor"), List.of(DEPRESSION), UnaryOperator.identity());
        assertFalse(auditor.labels().contains(SecurityLabel.R));
        assertTrue(auditor.all().isEmpty(), "R data stays out of reach of a role granted only U, L, M, N");
        assertFalse(search(user("clinician"), List.of(DEPRESSION), UnaryOperator.identity()).all().isEmpty());
    }

    @Test
    @Order(3)
    void aLyingServerIsCaughtBeforeDecryption() throws Exception {
        seed();
        User clinician = user("clinician");
        SearchVerificationException dropped = assertThrows(SearchVerificationException.class, () -> search(clinician,
                List.of(DIABETES), entries -> entries.isEmpty() ? entries : entries.subList(1, entries.size())));
        assertEquals(SearchVerificationException.Check.COMPLETENESS, dropped.check());
        List<Entry> patients = new ArrayList<>();
        search(clinician, List.of("type=Patient"), entries -> {
            patients.addAll(entries);
            return entries;
        });
        assertThrows(SearchVerificationException.class, () -> search(clinician, List.of(DIABETES), entries -> patients));
        assertThrows(SearchVerificationException.class, () -> search(clinician, List.of(DIABETES), entries -> List.of()),
                "claiming absence of a present keyword");
    }

    @Test
    @Order(4)
    void updatesAndDeletesReachTheIndex() throws Exception {
        seed();
        User clinician = user("clinician");
        Set<String> before = search(clinician, List.of(DIABETES), UnaryOperator.identity()).all();
        List<String[]> picked = new ArrayList<>();
        try (Connection ehr = SearchNetwork.connectEhr(); Statement statement = ehr.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT res_type, res_id FROM fhir_resource "
                    + "WHERE content::text LIKE '%44054006%' ORDER BY res_type, res_id LIMIT 2")) {
                while (rows.next()) {
                    picked.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
            assertEquals(2, picked.size(), "two records carry the diabetes code");
            // One record's code is changed (a new version), the other is deleted.
            try (PreparedStatement update = ehr.prepareStatement("UPDATE fhir_resource SET res_ver = res_ver + 1, "
                    + "content = replace(content::text, '44054006', '73211009')::jsonb WHERE res_type = ? AND res_id = ?");
                    PreparedStatement delete = ehr.prepareStatement(
                            "DELETE FROM fhir_resource WHERE res_type = ? AND res_id = ?")) {
                update.setString(1, picked.get(0)[0]);
                update.setString(2, picked.get(0)[1]);
                assertEquals(1, update.executeUpdate());
                delete.setString(1, picked.get(1)[0]);
                delete.setString(2, picked.get(1)[1]);
                assertEquals(1, delete.executeUpdate());
            }
        }
        awaitIndexed();
        Set<String> after = search(clinician, List.of(DIABETES), UnaryOperator.identity()).all();
        String changedRef = ref(picked.get(0)[0], picked.get(0)[1]);
        String deletedRef = ref(picked.get(1)[0], picked.get(1)[1]);
        assertTrue(before.contains(changedRef) && before.contains(deletedRef));
        assertFalse(after.contains(changedRef), "an update that drops the code removes it from the keyword");
        assertFalse(after.contains(deletedRef), "a deleted record leaves the keyword");
        assertTrue(search(clinician, List.of("code=73211009"), UnaryOperator.identity()).all().contains(changedRef));
        assertEquals(before.size() - 2, after.size());
    }

    @Test
    @Order(5)
    void eachEpochIsAnchoredOnTheSearchChannel() throws Exception {
        seed();
        JsonPath anchor = given().auth().oauth2(TestTokens.withRoles("auditor")).get("/api/v1/search/owner/anchor")
                .then().statusCode(200).extract().jsonPath();
        long epoch = anchor.getLong("epoch");
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", SearchNetwork.ledger().port())
                .usePlaintext().build();
        try {
            LedgerServiceGrpc.LedgerServiceBlockingStub ledger = LedgerServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS);
            GetTransactionResponse committed = ledger.getTransaction(GetTransactionRequest.newBuilder()
                    .setChannel(Channel.CHANNEL_SEARCH).setIdempotencyKey(anchor.getString("idempotencyKey")).build());
            org.carechain.proto.search.v1.EpochAnchor proto =
                    org.carechain.proto.search.v1.EpochAnchor.parseFrom(committed.getTransaction().getTyped().getValue());
            EpochAnchor onChain = new EpochAnchor(proto.getOwner(), proto.getEpoch(), proto.getLogSize(),
                    Hash.of(proto.getLogRoot().toByteArray()), proto.getSignature().toByteArray());
            assertTrue(onChain.verify(SearchNetwork.OWNER_KEY.publicKey()));
            assertEquals(epoch, onChain.epoch());
            assertEquals(anchor.getString("logRoot"), onChain.logRoot().toHex());
            assertEquals(anchor.getLong("height"), committed.getHeight());
            StatusRuntimeException next = assertThrows(StatusRuntimeException.class, () -> ledger.getTransaction(
                    GetTransactionRequest.newBuilder().setChannel(Channel.CHANNEL_SEARCH)
                            .setIdempotencyKey(EpochAnchor.idempotencyKey(SearchNetwork.PROVIDER, epoch + 1)).build()));
            assertEquals(Status.Code.NOT_FOUND, next.getStatus().getCode());
            // The server holds exactly what the owner anchored.
            JsonPath head = given().auth().oauth2(TestTokens.withRoles("auditor"))
                    .get("/api/v1/search/servers/" + SearchNetwork.PROVIDER + "/head").then().statusCode(200)
                    .extract().jsonPath();
            assertEquals(onChain.logSize(), head.getLong("logSize"));
            assertEquals(onChain.logRoot().toHex(), head.getString("logRoot"));
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(metrics.contains("carechain_search_owner_anchored_epoch " + epoch + ".0"), "anchored epoch gauge");
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    @Order(6)
    void badTokenRequestsAreRefusedWithAReason() throws Exception {
        seed();
        User clinician = user("clinician");
        String body = "{\"keywords\":[\"" + DIABETES + "\"],\"certificate\":\"" + pem(clinician) + "\"}";
        given().contentType(ContentType.JSON).body(body).post("/api/v1/search/owner/tokens").then().statusCode(401);
        given().auth().oauth2(TestTokens.withRoles("registrar")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/search/owner/tokens").then().statusCode(403);
        given().auth().oauth2(bound(clinician.certificate(), "patient")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/search/owner/tokens").then().statusCode(403).body("error", containsString("not granted"));
        given().auth().oauth2(TestTokens.withRoles("clinician")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/search/owner/tokens").then().statusCode(403).body("error", containsString("cnf"));
        given().auth().oauth2(clinician.token()).contentType(ContentType.JSON)
                .body("{\"keywords\":[\"" + DIABETES + "\"]}")
                .post("/api/v1/search/owner/tokens").then().statusCode(400).body("error", containsString("certificate"));
        given().auth().oauth2(clinician.token()).contentType(ContentType.JSON)
                .body("{\"keywords\":[\"" + DIABETES + "\"],\"certificate\":\"bm90IGEgY2VydGlmaWNhdGU=\"}")
                .post("/api/v1/search/owner/tokens").then().statusCode(400);
        given().auth().oauth2(clinician.token()).contentType(ContentType.JSON)
                .body("{\"keywords\":[],\"certificate\":\"" + pem(clinician) + "\"}")
                .post("/api/v1/search/owner/tokens").then().statusCode(400).body("error", containsString("keywords"));
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 17; i++) {
            many.append(i == 0 ? "" : ",").append("\"code=").append(i).append('"');
        }
        given().auth().oauth2(clinician.token()).contentType(ContentType.JSON)
                .body("{\"keywords\":" + many + "],\"certificate\":\"" + pem(clinician) + "\"}")
                .post("/api/v1/search/owner/tokens").then().statusCode(400).body("error", containsString("16"));
        given().auth().oauth2(clinician.token()).contentType(ContentType.JSON)
                .body("{\"keywords\":[\"code=\\u0001\"],\"certificate\":\"" + pem(clinician) + "\"}")
                .post("/api/v1/search/owner/tokens").then().statusCode(400).body("error", containsString("keywords[0]"));
    }

    @Test
    @Order(7)
    void noKeywordOrRecordIdIsInTheLogsOrTheOwnersTables() throws Exception {
        seed();
        String logs = LOGS.text().toLowerCase(java.util.Locale.ROOT);
        assertFalse(logs.contains("44054006"), "a keyword in the logs");
        assertFalse(logs.contains("code="), "a keyword in the logs");
        List<String> ids = new ArrayList<>();
        try (Connection ehr = SearchNetwork.connectEhr(); Statement statement = ehr.createStatement();
                ResultSet rows = statement.executeQuery("SELECT res_id FROM fhir_resource LIMIT 50")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        ids.forEach(id -> assertFalse(logs.contains(id.toLowerCase(java.util.Locale.ROOT)), "a record id in the logs"));
        try (Connection search = java.sql.DriverManager.getConnection("jdbc:postgresql://"
                        + org.carechain.service.testing.TestDatabase.host() + ":"
                        + org.carechain.service.testing.TestDatabase.port() + "/carechain_search_test",
                org.carechain.service.testing.TestDatabase.user(), org.carechain.service.testing.TestDatabase.password());
                Statement statement = search.createStatement()) {
            for (String table : List.of("search_owner_keyword", "search_owner_record", "search_owner_epoch",
                    "search_owner_outbox")) {
                try (ResultSet rows = statement.executeQuery("SELECT t::text FROM " + table + " t")) {
                    while (rows.next()) {
                        String row = rows.getString(1);
                        assertFalse(row.contains("44054006") || row.contains("code="), table + " holds a keyword");
                        for (String id : ids) {
                            assertFalse(row.contains(id), table + " holds a record id");
                        }
                    }
                }
            }
        }
    }

    // --- the user's side -------------------------------------------------------------------------

    /** Tokens from the owner, the server's answers (through {@code lie}), verification, then decryption. */
    Outcome search(User user, List<String> keywords, UnaryOperator<List<Entry>> lie) throws Exception {
        StringBuilder body = new StringBuilder("{\"keywords\":[");
        for (int i = 0; i < keywords.size(); i++) {
            body.append(i == 0 ? "" : ",").append('"').append(keywords.get(i)).append('"');
        }
        body.append("],\"certificate\":\"").append(pem(user)).append("\"}");
        JsonPath tokens = given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(body.toString())
                .post("/api/v1/search/owner/tokens").then().log().ifValidationFails().statusCode(200).extract().jsonPath();
        long epoch = tokens.getLong("anchor.epoch");
        Set<SecurityLabel> labels = EnumSet.noneOf(SecurityLabel.class);
        tokens.getList("grantedLabels", String.class).forEach(l -> labels.add(SecurityLabel.fromCode(l)));
        Map<SecurityLabel, Set<String>> records = new HashMap<>();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            SearchServerServiceGrpc.SearchServerServiceBlockingStub server = SearchServerServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS);
            List<Map<String, Object>> list = tokens.getList("tokens");
            for (int i = 0; i < list.size(); i++) {
                String path = "tokens[" + i + "]";
                SecurityLabel label = SecurityLabel.fromCode(tokens.getString(path + ".securityLabel"));
                KeywordStatement statement = new KeywordStatement(tokens.getString(path + ".statement.owner"),
                        tokens.getString(path + ".statement.ownerKeyId"),
                        Hash.fromHex(tokens.getString(path + ".statement.keywordTag")),
                        tokens.getLong(path + ".statement.count"), Hash.fromHex(tokens.getString(path + ".statement.digest")),
                        tokens.getLong(path + ".statement.epoch"), tokens.getLong(path + ".statement.issuedAtMillis"),
                        tokens.getLong(path + ".statement.expiresAtMillis"),
                        Base64.getDecoder().decode(tokens.getString(path + ".statement.signature")));
                List<byte[]> tokenLabels = tokens.getList(path + ".labels", String.class).stream()
                        .map(Base64.getDecoder()::decode).toList();
                List<Entry> entries = new ArrayList<>();
                for (EncryptedEntry entry : server.search(SearchRequest.newBuilder().setOwner(SearchNetwork.PROVIDER)
                        .addAllLabels(tokenLabels.stream().map(ByteString::copyFrom).toList()).build()).getEntriesList()) {
                    entries.add(new Entry(entry.getLabel().toByteArray(), entry.getValue().toByteArray()));
                }
                VerifiedResult verified = SearchVerifier.verify(statement, SearchNetwork.OWNER_KEY.publicKey(),
                        SearchNetwork.PROVIDER, statement.keywordTag(), tokenLabels, lie.apply(entries), epoch,
                        Instant.now(), Duration.ofSeconds(30));
                byte[] key = KeyWrap.unwrap(user.key().getPrivate(),
                        Base64.getDecoder().decode(tokens.getString(path + ".wrappedKey")),
                        KeyWrap.keywordKeyInfo(SearchNetwork.PROVIDER, label, statement.keywordTag()));
                records.computeIfAbsent(label, l -> new TreeSet<>())
                        .addAll(SearchResults.decrypt(new UserKeywordKey(label, statement.keywordTag(), key), verified));
            }
        } finally {
            channel.shutdownNow();
        }
        return new Outcome(labels, records);
    }

    static User user(String role) throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        AnonymousCertificateIssuer issuer = AnonymousCertificateIssuer.create(SearchNetwork.CA, Optional.empty(),
                Optional.empty());
        Instant now = Instant.now();
        AnonymousCertificate certificate = AnonymousCertificate.parse(issuer.issue(SubjectPublicKey.of(key.getPublic()),
                "pseudo-" + role + "-" + new SecureRandom().nextInt(1_000_000), role, new byte[] {1, 2, 3},
                BigInteger.valueOf(new SecureRandom().nextInt(1 << 30) + 1L), now.minusSeconds(60), now.plusSeconds(3600)));
        return new User(certificate, key, bound(certificate, role));
    }

    static String bound(AnonymousCertificate certificate, String role) {
        return TestTokens.withClaims(Map.of("cnf", Map.of("x5t#S256",
                Base64.getUrlEncoder().withoutPadding().encodeToString(certificate.sha256().toByteArray()))), role);
    }

    static String pem(User user) {
        return Base64.getEncoder().encodeToString(user.certificate().toDer());
    }

    // --- the EHR side and the plaintext reference ------------------------------------------------

    /** Seeds the EHR database once, after capture is running, and waits until the owner has anchored it all. */
    static synchronized void seed() throws Exception {
        if (seeded) {
            return;
        }
        SearchNetwork.ledger().awaitReady(Duration.ofSeconds(90));
        awaitSlot();
        try (Connection ehr = SearchNetwork.connectEhr()) {
            EhrSeeder.seed(ehr, new SyntheticPopulation(20261130L), SearchNetwork.PROVIDER, 25);
        }
        awaitIndexed();
        seeded = true;
    }

    private static void awaitSlot() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection ehr = SearchNetwork.connectEhr(); Statement statement = ehr.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT 1 FROM pg_replication_slots WHERE slot_name = '"
                            + SearchNetwork.EHR_DATABASE + "'")) {
                if (rows.next()) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("change capture did not create its slot");
    }

    /** Waits until every change of the EHR database is on the chain and the owner has anchored it. */
    static void awaitIndexed() throws Exception {
        long rows;
        try (Connection ehr = SearchNetwork.connectEhr(); Statement statement = ehr.createStatement();
                ResultSet count = statement.executeQuery("SELECT count(*) FROM fhir_resource_history")) {
            count.next();
            rows = count.getLong(1);
        }
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", SearchNetwork.ledger().port())
                .usePlaintext().build();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                var head = LedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                        .getTreeHead(GetTreeHeadRequest.newBuilder().setChannel(Channel.CHANNEL_EHR).build()).getTreeHead();
                if (head.getLogSize() >= rows) {
                    JsonPath progress = given().auth().oauth2(TestTokens.withRoles("auditor"))
                            .get("/api/v1/search/owner/progress").then().extract().jsonPath();
                    if (progress.getLong("ehrHeight") >= head.getHeight() && !progress.getBoolean("pending")
                            && progress.get("anchor") != null) {
                        return;
                    }
                }
                Thread.sleep(300);
            }
        } finally {
            channel.shutdownNow();
        }
        throw new AssertionError("the owner did not index the captured records in time");
    }

    /** The answer a correct index gives, from the live rows, labelled and named as capture names them. */
    static Map<SecurityLabel, Map<String, Set<String>>> reference() throws Exception {
        RecordEvents events = new RecordEvents(SearchNetwork.PROVIDER, SearchNetwork.PROVIDER_KEYS,
                new ItemMasks(ItemCatalog.of(Map.of())));
        Map<SecurityLabel, Map<String, Set<String>>> reference = new HashMap<>();
        try (Connection ehr = SearchNetwork.connectEhr(); Statement statement = ehr.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT res_type, res_id, res_ver, content::text FROM fhir_resource")) {
            while (rows.next()) {
                RecordChange change = new RecordChange(org.carechain.ledger.core.chain.RecordEvent.Operation.CREATE, rows.getString(1),
                        rows.getString(2), rows.getInt(3), rows.getString(4), "reference", 0);
                var event = events.toEvent(change);
                SecurityLabel label = SecurityLabel.valueOf(event.securityLabel().name());
                String ref = change.resourceType() + "/" + event.recordRef().toHex();
                for (String keyword : SearchKeywords.extract(change.resourceType(), change.content())) {
                    reference.computeIfAbsent(label, l -> new HashMap<>()).computeIfAbsent(keyword, k -> new HashSet<>())
                            .add(ref);
                }
            }
        }
        return reference;
    }

    static String ref(String resourceType, String resourceId) {
        return resourceType + "/" + new org.carechain.ehr.record.Pseudonyms(SearchNetwork.PROVIDER_KEYS)
                .recordRef(SearchNetwork.PROVIDER, resourceType, resourceId).toHex();
    }
}
