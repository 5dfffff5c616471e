package org.carechain.registration.store;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Function;
import org.carechain.crypto.Hash;
import org.carechain.proto.registration.v1.RegistrationStatus;
import org.carechain.proto.registration.v1.Role;
import org.carechain.proto.registration.v1.StatusReason;
import org.carechain.registration.identity.Rid;

/** The registration tables (V1__registration.sql), through the reactive PostgreSQL client. */
@ApplicationScoped
public class RegistrationStore {

    private static final String COLUMNS = "r.rid, r.identity_commitment, r.role, r.organization, r.status, r.version, "
            + "v.reason, r.ciphertext_hash, r.credential_expires_at, r.enrolled_at, r.updated_at";
    private static final String FROM = " FROM registration r JOIN registration_version v "
            + "ON v.rid = r.rid AND v.version = r.version WHERE r.rid = $1";

    @Inject
    Pool pool;

    /** Runs {@code work} in one database transaction, rolled back if it fails. */
    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    public Uni<Boolean> commitmentExists(SqlClient client, Hash commitment) {
        return client.preparedQuery("SELECT 1 FROM registration WHERE identity_commitment = $1")
                .execute(Tuple.of(buffer(commitment.toByteArray())))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Void> insert(SqlClient client, RegistrationRow row, byte[] identityEnvelope) {
        return client.preparedQuery("INSERT INTO registration (rid, identity_commitment, role, organization, status, "
                        + "version, identity_envelope, ciphertext_hash, credential_expires_at, enrolled_at, updated_at) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                .execute(Tuple.tuple()
                        .addValue(buffer(row.rid().toByteArray()))
                        .addValue(buffer(row.identityCommitment().toByteArray()))
                        .addString(row.role().name())
                        .addString(row.organization())
                        .addString(row.status().name())
                        .addInteger(row.version())
                        .addValue(buffer(identityEnvelope))
                        .addValue(buffer(row.ciphertextHash().toByteArray()))
                        .addOffsetDateTime(utc(row.credentialExpiresAt()))
                        .addOffsetDateTime(utc(row.enrolledAt()))
                        .addOffsetDateTime(utc(row.updatedAt())))
                .replaceWithVoid();
    }

    /** Moves the registration to a new status and record version. */
    public Uni<Void> updateStatus(SqlClient client, Rid rid, RegistrationStatus status, int version, Instant at) {
        return client.preparedQuery("UPDATE registration SET status = $2, version = $3, updated_at = $4 WHERE rid = $1")
                .execute(Tuple.of(buffer(rid.toByteArray()), status.name(), version, utc(at)))
                .replaceWithVoid();
    }

    public Uni<Void> updateCredentialExpiry(SqlClient client, Rid rid, Instant expiresAt) {
        return client.preparedQuery("UPDATE registration SET credential_expires_at = $2 WHERE rid = $1")
                .execute(Tuple.of(buffer(rid.toByteArray()), utc(expiresAt)))
                .replaceWithVoid();
    }

    public Uni<Void> insertVersion(SqlClient client, Rid rid, int version, RegistrationStatus status, StatusReason reason,
            String idempotencyKey, Hash transactionHash, String actor, Instant at) {
        return client.preparedQuery("INSERT INTO registration_version (rid, version, status, reason, idempotency_key, "
                        + "transaction_hash, actor, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.tuple()
                        .addValue(buffer(rid.toByteArray()))
                        .addInteger(version)
                        .addString(status.name())
                        .addString(reason.name())
                        .addString(idempotencyKey)
                        .addValue(buffer(transactionHash.toByteArray()))
                        .addString(actor.length() <= 128 ? actor : actor.substring(0, 128))
                        .addOffsetDateTime(utc(at)))
                .replaceWithVoid();
    }

    /** The registration, locked until the transaction ends so that status changes are serialised. */
    public Uni<Optional<RegistrationRow>> findForUpdate(SqlConnection connection, Rid rid) {
        return connection.preparedQuery("SELECT " + COLUMNS + FROM + " FOR UPDATE OF r")
                .execute(Tuple.of(buffer(rid.toByteArray())))
                .map(RegistrationStore::first);
    }

    /** The sealed identity of a registration, for an approved trace. */
    public Uni<Optional<byte[]>> identityEnvelope(Rid rid) {
        return pool.preparedQuery("SELECT identity_envelope FROM registration WHERE rid = $1")
                .execute(Tuple.of(buffer(rid.toByteArray())))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getBuffer("identity_envelope").getBytes()));
    }

    public Uni<Optional<RegistrationRow>> find(Rid rid) {
        return pool.preparedQuery("SELECT " + COLUMNS + FROM)
                .execute(Tuple.of(buffer(rid.toByteArray())))
                .map(RegistrationStore::first);
    }

    private static Optional<RegistrationRow> first(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Optional.empty();
        }
        Row row = rows.iterator().next();
        return Optional.of(new RegistrationRow(
                Rid.of(row.getBuffer("rid").getBytes()),
                Hash.of(row.getBuffer("identity_commitment").getBytes()),
                Role.valueOf(row.getString("role")),
                row.getString("organization"),
                RegistrationStatus.valueOf(row.getString("status")),
                row.getInteger("version"),
                StatusReason.valueOf(row.getString("reason")),
                Hash.of(row.getBuffer("ciphertext_hash").getBytes()),
                row.getOffsetDateTime("credential_expires_at").toInstant(),
                row.getOffsetDateTime("enrolled_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant()));
    }

    /** The core (not Mutiny) buffer: the SQL client encodes only that type as bytea. */
    private static Buffer buffer(byte[] bytes) {
        return Buffer.buffer(bytes);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
