package org.carechain.search.server;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sse.Entry;
import org.carechain.crypto.sse.KeywordKeys;
import org.carechain.crypto.sse.KeywordState;
import org.carechain.crypto.sse.MasterKeys;
import org.carechain.crypto.sse.Op;
import org.carechain.crypto.sse.Posting;
import org.carechain.crypto.sse.SecurityLabel;
import org.carechain.crypto.sse.UpdateBatch;
import org.carechain.crypto.sse.UpdateBuilder;
import org.carechain.proto.search.v1.PutUpdatesRequest;
import org.carechain.proto.search.v1.SearchRequest;
import org.carechain.proto.search.v1.SearchServerServiceGrpc;
import org.carechain.service.testing.CapturedLogs;
import org.carechain.service.testing.ServiceTestResource;
import org.carechain.service.testing.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * The scan: after an owner pushed entries encrypted from known keywords and record ids,
 * and users searched them, no table of the search database holds a keyword or a record id, as
 * bytes, hex or base64.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class,
        initArgs = @ResourceArg(name = "database", value = SearchDatabase.NAME))
class SearchServerPrivacyScanTest {

    /** Distinctive synthetic plaintexts, so a match cannot be a coincidence. */
    private static final List<String> KEYWORDS = List.of("code=44054006|ZQsnomed", "loinc=ZQ4548-4",
            "rxnorm=ZQ860975", "type=ZQObservation", "date=ZQ2026-11");
    private static final List<String> RECORD_IDS = List.of("Observation/ZQrec-7734190", "Condition/ZQrec-5521873",
            "MedicationRequest/ZQrec-9046615", "Observation/ZQrec-3318807");

    @TestHTTPResource("/")
    URL root;

    private final SecureRandom random = new SecureRandom();

    @Test
    void noTableHoldsAKeywordOrARecordId() throws Exception {
        CapturedLogs logs = CapturedLogs.install();
        TestOwner owner = TestOwner.of("scan");
        // Entries as the owner makes them (crypto's UpdateBuilder): the server is given nothing else.
        MasterKeys keys = MasterKeys.generate(random);
        Map<Hash, KeywordState> states = new HashMap<>();
        List<Entry> pushed = new ArrayList<>();
        ManagedChannel channel = ManagedChannelBuilder.forAddress(root.getHost(), root.getPort()).usePlaintext().build();
        try {
            var stub = SearchServerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            for (Op op : List.of(Op.ADD, Op.DEL)) {
                UpdateBuilder builder = new UpdateBuilder(states::get, random);
                for (String keyword : KEYWORDS) {
                    for (String recordId : RECORD_IDS) {
                        builder.add(keys.keywordKeys(SecurityLabel.N, keyword), new Posting(recordId, op));
                    }
                }
                UpdateBatch batch = builder.build();
                PutUpdatesRequest request = owner.next(batch.entries());
                stub.putUpdates(request);
                owner.applied(request);
                states.putAll(batch.newStates());
                pushed.addAll(batch.entries());
            }
            for (String keyword : KEYWORDS) {
                KeywordKeys keywordKeys = keys.keywordKeys(SecurityLabel.N, keyword);
                SearchRequest.Builder search = SearchRequest.newBuilder().setOwner(owner.name);
                keywordKeys.labels(states.get(keywordKeys.tag()).count())
                        .forEach(label -> search.addLabels(ByteString.copyFrom(label)));
                assertEquals(2 * RECORD_IDS.size(), stub.search(search.build()).getEntriesCount());
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        given().auth().oauth2(TestTokens.withRoles("clinician")).contentType(ContentType.JSON)
                .body("{\"labels\":[\"" + Base64.getEncoder().encodeToString(pushed.get(3).label()) + "\"]}")
                .when().post("/api/v1/search/servers/scan/query").then().statusCode(200);

        List<byte[]> secrets = new ArrayList<>();
        KEYWORDS.forEach(keyword -> secrets.add(keyword.getBytes(StandardCharsets.UTF_8)));
        RECORD_IDS.forEach(id -> secrets.add(id.getBytes(StandardCharsets.UTF_8)));

        Map<String, List<byte[]>> cells = dumpEveryColumn();
        assertTrue(cells.keySet().containsAll(List.of("search_entry.label", "search_entry.value", "search_log_head.frontier",
                "search_epoch.signature")), "scanned " + cells.keySet());
        // The scan sees what was stored: a pushed label is found by the same search.
        assertTrue(cells.get("search_entry.label").stream().anyMatch(cell -> containsAnyForm(cell, pushed.get(0).label())));
        for (Map.Entry<String, List<byte[]>> column : cells.entrySet()) {
            for (byte[] cell : column.getValue()) {
                for (byte[] secret : secrets) {
                    assertFalse(containsAnyForm(cell, secret), column.getKey() + " holds a plaintext keyword or record id");
                }
            }
        }
        String logText = logs.text();
        for (byte[] secret : secrets) {
            assertFalse(containsAnyForm(logText.getBytes(StandardCharsets.UTF_8), secret), "a log line holds a plaintext");
        }
    }

    @Test
    void theScanFindsEveryEncodingItLooksFor() {
        byte[] secret = "Observation/ZQrec-7734190".getBytes(StandardCharsets.UTF_8);
        List<String> hiding = new ArrayList<>();
        hiding.add("xx" + new String(secret, StandardCharsets.UTF_8) + "yy");
        hiding.add("\\x" + HexFormat.of().formatHex(secret));
        hiding.add(HexFormat.of().formatHex(secret).toUpperCase(Locale.ROOT));
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = ByteBuffer.allocate(offset + secret.length).put(new byte[offset]).put(secret).array();
            hiding.add("a" + Base64.getEncoder().encodeToString(shifted) + "b");
            hiding.add(Base64.getUrlEncoder().withoutPadding().encodeToString(shifted));
        }
        for (String cell : hiding) {
            assertTrue(containsAnyForm(cell.getBytes(StandardCharsets.US_ASCII), secret), cell);
        }
        assertFalse(containsAnyForm("Observation/ZQrec-773419".getBytes(StandardCharsets.UTF_8), secret));
    }

    /** Every value of every column of every table in the database, keyed by table.column. */
    private static Map<String, List<byte[]>> dumpEveryColumn() throws Exception {
        Map<String, List<byte[]>> cells = new HashMap<>();
        try (Connection db = SearchDatabase.connect(); Statement statement = db.createStatement()) {
            List<String[]> columns = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT table_name, column_name, data_type "
                    + "FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position")) {
                while (rows.next()) {
                    columns.add(new String[] {rows.getString(1), rows.getString(2), rows.getString(3)});
                }
            }
            for (String[] column : columns) {
                List<byte[]> values = cells.computeIfAbsent(column[0] + "." + column[1], key -> new ArrayList<>());
                try (ResultSet rows = statement.executeQuery(
                        "SELECT " + quote(column[1]) + " FROM " + quote(column[0]))) {
                    while (rows.next()) {
                        byte[] value = "bytea".equals(column[2]) ? rows.getBytes(1)
                                : rows.getString(1) == null ? null : rows.getString(1).getBytes(StandardCharsets.UTF_8);
                        if (value != null) {
                            values.add(value);
                        }
                    }
                }
            }
        }
        return cells;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** Whether {@code cell} holds {@code secret} raw, in hex (either case) or in base64 (either alphabet, any alignment). */
    static boolean containsAnyForm(byte[] cell, byte[] secret) {
        String text = new String(cell, StandardCharsets.ISO_8859_1);
        List<String> forms = new ArrayList<>();
        forms.add(new String(secret, StandardCharsets.ISO_8859_1));
        forms.add(HexFormat.of().formatHex(secret));
        forms.add(HexFormat.of().withUpperCase().formatHex(secret));
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = ByteBuffer.allocate(offset + secret.length).put(new byte[offset]).put(secret).array();
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(shifted);
            // Only the characters that depend on the secret alone: skip the group shared with the
            // shift, and the last partial group.
            int start = offset == 0 ? 0 : 4;
            int end = shifted.length / 3 * 4;
            if (end > start) {
                String core = encoded.substring(start, end);
                forms.add(core);
                forms.add(core.replace('+', '-').replace('/', '_'));
            }
        }
        return forms.stream().anyMatch(text::contains);
    }
}
