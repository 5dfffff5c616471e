package org.carechain.ledger.chain;

/**
 * The heights and the number of points a significance-history request asks for, checked where the
 * request enters (gRPC or REST).
 *
 * @param to the last height, or 0 for the latest committed height
 */
public record HistoryRange(long from, long to, int limit) {

    /** The most points one answer holds, and the default. */
    public static final int MAX_LIMIT = 1000;

    /**
     * @param limit 0 for {@link #MAX_LIMIT}
     * @throws IllegalArgumentException naming what is out of range
     */
    public static HistoryRange of(long from, long to, int limit) {
        if (from < 1) {
            throw new IllegalArgumentException("from height must be at least 1");
        }
        if (to < 0 || (to != 0 && to < from)) {
            throw new IllegalArgumentException("to height must be 0 (the latest) or at least the from height");
        }
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + " (0 for " + MAX_LIMIT + ")");
        }
        return new HistoryRange(from, to, limit == 0 ? MAX_LIMIT : limit);
    }

    /** The last height to read, given the latest committed one. */
    public long toOr(long latest) {
        return to == 0 ? latest : Math.min(to, latest);
    }
}
