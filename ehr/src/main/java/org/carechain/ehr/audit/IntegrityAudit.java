package org.carechain.ehr.audit;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carechain.crypto.Hash;

/**
 * Compares a provider's database with the chain, one row at a time. Pure and single-threaded:
 * the caller streams the rows in any order through {@link #check}, then asks {@link #finish} for
 * what the chain holds that no row matched.
 *
 * <p>The rules, for a row and the chain's latest event for its record:
 * <ul>
 *   <li>no event, or a DELETE: the row was inserted behind capture's back;
 *   <li>another content hash: the row was changed behind capture's back;
 *   <li>the same content hash but fewer versions on the chain than the row's version: versions
 *       were written while capture was bypassed (a history gap);
 *   <li>a live record with no row: the row was deleted behind capture's back.
 * </ul>
 */
public final class IntegrityAudit {

    // One entry per record ref, on the chain or in a row: a row costs one lookup, not two.
    private final Map<Hash, Entry> entries;
    private final int chainRecords;
    private final Map<Finding.Kind, Integer> counts = new EnumMap<>(Finding.Kind.class);
    private long rows;
    private boolean finished;

    /** @param chainRecords the provider's records as the chain last saw them */
    public IntegrityAudit(Iterable<ChainRecord> chainRecords) {
        // Sized up front when the listing's size is known: a million records would otherwise make it double 16 times.
        int expected = chainRecords instanceof java.util.Collection<?> records ? records.size() : 16;
        this.entries = new HashMap<>((int) Math.min(1 << 30, expected / 0.75 + 1));
        for (ChainRecord record : chainRecords) {
            if (entries.put(record.recordRef(), new Entry(record)) != null) {
                throw new IllegalArgumentException("the chain listing names record " + record.resourceType() + "/"
                        + record.recordRef().toHex().substring(0, 16) + " twice");
            }
        }
        this.chainRecords = entries.size();
    }

    /** A record on the chain (or null: only a row), and whether a row has been checked against it. */
    private static final class Entry {
        final ChainRecord onChain;
        boolean seen;

        Entry(ChainRecord onChain) {
            this.onChain = onChain;
        }
    }

    /** Checks one row; the row's finding, if any. */
    public Optional<Finding> check(RowDigest row) {
        if (finished) {
            throw new IllegalStateException("the audit is finished");
        }
        rows++;
        Entry entry = entries.get(row.recordRef());
        if (entry == null) {
            entry = new Entry(null);
            entries.put(row.recordRef(), entry);
        } else if (entry.seen) {
            throw new IllegalArgumentException("row " + row.resourceType() + "/" + row.recordRef().toHex().substring(0, 16)
                    + " was checked twice");
        }
        entry.seen = true;
        ChainRecord onChain = entry.onChain;
        Finding.Kind kind;
        if (onChain == null || !onChain.live() || !onChain.resourceType().equals(row.resourceType())) {
            kind = Finding.Kind.INSERTED_WITHOUT_TRACE;
        } else if (!onChain.contentHash().equals(row.contentHash())) {
            kind = Finding.Kind.CHANGED_WITHOUT_TRACE;
        } else if (onChain.versions() < row.version()) {
            kind = Finding.Kind.HISTORY_GAP;
        } else {
            return Optional.empty();
        }
        return Optional.of(found(new Finding(kind, row.resourceType(), row.recordRef(), Optional.ofNullable(onChain),
                Optional.of(row))));
    }

    /** Every record the chain holds live that no row matched; call once, after the last row. */
    public List<Finding> finish() {
        if (finished) {
            throw new IllegalStateException("the audit is finished");
        }
        finished = true;
        List<Finding> deleted = new ArrayList<>();
        for (Entry entry : entries.values()) {
            ChainRecord record = entry.onChain;
            if (record != null && record.live() && !entry.seen) {
                deleted.add(found(new Finding(Finding.Kind.DELETED_WITHOUT_TRACE, record.resourceType(),
                        record.recordRef(), Optional.of(record), Optional.empty())));
            }
        }
        deleted.sort(java.util.Comparator.comparing(Finding::resourceType)
                .thenComparing(f -> f.recordRef().toHex()));
        return deleted;
    }

    /** Rows checked so far. */
    public long rows() {
        return rows;
    }

    /** Records the chain holds. */
    public int chainRecords() {
        return chainRecords;
    }

    /** Findings so far, by kind. */
    public Map<Finding.Kind, Integer> counts() {
        return Map.copyOf(counts);
    }

    private Finding found(Finding finding) {
        counts.merge(finding.kind(), 1, Integer::sum);
        return finding;
    }
}
