package org.carechain.certificate.issuance;

import com.google.protobuf.ByteString;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.TimeoutException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.carechain.certificate.CertificateException;
import org.carechain.certificate.ca.CaKeys;
import org.carechain.certificate.ca.CertificateConfig;
import org.carechain.certificate.chain.CbcState;
import org.carechain.certificate.chain.CbcStore;
import org.carechain.crypto.Hash;
import org.carechain.crypto.escrow.EscrowCipher;
import org.carechain.crypto.pki.AnonymousCertificateIssuer;
import org.carechain.crypto.pki.CertificateRequest;
import org.carechain.crypto.pki.MalformedPkiDataException;
import org.carechain.crypto.pki.ProofOfPossessionException;
import org.carechain.crypto.pki.RevocationReason;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.proto.certificate.v1.IssuanceRecord;
import org.carechain.proto.certificate.v1.RevocationRecord;
import org.carechain.service.credential.Roles;
import org.carechain.service.ledger.LedgerSubmitter;
import org.jboss.logging.Logger;

/**
 * Issues anonymous certificates and revokes them. An issuance is: the CSR's proof of possession,
 * the RBC's word on the credential, a certificate with a fresh pseudonym and a fresh link tag, the
 * row here, and the issuance record on {@code cbc} (the row is removed if the ledger refuses it).
 * The answer waits until the record is committed, so the certificate is valid when the holder gets it.
 */
@ApplicationScoped
public class IssuanceDesk {

    /** Clock skew allowed for the holder's verifiers: a certificate is valid from this long before issuance. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    private static final Logger LOG = Logger.getLogger(IssuanceDesk.class);

    @Inject
    CaKeys keys;

    @Inject
    CertificateConfig config;

    @Inject
    RegistrationCheck registration;

    @Inject
    LedgerSubmitter ledger;

    @Inject
    CbcStore store;

    @Inject
    CbcState chain;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    private volatile AnonymousCertificateIssuer issuer;

    /** An issued certificate; {@code committedHeight} is empty if the commit did not come in time. */
    public record Issued(CbcStore.IssuedCertificate certificate, String role, Optional<Long> committedHeight) {}

    /** A recorded revocation. */
    public record Revoked(String serial, Hash transactionHash, RevocationReason reason, Optional<Long> committedHeight) {}

    public Clock clock() {
        return clock;
    }

    public Uni<Issued> issue(byte[] csrDer, String encodedCredential) {
        keys.requireConfigured();
        requireInBundle();
        CertificateRequest request;
        try {
            request = CertificateRequest.parse(csrDer);
        } catch (MalformedPkiDataException e) {
            throw CertificateException.badRequest("csr: " + e.getMessage());
        } catch (ProofOfPossessionException e) {
            throw CertificateException.badRequest("csr: " + e.getMessage());
        }
        var credential = RegistrationCheck.decode(encodedCredential);
        return registration.check(credential).chain(checked -> record(request, checked));
    }

    private Uni<Issued> record(CertificateRequest request, RegistrationCheck.Checked checked) {
        Instant now = clock.instant();
        Instant notAfter = min(now.plus(config.certificateValidity()), keys.ca().certificate().notAfter());
        String pseudonym = pseudonym();
        String role = Roles.word(checked.role());
        BigInteger serial = new BigInteger(1, bytes(16));
        byte[] linkTag = EscrowCipher.linkTag(keys.escrowKey(), checked.rid(), random);
        byte[] der = issuer().issue(request.publicKey(), pseudonym, role, linkTag, serial, now.minus(BACKDATE), notAfter);
        Hash certificateHash = Hash.sha256(der);
        String serialHex = serial.toString(16);
        IssuanceRecord record = IssuanceRecord.newBuilder()
                .setCertificateHash(ByteString.copyFrom(certificateHash.toByteArray()))
                .setIssuerCa(keys.caId().toHex())
                .setSerialNumber(serialHex)
                .setPseudonym(pseudonym)
                .setNotAfterMillis(notAfter.toEpochMilli())
                .setIssuedAtMillis(now.toEpochMilli())
                .build();
        Transaction transaction = LedgerSubmitter.transaction(Channel.CBC,
                "cbc/issue/" + keys.caId().toHex().substring(0, 16) + "/" + serialHex, record);
        Uni<Long> committed = chain.awaitCommit(transaction.hash(), config.commitTimeout());
        CbcStore.IssuedCertificate issued = new CbcStore.IssuedCertificate(serialHex, certificateHash, pseudonym, der,
                notAfter, now, transaction.hash());
        // The row first, on its own: a row whose record never reaches the chain is harmless (the
        // certificate is never handed out, and its status stays unknown), and no connection is held
        // while the ledger answers. If the ledger refuses, the row goes again.
        return store.insertIssued(issued)
                .chain(() -> ledger.submitCoalesced(transaction, keys.submitterKey(), config.ledgerTimeout())
                        .onFailure().invoke(() -> chain.forget(transaction.hash()))
                        .onFailure().call(() -> store.deleteIssued(serialHex)))
                .invoke(() -> {
                    LOG.infof("issued certificate %s (%s) in cbc transaction %s", serialHex, role, transaction.hash());
                    registry.counter("carechain.certificates.issued", "role", role).increment();
                })
                .chain(() -> committed.map(Optional::of)
                        .onFailure(TimeoutException.class).recoverWithItem(Optional.empty()))
                .map(height -> new Issued(issued, role, height));
    }

    /**
     * Revokes a certificate this CA issued. The holder may revoke its own certificate; a CA officer
     * any, with a reason. Refused if the issuance is not yet on chain or it is already revoked.
     */
    public Uni<Revoked> revoke(String serialHex, RevocationReason reason, String revokedBy) {
        keys.requireConfigured();
        return store.issued(serialHex).chain(found -> {
            CbcStore.IssuedCertificate issued = found.orElseThrow(
                    () -> CertificateException.notFound("this CA issued no certificate with this serial"));
            return store.chainCertificate(issued.certificateHash()).chain(onChain -> {
                CbcStore.ChainCertificate certificate = onChain.orElseThrow(() -> CertificateException.conflict(
                        "the certificate's issuance is not committed yet; try again shortly"));
                if (certificate.revoked()) {
                    throw CertificateException.conflict("the certificate is already revoked");
                }
                return recordRevocation(issued, reason, revokedBy);
            });
        });
    }

    /** The certificate this CA issued with this serial, for a holder or an officer who must act on it. */
    public Uni<CbcStore.IssuedCertificate> issued(String serialHex) {
        return store.issued(serialHex).map(found -> found.orElseThrow(
                () -> CertificateException.notFound("this CA issued no certificate with this serial")));
    }

    private Uni<Revoked> recordRevocation(CbcStore.IssuedCertificate issued, RevocationReason reason, String revokedBy) {
        Instant now = clock.instant();
        RevocationRecord record = RevocationRecord.newBuilder()
                .setCertificateHash(ByteString.copyFrom(issued.certificateHash().toByteArray()))
                .setReason(reason.code())
                .setRevokedAtMillis(now.toEpochMilli())
                .setRevokedBy(revokedBy)
                .setIssuerCa(keys.caId().toHex())
                .setSerialNumber(issued.serial())
                .build();
        // One revocation per certificate: a retried request is the same transaction.
        Transaction transaction = LedgerSubmitter.transaction(Channel.CBC,
                "cbc/revoke/" + keys.caId().toHex().substring(0, 16) + "/" + issued.serial(), record);
        Uni<Long> committed = chain.awaitCommit(transaction.hash(), config.commitTimeout());
        return ledger.submit(List.of(transaction), keys.submitterKey(), config.ledgerTimeout())
                .onFailure().invoke(() -> chain.forget(transaction.hash()))
                .invoke(() -> LOG.infof("revoked certificate %s (%s, by %s) in cbc transaction %s", issued.serial(),
                        reason, revokedBy, transaction.hash()))
                .chain(() -> committed.map(Optional::of).onFailure(TimeoutException.class).recoverWithItem(Optional.empty()))
                .map(height -> new Revoked(issued.serial(), transaction.hash(), reason, height));
    }

    private void requireInBundle() {
        if (chain.bundle() == null) {
            throw CertificateException.unavailable("the CA has not read the cbc channel yet; try again shortly");
        }
        if (chain.bundle().root(keys.caId()).isEmpty()) {
            throw CertificateException.unavailable("this CA is not in the consortium trust bundle; it cannot issue");
        }
    }

    private AnonymousCertificateIssuer issuer() {
        AnonymousCertificateIssuer current = issuer;
        if (current == null) {
            String base = config.publicUrl().replaceAll("/+$", "");
            current = AnonymousCertificateIssuer.create(keys.ca(), Optional.of(URI.create(base + "/ocsp")),
                    Optional.of(URI.create(base + "/crl")));
            issuer = current;
        }
        return current;
    }

    /** A fresh pseudonym: 128 random bits, base64url. */
    private String pseudonym() {
        return "ps-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(16));
    }

    private byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
