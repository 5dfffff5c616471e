package org.carechain.certificate.api.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.carechain.certificate.chain.CbcState;
import org.carechain.certificate.chain.CbcStore;
import org.carechain.certificate.consortium.TrustBundle;
import org.carechain.crypto.Hash;
import org.carechain.proto.certificate.v1.CertificateService;
import org.carechain.proto.certificate.v1.CertificateStatus;
import org.carechain.proto.certificate.v1.GetCertificateStatusRequest;
import org.carechain.proto.certificate.v1.GetCertificateStatusResponse;
import org.carechain.proto.certificate.v1.GetTrustBundleRequest;
import org.carechain.proto.certificate.v1.GetTrustBundleResponse;

/** What other services ask the CBC: a certificate's status on cbc (any CA's), and the trust bundle. */
@GrpcService
public class CertificateGrpcService implements CertificateService {

    @Inject
    CbcStore store;

    @Inject
    CbcState chain;

    @Override
    public Uni<GetCertificateStatusResponse> getCertificateStatus(GetCertificateStatusRequest request) {
        if (request.getCertificateHash().size() != Hash.SIZE) {
            throw new IllegalArgumentException("certificate_hash must be " + Hash.SIZE + " bytes (SHA-256 of the DER)");
        }
        return store.chainCertificate(Hash.of(request.getCertificateHash().toByteArray())).map(found -> found
                .map(certificate -> certificate.revokedAt()
                        .map(at -> GetCertificateStatusResponse.newBuilder()
                                .setStatus(CertificateStatus.CERTIFICATE_STATUS_REVOKED)
                                .setRevokedAtMillis(at.toEpochMilli())
                                .setRevocationReason(certificate.revocationReason())
                                .build())
                        .orElse(GetCertificateStatusResponse.newBuilder()
                                .setStatus(CertificateStatus.CERTIFICATE_STATUS_GOOD).build()))
                .orElse(GetCertificateStatusResponse.newBuilder()
                        .setStatus(CertificateStatus.CERTIFICATE_STATUS_UNKNOWN).build()));
    }

    @Override
    public Uni<GetTrustBundleResponse> getTrustBundle(GetTrustBundleRequest request) {
        TrustBundle bundle = chain.bundle();
        if (bundle == null) {
            throw Status.UNAVAILABLE.withDescription("the cbc channel has not been read yet").asRuntimeException();
        }
        GetTrustBundleResponse.Builder response = GetTrustBundleResponse.newBuilder().setHeight(chain.height());
        bundle.roots().forEach(root -> response.addRoots(ByteString.copyFrom(root.der())));
        return Uni.createFrom().item(response.build());
    }
}
