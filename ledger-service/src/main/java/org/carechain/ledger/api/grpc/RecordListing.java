package org.carechain.ledger.api.grpc;

import io.smallrye.mutiny.Multi;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.carechain.ledger.node.ChannelRuntime;
import org.carechain.ledger.persistence.RecordIndexStore;
import org.carechain.ledger.persistence.RecordIndexStore.RecordState;

/**
 * One provider's records, a page at a time in key order, read from the store only when the
 * subscriber asks for the next page; it ends after the last page.
 */
final class RecordListing {

    static final int PAGE = 2_000;

    private RecordListing() {}

    static Multi<List<RecordState>> of(ChannelRuntime channel, String provider) {
        AtomicReference<Optional<RecordIndexStore.Cursor>> after = new AtomicReference<>(Optional.empty());
        return Multi.createBy().repeating()
                .uni(() -> channel.records().records(channel.channel(), provider, after.get(), PAGE)
                        .invoke(page -> {
                            if (!page.isEmpty()) {
                                RecordState last = page.get(page.size() - 1);
                                after.set(Optional.of(new RecordIndexStore.Cursor(last.resourceType(), last.recordRef())));
                            }
                        }))
                .whilst(page -> page.size() == PAGE)
                .filter(page -> !page.isEmpty());
    }
}
