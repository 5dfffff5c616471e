package org.carechain.ehr.audit;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    private final Map<Hash, ChainRecord> chain;
    private final Set<Hash> seen = new HashSet<>();
    private final Map<Finding.Kind, Integer> counts = new EnumMap<>(Finding.Kind.class);
    private long rows;
    private boolean finished;

    /** @param chainRecords the provider's records as the chain last saw them */
    public IntegrityAudit(Iterable<ChainRecord> chainRecords) {
        this.chain = new HashMap<>();
        for (ChainRecord record : chainRecords) {
            if (chain.put(record.recordRef(), record) != null) {
                throw new IllegalArgumentException("the chain listing names record " + record.resourceType() + "/"
                        + record.recordRef().toHex().substring(0, 16) + " twice");
            }
        }
    }

    /** Checks one row; the row's finding, if any. */
    public Optional<Finding> check(RowDigest row) {
        if (finished) {
            throw new IllegalStateException("the audit is finished");
        }
        rows++;
        if (!seen.add(row.recordRef())) {
            throw new IllegalArgumentException("row " + row.resourceType() + "/" + row.recordRef().toHex().substring(0, 16)
                    + " was checked twice");
        }
        ChainRecord onChain = chain.get(row.recordRef());
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
        for (ChainRecord record : chain.values()) {
            if (record.live() && !seen.contains(record.recordRef())) {
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
        return chain.size();
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
