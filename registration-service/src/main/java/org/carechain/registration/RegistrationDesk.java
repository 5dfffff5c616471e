package org.carechain.registration;

import com.google.protobuf.ByteString;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.regex.Pattern;
import org.carechain.crypto.Hash;
import org.carechain.crypto.escrow.IdentityEnvelope;
import org.carechain.proto.registration.v1.RegistrationCredential;
import org.carechain.proto.registration.v1.RegistrationRecord;
import org.carechain.proto.registration.v1.RegistrationStatus;
import org.carechain.proto.registration.v1.Role;
import org.carechain.proto.registration.v1.StatusReason;
import org.carechain.registration.chain.RbcLedger;
import org.carechain.service.credential.CredentialFormat;
import org.carechain.service.credential.Roles;
import org.carechain.registration.identity.Identity;
import org.carechain.registration.identity.Rid;
import org.carechain.registration.keys.RegistrationConfig;
import org.carechain.registration.keys.RegistrationKeys;
import org.carechain.registration.store.RegistrationRow;
import org.carechain.registration.store.RegistrationStore;
import org.jboss.logging.Logger;

/**
 * Enrolment and status changes. Each runs in one database transaction that also waits for the
 * ledger: the rows are written, the record version is submitted to {@code rbc}, and only when the
 * ledger accepted it does the transaction commit. If the ledger is unreachable or refuses, the
 * transaction rolls back, so there is never a registration here that is not on its way to the chain.
 * (The reverse, a record accepted by the ledger whose local commit then fails, leaves an orphan
 * record on chain that no credential refers to; a retried status change reuses its idempotency key.)
 */
@ApplicationScoped
public class RegistrationDesk {

    private static final Logger LOG = Logger.getLogger(RegistrationDesk.class);
    private static final Pattern ORGANIZATION = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}");
    private static final String UNIQUE_VIOLATION = "23505";

    @Inject
    RegistrationKeys keys;

    @Inject
    RegistrationConfig config;

    @Inject
    RegistrationStore store;

    @Inject
    RbcLedger ledger;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    /** What a registrar asks to change. */
    public enum StatusChange {
        SUSPEND, REVOKE, REINSTATE
    }

    /** An accepted enrolment: the registration and the credential handed to the person. */
    public record Enrolment(RegistrationRow registration, Hash transactionHash, RegistrationCredential credential) {}

    /** An accepted status change. */
    public record Changed(RegistrationRow registration, Hash transactionHash) {}

    /** @throws IllegalArgumentException unless {@code organization} is 1 to 63 characters of [a-z0-9.-] */
    public static String organization(String organization) {
        if (organization == null || !ORGANIZATION.matcher(organization).matches()) {
            throw new IllegalArgumentException(
                    "organization: must be 1 to 63 characters of [a-z0-9.-], starting with a letter or digit");
        }
        return organization;
    }

    public Clock clock() {
        return clock;
    }

    public Uni<Enrolment> enrol(Identity identity, Role role, String organization, String actor) {
        keys.requireConfigured();
        Hash commitment = keys.commitmentKey().commit(identity);
        IdentityEnvelope envelope = IdentityEnvelope.seal(identity.canonicalBytes(), keys.escrowKey(), random);
        Rid rid = Rid.random(random);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(config.credentialValidity());
        RegistrationRow row = new RegistrationRow(rid, commitment, role, organization,
                RegistrationStatus.REGISTRATION_STATUS_ACTIVE, 0, StatusReason.STATUS_REASON_ENROLLED,
                envelope.hash(), expiresAt, now, now);
        RegistrationRecord record = record(row, now);
        return store.inTransaction(connection -> store.commitmentExists(connection, commitment)
                        .invoke(exists -> {
                            if (exists) {
                                throw RegistrationException.duplicateIdentity();
                            }
                        })
                        // The unique commitment makes a concurrent enrolment of the same person wait here,
                        // then fail, while this one is with the ledger.
                        .chain(() -> store.insert(connection, row, envelope.toByteArray()))
                        .chain(() -> ledger.record(record, keys.submitterKey()))
                        .call(hash -> store.insertVersion(connection, rid, 0, row.status(), row.reason(),
                                RbcLedger.idempotencyKey(rid, 0), hash, actor, now)))
                .onFailure(RegistrationDesk::isUniqueViolation).transform(e -> RegistrationException.duplicateIdentity())
                .map(hash -> {
                    LOG.infof("enrolled registration %s (%s, %s) in rbc transaction %s", rid, Roles.word(role),
                            organization, hash);
                    return new Enrolment(row, hash, CredentialFormat.sign(keys.credentialKey(), rid.toByteArray(), role, expiresAt));
                });
    }

    public Uni<Changed> change(Rid rid, StatusChange change, StatusReason reason, String actor) {
        keys.requireConfigured();
        Instant now = clock.instant();
        return store.inTransaction(connection -> store.findForUpdate(connection, rid).chain(found -> {
            RegistrationRow current = found.orElseThrow(RegistrationException::notFound);
            RegistrationStatus next = next(current.status(), change);
            RegistrationRow changed = new RegistrationRow(rid, current.identityCommitment(), current.role(),
                    current.organization(), next, current.version() + 1, reason, current.ciphertextHash(),
                    current.credentialExpiresAt(), current.enrolledAt(), now);
            return ledger.record(record(changed, now), keys.submitterKey())
                    .call(hash -> store.updateStatus(connection, rid, next, changed.version(), now))
                    .call(hash -> store.insertVersion(connection, rid, changed.version(), next, reason,
                            RbcLedger.idempotencyKey(rid, changed.version()), hash, actor, now))
                    .map(hash -> new Changed(changed, hash));
        })).invoke(done -> LOG.infof("registration %s is %s (version %d, %s) in rbc transaction %s", rid,
                Vocabulary.word(done.registration().status()), done.registration().version(), Vocabulary.word(reason),
                done.transactionHash()));
    }

    /**
     * A fresh credential for an active registration, e.g. when the first one expired or never
     * reached the person. Nothing goes on chain: the credential is checked against the record's
     * status, which does not change.
     */
    public Uni<RegistrationCredential> reissue(Rid rid) {
        keys.requireConfigured();
        Instant expiresAt = clock.instant().plus(config.credentialValidity());
        return store.inTransaction(connection -> store.findForUpdate(connection, rid).chain(found -> {
            RegistrationRow current = found.orElseThrow(RegistrationException::notFound);
            if (current.status() != RegistrationStatus.REGISTRATION_STATUS_ACTIVE) {
                throw RegistrationException.conflict("only an active registration gets a credential");
            }
            return store.updateCredentialExpiry(connection, rid, expiresAt)
                    .map(ignored -> CredentialFormat.sign(keys.credentialKey(), rid.toByteArray(), current.role(), expiresAt));
        })).invoke(() -> LOG.infof("issued a new credential for registration %s", rid));
    }

    public Uni<RegistrationRow> status(Rid rid) {
        return store.find(rid).map(found -> found.orElseThrow(RegistrationException::notFound));
    }

    private static RegistrationStatus next(RegistrationStatus current, StatusChange change) {
        if (current == RegistrationStatus.REGISTRATION_STATUS_REVOKED) {
            throw RegistrationException.conflict("the registration is revoked; a revocation is final");
        }
        return switch (change) {
            case REVOKE -> RegistrationStatus.REGISTRATION_STATUS_REVOKED;
            case SUSPEND -> {
                if (current != RegistrationStatus.REGISTRATION_STATUS_ACTIVE) {
                    throw RegistrationException.conflict("only an active registration can be suspended");
                }
                yield RegistrationStatus.REGISTRATION_STATUS_SUSPENDED;
            }
            case REINSTATE -> {
                if (current != RegistrationStatus.REGISTRATION_STATUS_SUSPENDED) {
                    throw RegistrationException.conflict("only a suspended registration can be reinstated");
                }
                yield RegistrationStatus.REGISTRATION_STATUS_ACTIVE;
            }
        };
    }

    private static RegistrationRecord record(RegistrationRow row, Instant at) {
        return RegistrationRecord.newBuilder()
                .setRid(ByteString.copyFrom(row.rid().toByteArray()))
                .setIdentityCommitment(ByteString.copyFrom(row.identityCommitment().toByteArray()))
                .setRole(row.role())
                .setOrganization(row.organization())
                .setStatus(row.status())
                .setCiphertextHash(ByteString.copyFrom(row.ciphertextHash().toByteArray()))
                .setVersion(row.version())
                .setReason(row.reason())
                .setRecordedAtMillis(at.toEpochMilli())
                .build();
    }

    private static boolean isUniqueViolation(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }
}
