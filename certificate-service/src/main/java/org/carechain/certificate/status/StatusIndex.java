package org.carechain.certificate.status;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.carechain.certificate.ca.CaKeys;
import org.carechain.certificate.ca.CertificateConfig;
import org.carechain.certificate.chain.CbcState;
import org.carechain.certificate.chain.CbcStore;
import org.carechain.crypto.pki.CertificateStatus;
import org.carechain.crypto.pki.OcspResponder;
import org.carechain.crypto.pki.RevocationReason;
import org.jboss.logging.Logger;

/**
 * The status of every certificate this CA issued, as the {@code cbc} channel has it, held in
 * memory so that OCSP answers need no database round trip: GOOD once the issuance is committed,
 * REVOKED once the revocation is, UNKNOWN otherwise. Loaded from the derived table at start-up
 * and kept current by the follower; each change drops the serial's cached OCSP response.
 */
@ApplicationScoped
public class StatusIndex {

    private static final Logger LOG = Logger.getLogger(StatusIndex.class);

    @Inject
    CaKeys keys;

    @Inject
    CbcStore store;

    @Inject
    CbcState chain;

    @Inject
    CertificateConfig config;

    private final Map<BigInteger, CertificateStatus> statuses = new ConcurrentHashMap<>();
    private volatile OcspResponder responder;
    private volatile long revocations;

    void load(@Observes @Priority(10) StartupEvent event) {
        if (!keys.configured()) {
            return;
        }
        Duration validity = config.ocspValidity();
        responder = OcspResponder.create(keys.ca(), validity, validity.dividedBy(2), 1_000_000);
        chain.onStatusChange(this::changed);
        String ca = keys.caId().toHex();
        store.chainCertificatesOf(ca).await().atMost(Duration.ofSeconds(60)).forEach(this::changed);
        LOG.infof("status index loaded: %d certificate(s) of this CA on cbc", statuses.size());
    }

    private void changed(CbcStore.ChainCertificate certificate) {
        if (!certificate.issuerCa().equals(keys.caId().toHex())) {
            return;
        }
        BigInteger serial = new BigInteger(certificate.serial(), 16);
        statuses.put(serial, certificate.revokedAt()
                .<CertificateStatus>map(at -> CertificateStatus.revoked(at, RevocationReason.ofCode(certificate.revocationReason())))
                .orElse(CertificateStatus.GOOD));
        if (certificate.revoked()) {
            revocations++;
        }
        OcspResponder current = responder;
        if (current != null) {
            current.invalidate(serial);
        }
    }

    public CertificateStatus status(BigInteger serial) {
        return statuses.getOrDefault(serial, CertificateStatus.UNKNOWN);
    }

    /** Bumped by each revocation, so the CRL knows when to rebuild. */
    public long revocations() {
        return revocations;
    }

    /** Answers a DER OCSP request. */
    public byte[] respond(byte[] request, Instant now) {
        OcspResponder current = responder;
        if (current == null) {
            return OcspResponder.tryLaterResponse();
        }
        return current.respond(request, this::status, now);
    }
}
