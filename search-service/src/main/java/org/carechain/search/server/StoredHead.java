package org.carechain.search.server;

import java.util.List;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.MerkleFrontier;

/**
 * An owner's row of {@code search_log_head}: the head it answers, the frontier the next push
 * appends to, and what identifies the last push ({@code batchDigest} is null before the first).
 */
public record StoredHead(long epoch, long baseLogSize, long logSize, Hash logRoot, List<Hash> frontier, Hash batchDigest) {

    static final StoredHead EMPTY = new StoredHead(0, 0, 0, LogHead.EMPTY.root(), List.of(), null);

    public LogHead head() {
        return new LogHead(epoch, logSize, logRoot);
    }

    /** The log's right edge, ready to append the next push. */
    public MerkleFrontier resumeFrontier() {
        return MerkleFrontier.resume(logSize, frontier);
    }
}
