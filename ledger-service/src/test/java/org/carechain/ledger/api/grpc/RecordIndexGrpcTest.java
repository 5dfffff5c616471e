package org.carechain.ledger.api.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent.Operation;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.node.ChannelRuntime;
import org.carechain.ledger.node.LedgerChannels;
import org.carechain.ledger.testing.TestChain;
import org.carechain.ledger.testing.TestConsortium;
import org.carechain.proto.ledger.v1.LedgerServiceGrpc;
import org.carechain.proto.ledger.v1.ListRecordsRequest;
import org.carechain.proto.ledger.v1.ListRecordsResponse;
import org.carechain.proto.ledger.v1.RecordState;
import org.carechain.service.testing.ServiceTestResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chain's view of each record, kept with every commit, and listed over a real socket. */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "carechain_ledger_test"))
@QuarkusTestResource(TestConsortium.class)
class RecordIndexGrpcTest {

    private static final org.carechain.proto.ledger.v1.Channel EHR = org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR;

    @TestHTTPResource("/")
    URL root;

    @Inject
    LedgerChannels channels;

    private ManagedChannel channel;
    private LedgerServiceGrpc.LedgerServiceBlockingStub ledger;
    private ChannelRuntime ehr;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress(root.getHost(), root.getPort()).usePlaintext().build();
        ledger = LedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        ehr = channels.channel(Channel.EHR).orElseThrow();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static Hash hash(String text) {
        return Hash.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private List<RecordState> list(String provider) {
        List<RecordState> all = new ArrayList<>();
        Iterator<ListRecordsResponse> pages = ledger.listRecords(
                ListRecordsRequest.newBuilder().setChannel(EHR).setProvider(provider).build());
        pages.forEachRemaining(page -> {
            assertTrue(page.getRecordsCount() > 0, "no empty pages");
            assertTrue(page.getHeight() > 0);
            all.addAll(page.getRecordsList());
        });
        return all;
    }

    @Test
    void eachRecordShowsItsLatestEventItsLivenessAndTheVersionsSinceItsLatestCreate() {
        String run = TestChain.unique("index");
        String provider = "idx-" + run.substring(run.length() - 8);
        Hash patient = hash(run);
        String a = run + "-a";
        String b = run + "-b";
        String c = run + "-c";
        // Block 1: a created and updated twice in one block; b created; c created.
        TestChain.commit(ehr, List.of(
                TestChain.recordChange(run + "-1", provider, a, Operation.CREATE, patient, hash("a1")),
                TestChain.recordChange(run + "-2", provider, a, Operation.UPDATE, patient, hash("a2")),
                TestChain.recordChange(run + "-3", provider, a, Operation.UPDATE, patient, hash("a3")),
                TestChain.recordChange(run + "-4", provider, b, Operation.CREATE, patient, hash("b1")),
                TestChain.recordChange(run + "-5", provider, c, Operation.CREATE, patient, hash("c1"))));
        // Block 2: b updated (adds to the stored versions), c deleted, then created again (restarts them).
        Transaction lastOfC = TestChain.recordChange(run + "-8", provider, c, Operation.CREATE, patient, hash("c2"));
        TestChain.commit(ehr, List.of(
                TestChain.recordChange(run + "-6", provider, b, Operation.UPDATE, patient, hash("b2")),
                TestChain.recordChange(run + "-7", provider, c, Operation.DELETE, patient, hash("c1")),
                lastOfC));
        // Block 3: a deleted.
        TestChain.commit(ehr, List.of(
                TestChain.recordChange(run + "-9", provider, a, Operation.DELETE, patient, hash("a3"))));

        Map<Hash, RecordState> byRef = list(provider).stream().collect(Collectors.toMap(
                r -> Hash.of(r.getRecordRef().toByteArray()), r -> r, (x, y) -> x, TreeMap::new));
        assertEquals(3, byRef.size());
        RecordState stateA = byRef.get(hash(a));
        assertFalse(stateA.getLive());
        assertEquals(hash("a3"), Hash.of(stateA.getContentHash().toByteArray()));
        assertEquals(3, stateA.getVersions());
        RecordState stateB = byRef.get(hash(b));
        assertTrue(stateB.getLive());
        assertEquals(hash("b2"), Hash.of(stateB.getContentHash().toByteArray()));
        assertEquals(2, stateB.getVersions());
        RecordState stateC = byRef.get(hash(c));
        assertTrue(stateC.getLive());
        assertEquals(1, stateC.getVersions());
        assertEquals(lastOfC.hash(), Hash.of(stateC.getTransactionHash().toByteArray()));
        assertEquals("Observation", stateC.getResourceType());
        assertEquals(provider, stateC.getProvider());
        assertTrue(list("nobody-" + run.substring(run.length() - 6)).isEmpty());
    }

    @Test
    void aListingLongerThanOnePageComesInKeyOrderWithEveryRecordOnce() {
        String run = TestChain.unique("pages");
        String provider = "pages-" + run.substring(run.length() - 8);
        int count = RecordListing.PAGE + 37;
        List<Transaction> creates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            creates.add(TestChain.recordChange(run + "-" + i, provider, run + "/" + i, Operation.CREATE, hash(run),
                    hash(run + i)));
        }
        TestChain.commit(ehr, creates.subList(0, 1_500));
        TestChain.commit(ehr, creates.subList(1_500, count));

        List<RecordState> listed = list(provider);
        assertEquals(count, listed.size());
        for (int i = 1; i < listed.size(); i++) {
            Hash previous = Hash.of(listed.get(i - 1).getRecordRef().toByteArray());
            Hash current = Hash.of(listed.get(i).getRecordRef().toByteArray());
            assertTrue(java.util.Arrays.compareUnsigned(previous.toByteArray(), current.toByteArray()) < 0,
                    "record refs ascend at " + i);
        }
    }

    @Test
    void aListingNeedsAHostedChannelAndAValidProvider() {
        StatusRuntimeException noProvider = assertThrows(StatusRuntimeException.class, () -> list(""));
        assertEquals(Status.Code.INVALID_ARGUMENT, noProvider.getStatus().getCode());
        StatusRuntimeException badProvider = assertThrows(StatusRuntimeException.class, () -> list("has space"));
        assertEquals(Status.Code.INVALID_ARGUMENT, badProvider.getStatus().getCode());
        StatusRuntimeException notHosted = assertThrows(StatusRuntimeException.class, () -> ledger.listRecords(
                ListRecordsRequest.newBuilder().setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_SEARCH)
                        .setProvider("hospital1").build()).hasNext());
        assertEquals(Status.Code.FAILED_PRECONDITION, notHosted.getStatus().getCode());
    }
}
