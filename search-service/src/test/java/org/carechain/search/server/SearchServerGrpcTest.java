package org.carechain.search.server;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.MerkleFrontier;
import org.carechain.crypto.merkle.Rfc6962Hasher;
import org.carechain.crypto.sign.Ed25519Sign;
import org.carechain.crypto.sse.Entry;
import org.carechain.crypto.sse.PutUpdatesSigning;
import org.carechain.proto.search.v1.EncryptedEntry;
import org.carechain.proto.search.v1.GetLogHeadRequest;
import org.carechain.proto.search.v1.GetLogHeadResponse;
import org.carechain.proto.search.v1.PutUpdatesRequest;
import org.carechain.proto.search.v1.PutUpdatesResponse;
import org.carechain.proto.search.v1.SearchRequest;
import org.carechain.proto.search.v1.SearchResponse;
import org.carechain.proto.search.v1.SearchServerServiceGrpc;
import org.carechain.service.testing.ServiceTestResource;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SearchServerService over a real socket against the real PostgreSQL: owners push signed epochs
 * built with the crypto module, and each answered root is checked against an in-test RFC 6962
 * log over label || value. Every test pushes as its own owner.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class,
        initArgs = @ResourceArg(name = "database", value = SearchDatabase.NAME))
class SearchServerGrpcTest {

    private static final Logger LOG = Logger.getLogger(SearchServerGrpcTest.class);

    @TestHTTPResource("/")
    URL root;

    private ManagedChannel channel;
    private SearchServerServiceGrpc.SearchServerServiceBlockingStub stub;
    private Random random;

    @BeforeEach
    void openChannel(TestInfo test) {
        // Seeded per test, so that no two tests push the same labels and a failure replays.
        random = new Random(test.getDisplayName().hashCode() * 31L + test.getTestMethod().orElseThrow().getName().hashCode());
        channel = ManagedChannelBuilder.forAddress(root.getHost(), root.getPort()).usePlaintext()
                .maxInboundMessageSize(32 << 20).build();
        stub = SearchServerServiceGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void eachPushAnswersTheRootOfTheLogOverLabelAndValue() {
        TestOwner owner = TestOwner.of("grpc-root");
        for (int size : new int[] {1, 50, 257, 0, 3}) {
            PutUpdatesRequest request = owner.next(TestOwner.randomEntries(random, size));
            PutUpdatesResponse response = push(request);
            owner.applied(request);
            assertEquals(owner.log.size(), response.getLogSize());
            assertArrayEquals(owner.log.root().toByteArray(), response.getLogRoot().toByteArray(), "root after " + size);
            assertHead(owner);
        }
    }

    @Test
    void theHeadBeforeAnyPushIsTheEmptyLog() {
        GetLogHeadResponse head = head("grpc-empty");
        assertEquals(0, head.getEpoch());
        assertEquals(0, head.getLogSize());
        assertArrayEquals(Rfc6962Hasher.EMPTY_ROOT.toByteArray(), head.getLogRoot().toByteArray());
    }

    @Test
    void anExactRetryOfTheLastEpochIsAnsweredAgainAndStoresNothingMore() throws Exception {
        TestOwner owner = TestOwner.of("grpc-retry");
        PutUpdatesRequest first = owner.next(TestOwner.randomEntries(random, 20));
        PutUpdatesResponse applied = push(first);
        owner.applied(first);

        assertEquals(applied, push(first));
        assertEquals(20, storedEntries(owner.name));
        assertHead(owner);

        PutUpdatesRequest second = owner.next(TestOwner.randomEntries(random, 5));
        push(second);
        owner.applied(second);
        assertHead(owner);
        // Once a later epoch is applied, the earlier one is no longer the last: a stale retry.
        assertStatus(Status.Code.FAILED_PRECONDITION, "base_log_size", () -> push(first));
    }

    @Test
    void aPushForAnotherLogSizeIsRefusedAndChangesNothing() {
        TestOwner owner = TestOwner.of("grpc-base");
        PutUpdatesRequest first = owner.next(TestOwner.randomEntries(random, 10));
        push(first);
        owner.applied(first);

        List<Entry> entries = TestOwner.randomEntries(random, 4);
        assertStatus(Status.Code.FAILED_PRECONDITION, "base_log_size", () -> push(owner.request(2, 9, entries)));
        assertStatus(Status.Code.FAILED_PRECONDITION, "base_log_size", () -> push(owner.request(2, 11, entries)));
        // The same epoch and base as the last push, with other entries, is not a retry.
        assertStatus(Status.Code.FAILED_PRECONDITION, "base_log_size", () -> push(owner.request(1, 0, entries)));
        assertHead(owner);
        assertEquals(0, search(owner.name, labels(entries)).getEntriesCount());
    }

    @Test
    void anEpochMustBeGreaterThanTheLastApplied() {
        TestOwner owner = TestOwner.of("grpc-epoch");
        PutUpdatesRequest fifth = owner.request(5, 0, TestOwner.randomEntries(random, 3));
        push(fifth);
        owner.applied(fifth);

        assertStatus(Status.Code.FAILED_PRECONDITION, "epoch",
                () -> push(owner.request(5, 3, TestOwner.randomEntries(random, 1))));
        assertStatus(Status.Code.FAILED_PRECONDITION, "epoch",
                () -> push(owner.request(4, 3, TestOwner.randomEntries(random, 1))));
        assertHead(owner);
    }

    @Test
    void aPushNotSignedByTheOwnersKeyIsRefused() {
        TestOwner owner = TestOwner.of("grpc-signature");
        List<Entry> entries = TestOwner.randomEntries(random, 8);
        byte[] signed = PutUpdatesSigning.signedBytes(owner.name, 1, 0, entries);
        byte[] byStranger = Ed25519Sign.create(TestOwner.key("grpc-root")).sign(signed);
        byte[] flipped = Ed25519Sign.create(owner.key).sign(signed);
        flipped[10] ^= 1;
        byte[] forOtherBase = Ed25519Sign.create(owner.key).sign(PutUpdatesSigning.signedBytes(owner.name, 1, 7, entries));
        for (byte[] signature : List.of(byStranger, flipped, forOtherBase, new byte[0], new byte[64])) {
            assertStatus(Status.Code.PERMISSION_DENIED, "signature",
                    () -> push(owner.unsigned(1, 0, entries).setSignature(ByteString.copyFrom(signature)).build()));
        }
        // A valid signature over other entries.
        PutUpdatesRequest swapped = owner.request(1, 0, entries).toBuilder()
                .setEntries(0, EncryptedEntry.newBuilder().setLabel(ByteString.copyFrom(new byte[32]))
                        .setValue(ByteString.copyFromUtf8("x")))
                .build();
        assertStatus(Status.Code.PERMISSION_DENIED, "signature", () -> push(swapped));
        assertHead(owner);
    }

    @Test
    void anOwnerThisServerDoesNotHostIsRefused() {
        TestOwner stranger = TestOwner.of("stranger");
        assertStatus(Status.Code.PERMISSION_DENIED, "owner",
                () -> push(stranger.next(TestOwner.randomEntries(random, 2))));
        assertStatus(Status.Code.NOT_FOUND, "owner", () -> head("stranger"));
        assertStatus(Status.Code.NOT_FOUND, "owner", () -> search("stranger", List.of(new byte[32])));
        assertStatus(Status.Code.NOT_FOUND, "owner", () -> search("", List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"short-label", "long-label", "empty-value", "large-value", "epoch-zero", "repeated-label"})
    void aMalformedPushIsRefusedWithTheReason(String defect) {
        TestOwner owner = TestOwner.of("grpc-malformed");
        List<Entry> entries = TestOwner.randomEntries(random, 4);
        PutUpdatesRequest valid = owner.request(1, 0, entries);
        EncryptedEntry second = valid.getEntries(1);
        PutUpdatesRequest.Builder bad = valid.toBuilder();
        String field = switch (defect) {
            case "short-label" -> set(bad, second.toBuilder().setLabel(second.getLabel().substring(1)), "entries[1].label");
            case "long-label" -> set(bad, second.toBuilder().setLabel(second.getLabel().concat(ByteString.copyFrom(new byte[1]))),
                    "entries[1].label");
            case "empty-value" -> set(bad, second.toBuilder().setValue(ByteString.EMPTY), "entries[1].value");
            case "large-value" -> set(bad, second.toBuilder().setValue(ByteString.copyFrom(new byte[VerifiedPush.MAX_VALUE_SIZE + 1])),
                    "entries[1].value");
            case "repeated-label" -> set(bad, second.toBuilder().setLabel(valid.getEntries(0).getLabel()), "entries[1].label");
            case "epoch-zero" -> {
                bad.setEpoch(0);
                yield "epoch";
            }
            default -> throw new IllegalArgumentException(defect);
        };
        assertStatus(Status.Code.INVALID_ARGUMENT, field, () -> push(bad.build()));
        assertEquals(0, head(owner.name).getLogSize());
    }

    @Test
    void aPushOfALabelAlreadyStoredIsRefusedWhole() throws Exception {
        TestOwner owner = TestOwner.of("grpc-stored");
        List<Entry> entries = TestOwner.randomEntries(random, 6);
        PutUpdatesRequest first = owner.next(entries);
        push(first);
        owner.applied(first);

        List<Entry> again = new ArrayList<>(TestOwner.randomEntries(random, 3));
        again.add(new Entry(entries.get(4).label(), new byte[] {1, 2, 3}));
        assertStatus(Status.Code.INVALID_ARGUMENT, "already stored", () -> push(owner.next(again)));
        assertHead(owner);
        assertEquals(6, storedEntries(owner.name));
        assertEquals(0, search(owner.name, labels(again.subList(0, 3))).getEntriesCount());
    }

    @Test
    void aPushOfMoreThan100000EntriesIsRefused() {
        TestOwner owner = TestOwner.of("grpc-malformed");
        PutUpdatesRequest.Builder request = PutUpdatesRequest.newBuilder().setOwner(owner.name).setEpoch(1)
                .setSignature(ByteString.copyFrom(new byte[64]));
        byte[] label = new byte[32];
        for (int i = 0; i <= VerifiedPush.MAX_ENTRIES; i++) {
            label[0] = (byte) i;
            label[1] = (byte) (i >> 8);
            label[2] = (byte) (i >> 16);
            request.addEntries(EncryptedEntry.newBuilder().setLabel(ByteString.copyFrom(label))
                    .setValue(ByteString.copyFrom(new byte[] {1})));
        }
        assertStatus(Status.Code.INVALID_ARGUMENT, "entries", () -> push(request.build()));
    }

    @Test
    void searchAnswersInTheOrderAskedAndLeavesOutLabelsItDoesNotHold() {
        TestOwner owner = TestOwner.of("grpc-search");
        List<Entry> stored = TestOwner.randomEntries(random, 30);
        PutUpdatesRequest request = owner.next(stored);
        push(request);
        owner.applied(request);

        List<Entry> asked = new ArrayList<>(stored.subList(5, 25));
        Collections.shuffle(asked, random);
        List<byte[]> labels = labels(asked);
        byte[] unknown = new byte[32];
        random.nextBytes(unknown);
        labels.add(7, unknown);
        labels.add(0, TestOwner.randomEntries(random, 1).get(0).label());

        SearchResponse response = search(owner.name, labels);
        assertEquals(asked.size(), response.getEntriesCount());
        for (int i = 0; i < asked.size(); i++) {
            assertArrayEquals(asked.get(i).label(), response.getEntries(i).getLabel().toByteArray(), "label " + i);
            assertArrayEquals(asked.get(i).value(), response.getEntries(i).getValue().toByteArray(), "value " + i);
        }
        assertEquals(0, search(owner.name, List.of()).getEntriesCount());
        // Another owner's labels are not this owner's.
        assertEquals(0, search("grpc-root", labels(stored)).getEntriesCount());
    }

    @Test
    void searchRefusesMalformedLabelsAndTooManyOfThem() {
        List<byte[]> labels = new ArrayList<>(List.of(new byte[32], new byte[32], new byte[31]));
        assertStatus(Status.Code.INVALID_ARGUMENT, "labels[2]", () -> search("grpc-search", labels));
        List<byte[]> tooMany = Collections.nCopies(SearchServer.MAX_SEARCH_LABELS + 1, new byte[32]);
        assertStatus(Status.Code.INVALID_ARGUMENT, "labels", () -> search("grpc-search", tooMany));
    }

    @Test
    void theLogResumesFromTheFrontierStoredInTheDatabase() throws Exception {
        TestOwner owner = TestOwner.of("grpc-resume");
        for (int size : new int[] {13, 64, 1, 200}) {
            PutUpdatesRequest request = owner.next(TestOwner.randomEntries(random, size));
            push(request);
            owner.applied(request);

            // What a restarted server reads back is all it needs: its root is the mirror's.
            try (Connection db = SearchDatabase.connect();
                    PreparedStatement query = db.prepareStatement(
                            "SELECT epoch, log_size, log_root, frontier FROM search_log_head WHERE owner = ?")) {
                query.setString(1, owner.name);
                ResultSet row = query.executeQuery();
                assertTrue(row.next());
                assertEquals(owner.epoch, row.getLong("epoch"));
                assertEquals(owner.log.size(), row.getLong("log_size"));
                assertArrayEquals(owner.log.root().toByteArray(), row.getBytes("log_root"));
                byte[] frontier = row.getBytes("frontier");
                List<Hash> hashes = new ArrayList<>();
                for (int offset = 0; offset < frontier.length; offset += Hash.SIZE) {
                    hashes.add(Hash.of(frontier, offset));
                }
                assertEquals(owner.log.root(), MerkleFrontier.resume(owner.log.size(), hashes).root());
            }
        }
        try (Connection db = SearchDatabase.connect();
                PreparedStatement query = db.prepareStatement(
                        "SELECT log_index, label, value FROM search_entry WHERE owner = ? ORDER BY log_index")) {
            query.setString(1, owner.name);
            ResultSet rows = query.executeQuery();
            Rfc6962Hasher hasher = Rfc6962Hasher.create();
            long index = 0;
            while (rows.next()) {
                assertEquals(index, rows.getLong("log_index"));
                byte[] leaf = new Entry(rows.getBytes("label"), rows.getBytes("value")).leafData();
                assertEquals(owner.log.leafHash(index), hasher.hashLeaf(leaf), "leaf " + index);
                index++;
            }
            assertEquals(owner.log.size(), index);
        }
    }

    @Test
    void pushesAndSearchesAreCountedPerOwner() {
        TestOwner owner = TestOwner.of("grpc-metrics");
        PutUpdatesRequest request = owner.next(TestOwner.randomEntries(random, 7));
        push(request);
        push(request);
        search(owner.name, List.of(new byte[32]));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("carechain_search_entries_stored_total{owner=\"grpc-metrics\"} 7.0"))
                .body(containsString("carechain_search_queries_total{owner=\"grpc-metrics\"} 1.0"));
    }

    /** Indicative timings for the report; behaviour is asserted, never speed. */
    @Test
    void aLargePushAndLargeSearchesAnswerCorrectly() {
        TestOwner owner = TestOwner.of("grpc-timing");
        PutUpdatesRequest warmUp = owner.next(TestOwner.randomEntries(random, 1_000));
        push(warmUp);
        owner.applied(warmUp);

        List<Entry> entries = TestOwner.randomEntries(random, 10_000);
        PutUpdatesRequest large = owner.next(entries);
        long started = System.nanoTime();
        PutUpdatesResponse response = push(large);
        long pushNanos = System.nanoTime() - started;
        owner.applied(large);
        assertArrayEquals(owner.log.root().toByteArray(), response.getLogRoot().toByteArray());

        List<byte[]> hundred = labels(entries.subList(0, 100));
        List<byte[]> tenThousand = labels(entries);
        Collections.reverse(tenThousand);
        for (int i = 0; i < 20; i++) {
            search(owner.name, hundred);
        }
        long hundredNanos = median(50, () -> search(owner.name, hundred), response100 -> {
            assertEquals(100, response100.getEntriesCount());
            assertArrayEquals(entries.get(99).value(), response100.getEntries(99).getValue().toByteArray());
        });
        long tenThousandNanos = median(5, () -> search(owner.name, tenThousand), response10k -> {
            assertEquals(10_000, response10k.getEntriesCount());
            assertArrayEquals(entries.get(0).label(), response10k.getEntries(9_999).getLabel().toByteArray());
        });
        LOG.infof("indicative (blocking gRPC client, same host): PutUpdates of 10,000 entries %.1f ms; "
                        + "Search of 100 labels %.2f ms (median of 50); Search of 10,000 labels %.1f ms (median of 5)",
                pushNanos / 1e6, hundredNanos / 1e6, tenThousandNanos / 1e6);
    }

    private static long median(int runs, Supplier<SearchResponse> call, Consumer<SearchResponse> check) {
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            SearchResponse response = call.get();
            nanos[i] = System.nanoTime() - started;
            check.accept(response);
        }
        Arrays.sort(nanos);
        return nanos[runs / 2];
    }

    private static String set(PutUpdatesRequest.Builder request, EncryptedEntry.Builder entry, String field) {
        request.setEntries(1, entry);
        return field;
    }

    private PutUpdatesResponse push(PutUpdatesRequest request) {
        return stub.withDeadlineAfter(60, TimeUnit.SECONDS).putUpdates(request);
    }

    private GetLogHeadResponse head(String owner) {
        return stub.withDeadlineAfter(10, TimeUnit.SECONDS).getLogHead(GetLogHeadRequest.newBuilder().setOwner(owner).build());
    }

    private SearchResponse search(String owner, List<byte[]> labels) {
        SearchRequest.Builder request = SearchRequest.newBuilder().setOwner(owner);
        labels.forEach(label -> request.addLabels(ByteString.copyFrom(label)));
        return stub.withDeadlineAfter(30, TimeUnit.SECONDS).search(request.build());
    }

    private void assertHead(TestOwner owner) {
        GetLogHeadResponse head = head(owner.name);
        assertEquals(owner.epoch, head.getEpoch());
        assertEquals(owner.log.size(), head.getLogSize());
        assertArrayEquals(owner.log.root().toByteArray(), head.getLogRoot().toByteArray());
    }

    private static void assertStatus(Status.Code code, String reason, Runnable call) {
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(code, error.getStatus().getCode(), error.getStatus().toString());
        String description = error.getStatus().getDescription();
        assertTrue(description != null && description.contains(reason), "reason '" + description + "' names " + reason);
    }

    private static long storedEntries(String owner) throws Exception {
        try (Connection db = SearchDatabase.connect();
                PreparedStatement query = db.prepareStatement("SELECT count(*) FROM search_entry WHERE owner = ?")) {
            query.setString(1, owner);
            ResultSet row = query.executeQuery();
            row.next();
            return row.getLong(1);
        }
    }

    static List<byte[]> labels(List<Entry> entries) {
        return new ArrayList<>(entries.stream().map(Entry::label).toList());
    }
}
