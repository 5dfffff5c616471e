package org.carechain.certificate.chain;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.carechain.crypto.Hash;

/** The certificate tables (V1__certificate.sql), through the reactive PostgreSQL client. */
@ApplicationScoped
public class CbcStore {

    private static final String CHANNEL = "cbc";
    private static final String CHAIN_COLUMNS = "certificate_hash, issuer_ca, serial, pseudonym, not_after, issued_at, "
            + "height, revoked_at, revocation_reason";

    @Inject
    Pool pool;

    /** A certificate as the cbc channel knows it. */
    public record ChainCertificate(Hash certificateHash, String issuerCa, String serial, String pseudonym,
            Instant notAfter, Instant issuedAt, long height, Optional<Instant> revokedAt, int revocationReason) {
        public boolean revoked() {
            return revokedAt.isPresent();
        }
    }

    /** A certificate this CA issued. */
    public record IssuedCertificate(String serial, Hash certificateHash, String pseudonym, byte[] der, Instant notAfter,
            Instant issuedAt, Hash transactionHash) {}

    /** How far the derived tables are, and the trust bundle's update count at that height. */
    public record Progress(long height, long bundleSequence) {}

    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    public Uni<Progress> progress() {
        return pool.preparedQuery("SELECT height, bundle_sequence FROM cbc_progress WHERE channel = $1")
                .execute(Tuple.of(CHANNEL))
                .map(rows -> rows.size() == 0 ? new Progress(0, 0)
                        : new Progress(rows.iterator().next().getLong("height"),
                                rows.iterator().next().getLong("bundle_sequence")));
    }

    public Uni<Void> setProgress(SqlClient client, Progress progress) {
        return client.preparedQuery("INSERT INTO cbc_progress (channel, height, bundle_sequence) VALUES ($1, $2, $3) "
                        + "ON CONFLICT (channel) DO UPDATE SET height = $2, bundle_sequence = $3")
                .execute(Tuple.of(CHANNEL, progress.height(), progress.bundleSequence()))
                .replaceWithVoid();
    }

    /**
     * Records a block's issuances in one statement; a second record for the same certificate or
     * serial is ignored. Returns the certificates that were new.
     */
    public Uni<List<ChainCertificate>> insertChainCertificates(SqlClient client, List<ChainCertificate> certificates) {
        if (certificates.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int size = certificates.size();
        Buffer[] hashes = new Buffer[size];
        String[] issuers = new String[size];
        String[] serials = new String[size];
        String[] pseudonyms = new String[size];
        OffsetDateTime[] notAfter = new OffsetDateTime[size];
        OffsetDateTime[] issuedAt = new OffsetDateTime[size];
        for (int i = 0; i < size; i++) {
            ChainCertificate certificate = certificates.get(i);
            hashes[i] = buffer(certificate.certificateHash().toByteArray());
            issuers[i] = certificate.issuerCa();
            serials[i] = certificate.serial();
            pseudonyms[i] = certificate.pseudonym();
            notAfter[i] = utc(certificate.notAfter());
            issuedAt[i] = utc(certificate.issuedAt());
        }
        long height = certificates.get(0).height();
        return client.preparedQuery("INSERT INTO cbc_certificate (certificate_hash, issuer_ca, serial, pseudonym, "
                        + "not_after, issued_at, height) SELECT h, i, s, p, n, a, $7 FROM unnest($1::bytea[], "
                        + "$2::varchar[], $3::varchar[], $4::varchar[], $5::timestamptz[], $6::timestamptz[]) "
                        + "AS t(h, i, s, p, n, a) ON CONFLICT DO NOTHING RETURNING " + CHAIN_COLUMNS)
                .execute(Tuple.of(hashes, issuers, serials, pseudonyms, notAfter, issuedAt).addLong(height))
                .map(CbcStore::chainCertificates);
    }

    /**
     * Marks a certificate revoked and returns it; empty if it is unknown or already revoked (the
     * first revocation stands).
     */
    public Uni<Optional<ChainCertificate>> revoke(SqlClient client, Hash certificateHash, Instant at, int reason,
            long height) {
        return client.preparedQuery("UPDATE cbc_certificate SET revoked_at = $2, revocation_reason = $3, "
                        + "revoked_height = $4 WHERE certificate_hash = $1 AND revoked_at IS NULL RETURNING " + CHAIN_COLUMNS)
                .execute(Tuple.of(buffer(certificateHash.toByteArray()), utc(at), reason, height))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(chainCertificate(rows.iterator().next())));
    }

    public Uni<Optional<ChainCertificate>> chainCertificate(Hash certificateHash) {
        return pool.preparedQuery("SELECT " + CHAIN_COLUMNS + " FROM cbc_certificate WHERE certificate_hash = $1")
                .execute(Tuple.of(buffer(certificateHash.toByteArray())))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(chainCertificate(rows.iterator().next())));
    }

    /** Every certificate of one CA on chain, for the status index. */
    public Uni<List<ChainCertificate>> chainCertificatesOf(String issuerCa) {
        return pool.preparedQuery("SELECT " + CHAIN_COLUMNS + " FROM cbc_certificate WHERE issuer_ca = $1")
                .execute(Tuple.of(issuerCa))
                .map(CbcStore::chainCertificates);
    }

    /** One CA's revoked certificates that have not expired, for its CRL. */
    public Uni<List<ChainCertificate>> revokedOf(String issuerCa, Instant now) {
        return pool.preparedQuery("SELECT " + CHAIN_COLUMNS + " FROM cbc_certificate WHERE issuer_ca = $1 "
                        + "AND revoked_at IS NOT NULL AND not_after > $2 ORDER BY serial")
                .execute(Tuple.of(issuerCa, utc(now)))
                .map(CbcStore::chainCertificates);
    }

    public Uni<Void> replaceTrustRoots(SqlClient client, List<byte[]> roots, long height) {
        Uni<Void> cleared = client.query("DELETE FROM cbc_trust_root").execute().replaceWithVoid();
        for (byte[] der : roots) {
            cleared = cleared.chain(() -> client.preparedQuery(
                            "INSERT INTO cbc_trust_root (root_hash, der, added_height) VALUES ($1, $2, $3)")
                    .execute(Tuple.of(buffer(Hash.sha256(der).toByteArray()), buffer(der), height))
                    .replaceWithVoid());
        }
        return cleared;
    }

    public Uni<List<byte[]>> trustRoots() {
        return pool.query("SELECT der FROM cbc_trust_root ORDER BY root_hash").execute()
                .map(rows -> {
                    List<byte[]> roots = new ArrayList<>();
                    rows.forEach(row -> roots.add(row.getBuffer("der").getBytes()));
                    return roots;
                });
    }

    public Uni<Void> insertIssued(IssuedCertificate issued) {
        return pool.preparedQuery("INSERT INTO issued_certificate (serial, certificate_hash, pseudonym, der, not_after, "
                        + "issued_at, transaction_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.tuple()
                        .addString(issued.serial())
                        .addValue(buffer(issued.certificateHash().toByteArray()))
                        .addString(issued.pseudonym())
                        .addValue(buffer(issued.der()))
                        .addOffsetDateTime(utc(issued.notAfter()))
                        .addOffsetDateTime(utc(issued.issuedAt()))
                        .addValue(buffer(issued.transactionHash().toByteArray())))
                .replaceWithVoid();
    }

    public Uni<Void> deleteIssued(String serial) {
        return pool.preparedQuery("DELETE FROM issued_certificate WHERE serial = $1").execute(Tuple.of(serial))
                .replaceWithVoid();
    }

    public Uni<Optional<IssuedCertificate>> issued(String serial) {
        return pool.preparedQuery("SELECT serial, certificate_hash, pseudonym, der, not_after, issued_at, transaction_hash "
                        + "FROM issued_certificate WHERE serial = $1")
                .execute(Tuple.of(serial))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new IssuedCertificate(row.getString("serial"),
                            Hash.of(row.getBuffer("certificate_hash").getBytes()), row.getString("pseudonym"),
                            row.getBuffer("der").getBytes(), row.getOffsetDateTime("not_after").toInstant(),
                            row.getOffsetDateTime("issued_at").toInstant(),
                            Hash.of(row.getBuffer("transaction_hash").getBytes())));
                });
    }

    public Uni<Void> insertChallenge(byte[] challenge, Instant expiresAt) {
        return pool.preparedQuery("INSERT INTO auth_challenge (challenge, expires_at) VALUES ($1, $2)")
                .execute(Tuple.of(buffer(challenge), utc(expiresAt)))
                .replaceWithVoid();
    }

    /** Takes the challenge if it was issued and has not expired; a challenge can be taken once. */
    public Uni<Boolean> takeChallenge(byte[] challenge, Instant now) {
        return pool.preparedQuery("DELETE FROM auth_challenge WHERE challenge = $1 RETURNING expires_at")
                .execute(Tuple.of(buffer(challenge)))
                .map(rows -> rows.size() == 1 && rows.iterator().next().getOffsetDateTime("expires_at").toInstant().isAfter(now));
    }

    public Uni<Integer> deleteExpiredChallenges(Instant now) {
        return pool.preparedQuery("DELETE FROM auth_challenge WHERE expires_at <= $1")
                .execute(Tuple.of(utc(now)))
                .map(RowSet::rowCount);
    }

    private static List<ChainCertificate> chainCertificates(RowSet<Row> rows) {
        List<ChainCertificate> certificates = new ArrayList<>(rows.size());
        rows.forEach(row -> certificates.add(chainCertificate(row)));
        return certificates;
    }

    private static ChainCertificate chainCertificate(Row row) {
        OffsetDateTime revokedAt = row.getOffsetDateTime("revoked_at");
        Integer reason = row.getInteger("revocation_reason");
        return new ChainCertificate(Hash.of(row.getBuffer("certificate_hash").getBytes()), row.getString("issuer_ca"),
                row.getString("serial"), row.getString("pseudonym"), row.getOffsetDateTime("not_after").toInstant(),
                row.getOffsetDateTime("issued_at").toInstant(), row.getLong("height"),
                Optional.ofNullable(revokedAt).map(OffsetDateTime::toInstant), reason == null ? 0 : reason);
    }

    /** The core (not Mutiny) buffer: the SQL client encodes only that type as bytea. */
    private static Buffer buffer(byte[] bytes) {
        return Buffer.buffer(bytes);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
