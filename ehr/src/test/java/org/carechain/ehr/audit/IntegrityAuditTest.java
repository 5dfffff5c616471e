package org.carechain.ehr.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.carechain.crypto.Hash;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class IntegrityAuditTest {

    private static Hash hash(long value, String what) {
        return Hash.sha256(ByteBuffer.allocate(8).putLong(value).array(), what.getBytes());
    }

    private static ChainRecord live(long id, int versions) {
        return new ChainRecord("Observation", hash(id, "ref"), true, hash(id * 1000 + versions, "content"), versions,
                10, hash(id, "tx"));
    }

    private static RowDigest rowOf(ChainRecord record) {
        return new RowDigest(record.resourceType(), record.recordRef(), record.versions(), record.contentHash());
    }

    @RepeatedTest(25)
    void aTamperCampaignIsFoundCompletelyWithNoFalsePositives(RepetitionInfo repetition) {
        long seed = 0xA0D17L * 31 + repetition.getCurrentRepetition();
        SplittableRandom random = new SplittableRandom(seed);
        int count = 200 + random.nextInt(800);
        List<ChainRecord> chain = new ArrayList<>();
        Map<Hash, RowDigest> rows = new HashMap<>();
        for (long id = 0; id < count; id++) {
            ChainRecord record = live(id, 1 + random.nextInt(4));
            chain.add(record);
            rows.put(record.recordRef(), rowOf(record));
        }
        // Records the chain saw deleted, whose rows are rightly gone.
        for (long id = count; id < count + 20; id++) {
            ChainRecord deleted = new ChainRecord("Condition", hash(id, "ref"), false, hash(id, "content"), 2, 9,
                    hash(id, "tx"));
            chain.add(deleted);
        }
        Map<Hash, Finding.Kind> expected = new HashMap<>();
        List<Hash> refs = new ArrayList<>(rows.keySet());
        refs.sort(java.util.Comparator.comparing(Hash::toHex));
        Collections.shuffle(refs, new java.util.Random(seed));
        int edits = 1 + random.nextInt(Math.min(60, count / 3));
        for (int i = 0; i < edits; i++) {
            Hash ref = refs.get(i);
            RowDigest row = rows.get(ref);
            switch (random.nextInt(3)) {
                case 0 -> {
                    rows.put(ref, new RowDigest(row.resourceType(), ref, row.version(), hash(random.nextLong(), "forged")));
                    expected.put(ref, Finding.Kind.CHANGED_WITHOUT_TRACE);
                }
                case 1 -> {
                    rows.remove(ref);
                    expected.put(ref, Finding.Kind.DELETED_WITHOUT_TRACE);
                }
                default -> {
                    // Versions written while capture was bypassed, the last of them captured again.
                    rows.put(ref, new RowDigest(row.resourceType(), ref, row.version() + 1 + random.nextInt(3),
                            row.contentHash()));
                    expected.put(ref, Finding.Kind.HISTORY_GAP);
                }
            }
        }
        int inserts = random.nextInt(10);
        for (int i = 0; i < inserts; i++) {
            Hash ref = hash(10_000_000L + i, "ref");
            rows.put(ref, new RowDigest("Patient", ref, 1, hash(i, "inserted")));
            expected.put(ref, Finding.Kind.INSERTED_WITHOUT_TRACE);
        }
        // A record the chain saw deleted, back in the database behind capture's back.
        Hash revived = chain.get(count).recordRef();
        rows.put(revived, new RowDigest("Condition", revived, 3, hash(1, "revived")));
        expected.put(revived, Finding.Kind.INSERTED_WITHOUT_TRACE);

        IntegrityAudit audit = new IntegrityAudit(chain);
        Map<Hash, Finding.Kind> found = new HashMap<>();
        List<RowDigest> stream = new ArrayList<>(rows.values());
        Collections.shuffle(stream, new java.util.Random(seed + 1));
        for (RowDigest row : stream) {
            audit.check(row).ifPresent(f -> found.put(f.recordRef(), f.kind()));
        }
        for (Finding finding : audit.finish()) {
            assertTrue(finding.row().isEmpty());
            found.put(finding.recordRef(), finding.kind());
        }
        assertEquals(expected, found, "seed " + seed);
        assertEquals(rows.size(), audit.rows());
        assertEquals(expected.size(), audit.counts().values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void eachFindingExplainsItselfWithPseudonymsAndHashesOnly() {
        ChainRecord record = live(7, 2);
        IntegrityAudit audit = new IntegrityAudit(List.of(record));
        RowDigest changed = new RowDigest("Observation", record.recordRef(), 2, hash(1, "other"));
        Finding finding = audit.check(changed).orElseThrow();
        assertEquals(Finding.Kind.CHANGED_WITHOUT_TRACE, finding.kind());
        assertEquals(Optional.of(record), finding.chain());
        assertTrue(finding.explanation().contains(record.recordRef().toHex().substring(0, 16)));
        assertTrue(finding.explanation().contains(record.contentHash().toHex().substring(0, 12)));
        assertTrue(audit.finish().isEmpty());
        assertThrows(IllegalStateException.class, () -> audit.check(changed));
    }

    @Test
    void aRowMatchingTheChainAndItsVersionsIsNoFinding() {
        ChainRecord record = live(3, 3);
        IntegrityAudit audit = new IntegrityAudit(List.of(record));
        assertFalse(audit.check(rowOf(record)).isPresent());
        assertTrue(audit.finish().isEmpty());
        assertEquals(Map.of(), audit.counts());
    }

    @Test
    void aRowCheckedTwiceOrAChainListingWithARecordTwiceIsRefused() {
        ChainRecord record = live(1, 1);
        IntegrityAudit audit = new IntegrityAudit(List.of(record));
        audit.check(rowOf(record));
        assertThrows(IllegalArgumentException.class, () -> audit.check(rowOf(record)));
        assertThrows(IllegalArgumentException.class, () -> new IntegrityAudit(List.of(record, record)));
    }
}
