package org.carechain.ledger.node;

import io.smallrye.mutiny.Multi;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.carechain.ledger.persistence.BlockStore;
import org.carechain.ledger.persistence.TamperedStoreException;

/**
 * A channel's committed blocks from a height on: those stored, then each new one as it commits,
 * until the subscriber cancels. Blocks are always read from the store, a page at a time and only
 * when the subscriber asks for more, so a reader far behind catches up from the database and a
 * slow one holds at most one page in memory.
 */
public final class BlockStream {

    static final int PAGE = 16;

    private BlockStream() {}

    public static Multi<BlockStore.StoredBlock> from(ChannelRuntime channel, long fromHeight) {
        if (fromHeight < 1) {
            throw new IllegalArgumentException("from height must be at least 1");
        }
        AtomicLong next = new AtomicLong(fromHeight);
        return Multi.createBy().repeating()
                .uni(() -> channel.commits().awaitHeight(next.get())
                        .flatMap(committed -> channel.blocks().blocks(channel.channel(), next.get(), PAGE))
                        .invoke(page -> next.set(checkedNext(channel, next.get(), page))))
                .indefinitely()
                .onItem().disjoint();
    }

    /** The height after the page; refuses a page with a gap, which only a damaged store gives. */
    private static long checkedNext(ChannelRuntime channel, long expected, List<BlockStore.StoredBlock> page) {
        if (page.isEmpty()) {
            throw new TamperedStoreException(channel.channel(), "committed block " + expected + " is missing");
        }
        for (BlockStore.StoredBlock stored : page) {
            if (stored.block().header().height() != expected) {
                throw new TamperedStoreException(channel.channel(), "committed block " + expected + " is missing");
            }
            expected++;
        }
        return expected;
    }
}
