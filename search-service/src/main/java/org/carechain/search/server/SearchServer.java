package org.carechain.search.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.MerkleFrontier;
import org.carechain.crypto.merkle.Rfc6962Hasher;
import org.carechain.crypto.sse.Entry;
import org.carechain.proto.search.v1.PutUpdatesRequest;

/**
 * Server mode: stores owners' encrypted entries in an append-only RFC 6962 update log and answers
 * searches by label. It never sees a keyword or a record id, and it keeps no state in memory
 * beyond configuration: every push reads the owner's head and frontier from the database under a
 * row lock, so a restart or a second replica simply carries on.
 */
@ApplicationScoped
public class SearchServer {

    /** Labels in one search: a keyword's whole token, with room beyond the largest probe list. */
    public static final int MAX_SEARCH_LABELS = 20_000;

    @Inject
    SearchServerConfig config;

    @Inject
    HostedOwners owners;

    @Inject
    SearchServerStore store;

    @Inject
    MeterRegistry registry;

    private final Map<String, Counter> storedCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> queryCounters = new ConcurrentHashMap<>();

    /** One entry found by a search, under the label that was asked for. */
    public record Found(byte[] label, byte[] value) {}

    /** The head after a push, and how many entries it appended (0 for a retry of the last push). */
    public record Applied(LogHead head, int appended) {}

    /**
     * Verifies and applies one owner's push in one transaction.
     *
     * @return a failed Uni with {@link SearchServerException} for a push that is refused; nothing
     *     is stored then
     */
    public Uni<Applied> putUpdates(PutUpdatesRequest request) {
        requireEnabled();
        // Hashing and checking up to 100,000 entries is CPU work: keep it off the event loop.
        return Uni.createFrom().item(() -> VerifiedPush.verify(request, owners))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(push -> store.inTransaction(connection -> apply(connection, push)))
                .invoke(applied -> counter(storedCounters, "carechain.search.entries.stored", request.getOwner())
                        .increment(applied.appended()));
    }

    private Uni<Applied> apply(SqlConnection connection, VerifiedPush push) {
        return store.lockHead(connection, push.owner()).chain(head -> {
            if (push.repeats(head)) {
                return Uni.createFrom().item(new Applied(head.head(), 0));
            }
            checkExtends(push, head);
            MerkleFrontier frontier = head.resumeFrontier();
            Rfc6962Hasher hasher = Rfc6962Hasher.create();
            for (Entry entry : push.entries()) {
                frontier.append(hasher.hashLeaf(entry.leafData()));
            }
            LogHead next = new LogHead(push.epoch(), frontier.size(), frontier.root());
            List<Hash> edge = frontier.nodes().stream().map(MerkleFrontier.StoredNode::hash).toList();
            return store.insertEntries(connection, push.owner(), head.logSize(), push.entries())
                    .chain(() -> store.advance(connection, push, next, edge))
                    .replaceWith(new Applied(next, push.entries().size()));
        });
    }

    /** The owner's head; epoch 0, size 0 and the empty-tree root before its first push. */
    public Uni<LogHead> head(String owner) {
        requireEnabled();
        requireHosted(owner);
        return store.head(owner).map(StoredHead::head);
    }

    /**
     * The entries stored under {@code labels}, in the order asked; a label the server does not hold
     * is left out (the user detects that through the owner's signed digest).
     */
    public Uni<List<Found>> search(String owner, List<byte[]> labels) {
        requireEnabled();
        requireHosted(owner);
        if (labels.size() > MAX_SEARCH_LABELS) {
            throw SearchServerException.badRequest("labels: at most " + MAX_SEARCH_LABELS + " per search");
        }
        Buffer[] asked = new Buffer[labels.size()];
        for (int i = 0; i < asked.length; i++) {
            byte[] label = labels.get(i);
            if (label == null || label.length != Entry.LABEL_SIZE) {
                throw SearchServerException.badRequest("labels[" + i + "]: must be " + Entry.LABEL_SIZE + " bytes");
            }
            asked[i] = SearchServerStore.buffer(label);
        }
        counter(queryCounters, "carechain.search.queries", owner).increment();
        if (asked.length == 0) {
            return Uni.createFrom().item(List.of());
        }
        return store.find(owner, asked).map(found -> {
            List<Found> ordered = new ArrayList<>(found.size());
            for (byte[] label : labels) {
                byte[] value = found.get(ByteBuffer.wrap(label));
                if (value != null) {
                    ordered.add(new Found(label, value));
                }
            }
            return ordered;
        });
    }

    private void checkExtends(VerifiedPush push, StoredHead head) {
        if (push.baseLogSize() != head.logSize()) {
            throw SearchServerException.conflict("base_log_size: is " + push.baseLogSize() + " but the log holds "
                    + head.logSize() + " entries");
        }
        if (push.epoch() <= head.epoch()) {
            throw SearchServerException.conflict("epoch: must be greater than the last applied epoch, " + head.epoch());
        }
    }

    private void requireEnabled() {
        if (!config.enabled()) {
            throw SearchServerException.disabled();
        }
    }

    private void requireHosted(String owner) {
        if (!owners.hosts(owner)) {
            throw SearchServerException.unknownOwner();
        }
    }

    private Counter counter(Map<String, Counter> counters, String name, String owner) {
        // Owners are the configured provider ids, never PHI, and few.
        return counters.computeIfAbsent(owner, o -> registry.counter(name, "owner", o));
    }
}
