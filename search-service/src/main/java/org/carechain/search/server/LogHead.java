package org.carechain.search.server;

import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.Rfc6962Hasher;

/** An owner's update log as of its last applied epoch: what PutUpdates and GetLogHead answer. */
public record LogHead(long epoch, long size, Hash root) {

    /** Before the owner's first push. */
    public static final LogHead EMPTY = new LogHead(0, 0, Rfc6962Hasher.EMPTY_ROOT);
}
