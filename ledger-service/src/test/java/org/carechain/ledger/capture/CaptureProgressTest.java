package org.carechain.ledger.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.RecordEvent.Operation;
import org.carechain.ledger.core.chain.Transaction;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class CaptureProgressTest {

    private static Transaction event(String key, String record, Operation op) {
        return new Transaction(Channel.EHR, key, new RecordEvent("hospital1", "Observation",
                Hash.sha256(record.getBytes(StandardCharsets.UTF_8)), Hash.sha256(new byte[] {1}), op,
                Hash.sha256(key.getBytes(StandardCharsets.UTF_8)), new byte[0], RecordEvent.SecurityLabel.N, "0/1:0", 1L));
    }

    @RepeatedTest(40)
    void aPositionIsConfirmedOnlyWhenEverythingUpToItIsCommittedAndThenAlwaysIs(RepetitionInfo repetition) {
        long seed = 0x5EED0000L + repetition.getCurrentRepetition();
        SplittableRandom random = new SplittableRandom(seed);
        CaptureProgress progress = new CaptureProgress();
        List<long[]> sourceTransactions = new ArrayList<>(); // {lsn, first event index, count}
        List<Transaction> events = new ArrayList<>();
        long lsn = 100;
        int count = 5 + random.nextInt(30);
        for (int t = 0; t < count; t++) {
            lsn += 1 + random.nextInt(50);
            int size = random.nextInt(4); // a source transaction may have no events left to submit
            List<Transaction> ofTransaction = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                ofTransaction.add(event("k-" + t + "-" + i, "r-" + random.nextInt(5), Operation.UPDATE));
            }
            sourceTransactions.add(new long[] {lsn, events.size(), size});
            events.addAll(ofTransaction);
            progress.submitted(lsn, ofTransaction, 0);
        }
        List<Transaction> order = new ArrayList<>(events);
        Collections.shuffle(order, new java.util.Random(seed));
        Set<String> committed = new HashSet<>();
        long confirmed = -1;
        int i = 0;
        while (i < order.size()) {
            int take = 1 + random.nextInt(3);
            List<Transaction> block = order.subList(i, Math.min(order.size(), i + take));
            if (random.nextBoolean()) {
                progress.committed(block);
            } else {
                progress.committedKeys(block.stream().map(Transaction::idempotencyKey).toList());
            }
            block.forEach(e -> committed.add(e.idempotencyKey()));
            i += take;
            OptionalLong now = progress.confirmable();
            if (now.isPresent()) {
                assertTrue(now.getAsLong() > confirmed, "seed " + seed + ": confirmations move forward");
                confirmed = now.getAsLong();
            }
            for (long[] source : sourceTransactions) {
                if (source[0] <= confirmed) {
                    for (int e = 0; e < source[2]; e++) {
                        assertTrue(committed.contains(events.get((int) source[1] + e).idempotencyKey()),
                                "seed " + seed + ": position " + source[0] + " confirmed with an event not committed");
                    }
                }
            }
        }
        assertEquals(lsn, confirmed, "seed " + seed + ": once all is committed, the last position is confirmed");
        assertEquals(0, progress.outstanding());
        assertEquals(0, progress.pendingTransactions());
    }

    @Test
    void overdueEventsAreHandedOverAgainOnceUntilTheirClockRunsOutAgain() {
        CaptureProgress progress = new CaptureProgress();
        Transaction a = event("a", "r1", Operation.CREATE);
        Transaction b = event("b", "r2", Operation.CREATE);
        progress.submitted(10, List.of(a, b), 0);
        progress.committed(List.of(a));
        Duration after = Duration.ofSeconds(5);
        assertTrue(progress.overdue(Duration.ofSeconds(4).toNanos(), after).isEmpty());
        assertEquals(List.of(b), progress.overdue(Duration.ofSeconds(5).toNanos(), after));
        assertTrue(progress.overdue(Duration.ofSeconds(6).toNanos(), after).isEmpty());
        assertEquals(List.of(b), progress.overdue(Duration.ofSeconds(10).toNanos(), after));
        assertFalse(progress.confirmable().isPresent());
        progress.committed(List.of(b));
        assertEquals(OptionalLong.of(10), progress.confirmable());
    }

    @Test
    void aRecordsLivenessInFlightFollowsItsLatestEventUntilThatOneCommits() {
        CaptureProgress progress = new CaptureProgress();
        Transaction create = event("c", "r", Operation.CREATE);
        Transaction delete = event("d", "r", Operation.DELETE);
        var key = CaptureProgress.keyOf((RecordEvent) create.payload());
        assertEquals(Optional.empty(), progress.liveInFlight(key));
        progress.submitted(1, List.of(create), 0);
        assertEquals(Optional.of(true), progress.liveInFlight(key));
        progress.submitted(2, List.of(delete), 0);
        assertEquals(Optional.of(false), progress.liveInFlight(key));
        progress.committed(List.of(create));
        assertEquals(Optional.of(false), progress.liveInFlight(key), "the delete is still in flight");
        progress.committed(List.of(delete));
        assertEquals(Optional.empty(), progress.liveInFlight(key), "the chain's state answers now");
    }

    @Test
    void positionsMustNotGoBackwards() {
        CaptureProgress progress = new CaptureProgress();
        progress.submitted(10, List.of(), 0);
        assertThrows(IllegalArgumentException.class, () -> progress.submitted(9, List.of(), 0));
        assertEquals(OptionalLong.of(10), progress.confirmable());
    }

    @Test
    void reconciliationKeepsTheChainFollowingTheDatabase() {
        assertEquals(CaptureReconciliation.AS_READ, CaptureReconciliation.of(Operation.CREATE, false));
        assertEquals(CaptureReconciliation.CREATE_AS_UPDATE, CaptureReconciliation.of(Operation.CREATE, true));
        assertEquals(CaptureReconciliation.AS_READ, CaptureReconciliation.of(Operation.UPDATE, true));
        assertEquals(CaptureReconciliation.UPDATE_AS_CREATE, CaptureReconciliation.of(Operation.UPDATE, false));
        assertEquals(CaptureReconciliation.AS_READ, CaptureReconciliation.of(Operation.DELETE, true));
        assertEquals(CaptureReconciliation.SKIP_DELETE, CaptureReconciliation.of(Operation.DELETE, false));
        assertEquals(Optional.of(Operation.CREATE), CaptureReconciliation.UPDATE_AS_CREATE.submitted(Operation.UPDATE));
        assertEquals(Optional.empty(), CaptureReconciliation.SKIP_DELETE.submitted(Operation.DELETE));
    }
}
