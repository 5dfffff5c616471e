package org.carechain.certificate.status;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import org.carechain.certificate.ca.CaKeys;
import org.carechain.certificate.ca.CertificateConfig;
import org.carechain.certificate.chain.CbcStore;
import org.carechain.crypto.pki.CrlBuilder;
import org.carechain.crypto.pki.RevocationReason;
import org.carechain.crypto.pki.RevokedCertificate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * This CA's CRL (RFC 5280 v2), DER. It lists the CA's unexpired certificates revoked on cbc, is
 * signed with the CA's key, and is rebuilt when a revocation commits or half its validity passed.
 * Its CRL number is the second it was built in, so it grows across rebuilds, restarts and replicas.
 */
@Path("/crl")
@Tag(name = "Status")
@PermitAll
public class CrlResource {

    static final String TYPE = "application/pkix-crl";

    @Inject
    CaKeys keys;

    @Inject
    CertificateConfig config;

    @Inject
    CbcStore store;

    @Inject
    StatusIndex statuses;

    private final Clock clock = Clock.systemUTC();
    private volatile Built current;

    private record Built(byte[] der, long revocations, Instant refreshAt) {}

    @GET
    @Produces(TYPE)
    @Operation(summary = "The CRL", description = "DER X.509 CRL of this CA's revoked, unexpired certificates.")
    public Uni<Response> crl() {
        keys.requireConfigured();
        Instant now = clock.instant();
        Built built = current;
        if (built != null && built.revocations() == statuses.revocations() && now.isBefore(built.refreshAt())) {
            return Uni.createFrom().item(Response.ok(built.der(), TYPE).build());
        }
        long revocations = statuses.revocations();
        return store.revokedOf(keys.caId().toHex(), now).map(revoked -> {
            byte[] der = CrlBuilder.create(keys.ca()).build(BigInteger.valueOf(now.getEpochSecond()), now,
                    now.plus(config.crlValidity()), revoked.stream()
                            .map(certificate -> new RevokedCertificate(new BigInteger(certificate.serial(), 16),
                                    certificate.revokedAt().orElseThrow(),
                                    RevocationReason.ofCode(certificate.revocationReason())))
                            .toList());
            current = new Built(der, revocations, now.plus(config.crlValidity().dividedBy(2)));
            return Response.ok(der, TYPE).build();
        });
    }
}
