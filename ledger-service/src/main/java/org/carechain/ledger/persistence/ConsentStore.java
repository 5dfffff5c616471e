package org.carechain.ledger.persistence;

import com.google.protobuf.InvalidProtocolBufferException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.chain.Block;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.consent.RecordedGrant;
import org.carechain.ledger.interop.ConsentCodec;
import org.carechain.proto.consent.v1.AccessEvent;
import org.jboss.logging.Logger;

/**
 * Consent and access as derived from the ehr channel: every grant with its revocation
 * ({@code ledger_consent_grant}) and every access event ({@code ledger_access_event}), written with
 * the block that causes them. A revocation ends the grant it names if that grant is the same
 * patient's and committed at or below the revocation's height; otherwise it changes nothing.
 */
public final class ConsentStore {

    private static final Logger LOG = Logger.getLogger(ConsentStore.class);

    private static final String GRANT_COLUMNS = "tx_hash, height, body, revoked_tx_hash, revoked_height, revoked_at_millis";

    private final Pool pool;

    public ConsentStore(Pool pool) {
        this.pool = pool;
    }

    /** An access event as stored: where it sits in the chain, and the event. */
    public record StoredAccess(long logIndex, long height, Hash transactionHash, AccessEvent event) {}

    /** Which access events to list: by patient or by a provider on either side, in a time range. */
    public record AccessQuery(Optional<Hash> patient, Optional<String> provider, long fromMillis, long toMillis,
            long afterLogIndex, int limit) {}

    /** Writes the consent and access rows a block causes, through the block's own database transaction. */
    public Uni<Void> apply(SqlClient client, Block block, long firstLogIndex) {
        String channel = block.header().channel().id();
        long height = block.header().height();
        List<Tuple> grants = new ArrayList<>();
        List<Tuple> revocations = new ArrayList<>();
        List<Tuple> accesses = new ArrayList<>();
        List<Transaction> transactions = block.transactions();
        for (int i = 0; i < transactions.size(); i++) {
            Transaction transaction = transactions.get(i);
            Optional<ConsentCodec.Parsed> parsed;
            try {
                parsed = ConsentCodec.parse(transaction);
            } catch (IllegalArgumentException e) {
                // Admission refuses these; a block holding one anyway gets no rows for it on any node.
                LOG.warnf("block %d of channel %s holds a malformed consent payload at position %d; it has no effect",
                        height, channel, i);
                continue;
            }
            if (parsed.isEmpty()) {
                continue;
            }
            Buffer txHash = buffer(transaction.hash());
            long logIndex = firstLogIndex + i;
            ConsentCodec.Parsed payload = parsed.get();
            if (payload instanceof ConsentCodec.Grant grant) {
                grants.add(Tuple.of(channel, txHash, buffer(grant.patientRef()), height, logIndex,
                        Buffer.buffer(ConsentCodec.proto(grant.grant()).toByteArray())));
            } else if (payload instanceof ConsentCodec.Revocation revocation) {
                revocations.add(Tuple.of(channel, buffer(revocation.grantTransaction()), buffer(revocation.patientRef()),
                        txHash, height, revocation.revokedAtMillis()));
            } else if (payload instanceof ConsentCodec.Access access) {
                accesses.add(Tuple.tuple(List.of(channel, logIndex, txHash, height, buffer(access.patientRef()),
                        access.event().getServingProvider(), access.event().getRequestingProvider(),
                        access.event().getAtMillis(), Buffer.buffer(access.event().toByteArray()))));
            }
        }
        Uni<Void> done = Uni.createFrom().voidItem();
        if (!grants.isEmpty()) {
            done = done.flatMap(ignored -> client.preparedQuery("INSERT INTO ledger_consent_grant "
                    + "(channel, tx_hash, patient_ref, height, log_index, body) VALUES ($1, $2, $3, $4, $5, $6)")
                    .executeBatch(grants).replaceWithVoid());
        }
        if (!revocations.isEmpty()) {
            done = done.flatMap(ignored -> client.preparedQuery("UPDATE ledger_consent_grant SET revoked_tx_hash = $4, "
                    + "revoked_height = $5, revoked_at_millis = $6 WHERE channel = $1 AND tx_hash = $2 AND patient_ref = $3 "
                    + "AND revoked_tx_hash IS NULL AND height <= $5")
                    .executeBatch(revocations).replaceWithVoid());
        }
        if (!accesses.isEmpty()) {
            done = done.flatMap(ignored -> client.preparedQuery("INSERT INTO ledger_access_event (channel, log_index, "
                    + "tx_hash, height, patient_ref, serving_provider, requesting_provider, at_millis, body) "
                    + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                    .executeBatch(accesses).replaceWithVoid());
        }
        return done;
    }

    /** Every grant of the patient committed at or below {@code height}, with revocations at or below it. */
    public Uni<List<RecordedGrant>> grants(Channel channel, Hash patient, long height) {
        return pool.preparedQuery("SELECT " + GRANT_COLUMNS + " FROM ledger_consent_grant "
                        + "WHERE channel = $1 AND patient_ref = $2 AND height <= $3 ORDER BY height, log_index")
                .execute(Tuple.of(channel.id(), buffer(patient), height))
                .map(rows -> {
                    List<RecordedGrant> grants = new ArrayList<>(rows.size());
                    rows.forEach(row -> grants.add(recorded(row, height)));
                    return grants;
                });
    }

    /** One grant by its transaction, as of now. */
    public Uni<Optional<RecordedGrant>> grant(Channel channel, Hash transactionHash) {
        return pool.preparedQuery("SELECT " + GRANT_COLUMNS + " FROM ledger_consent_grant WHERE channel = $1 AND tx_hash = $2")
                .execute(Tuple.of(channel.id(), buffer(transactionHash)))
                .map(rows -> rows.size() == 0 ? Optional.<RecordedGrant>empty()
                        : Optional.of(recorded(rows.iterator().next(), Long.MAX_VALUE)));
    }

    /** A page of access events, in log order. */
    public Uni<List<StoredAccess>> accesses(Channel channel, AccessQuery query) {
        String where = "channel = $1 AND at_millis >= $2 AND at_millis < $3 AND log_index > $4";
        Uni<RowSet<Row>> rows;
        if (query.patient().isPresent()) {
            rows = pool.preparedQuery("SELECT log_index, height, tx_hash, body FROM ledger_access_event WHERE " + where
                            + " AND patient_ref = $5 ORDER BY log_index LIMIT $6")
                    .execute(Tuple.of(channel.id(), query.fromMillis(), query.toMillis(), query.afterLogIndex(),
                            buffer(query.patient().get()), query.limit()));
        } else if (query.provider().isPresent()) {
            rows = pool.preparedQuery("SELECT log_index, height, tx_hash, body FROM ledger_access_event WHERE " + where
                            + " AND (serving_provider = $5 OR requesting_provider = $5) ORDER BY log_index LIMIT $6")
                    .execute(Tuple.of(channel.id(), query.fromMillis(), query.toMillis(), query.afterLogIndex(),
                            query.provider().get(), query.limit()));
        } else {
            rows = pool.preparedQuery("SELECT log_index, height, tx_hash, body FROM ledger_access_event WHERE " + where
                            + " ORDER BY log_index LIMIT $5")
                    .execute(Tuple.of(channel.id(), query.fromMillis(), query.toMillis(), query.afterLogIndex(),
                            query.limit()));
        }
        return rows.map(found -> {
            List<StoredAccess> accesses = new ArrayList<>(found.size());
            for (Row row : found) {
                try {
                    accesses.add(new StoredAccess(row.getLong("log_index"), row.getLong("height"),
                            Hash.of(row.getBuffer("tx_hash").getBytes()), AccessEvent.parseFrom(row.getBuffer("body").getBytes())));
                } catch (InvalidProtocolBufferException e) {
                    throw new TamperedStoreException(channel, "a stored access event no longer parses");
                }
            }
            return accesses;
        });
    }

    private static RecordedGrant recorded(Row row, long asOfHeight) {
        Hash txHash = Hash.of(row.getBuffer("tx_hash").getBytes());
        org.carechain.ledger.core.consent.ConsentGrant grant;
        try {
            grant = ConsentCodec.grant(org.carechain.proto.consent.v1.ConsentGrant.parseFrom(row.getBuffer("body").getBytes()));
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            throw new TamperedStoreException(Channel.EHR, "a stored consent grant no longer parses");
        }
        RecordedGrant recorded = RecordedGrant.active(txHash, row.getLong("height"), grant);
        Long revokedHeight = row.getLong("revoked_height");
        if (revokedHeight != null && revokedHeight <= asOfHeight) {
            recorded = recorded.revoke(new RecordedGrant.Revoked(Hash.of(row.getBuffer("revoked_tx_hash").getBytes()),
                    revokedHeight, row.getLong("revoked_at_millis")));
        }
        return recorded;
    }

    private static Buffer buffer(Hash hash) {
        return Buffer.buffer(hash.toByteArray());
    }
}
