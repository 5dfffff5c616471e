package org.carechain.certificate.issuance;

import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.carechain.certificate.CertificateException;
import org.carechain.certificate.ca.CertificateConfig;
import org.carechain.proto.registration.v1.MutinyRegistrationServiceGrpc;
import org.carechain.proto.registration.v1.RegistrationCredential;
import org.carechain.proto.registration.v1.RegistrationStatus;
import org.carechain.proto.registration.v1.Role;
import org.carechain.proto.registration.v1.VerifyCredentialRequest;
import org.carechain.service.credential.CredentialFormat;
import org.jboss.logging.Logger;

/**
 * Asks registration-service (the RBC) whether a registration credential is genuine, unexpired and
 * for an active registration. The CBC learns the rid and the role, never the identity.
 */
@ApplicationScoped
public class RegistrationCheck {

    private static final Logger LOG = Logger.getLogger(RegistrationCheck.class);

    @GrpcClient("registration")
    MutinyRegistrationServiceGrpc.MutinyRegistrationServiceStub registration;

    @Inject
    CertificateConfig config;

    /** A credential the RBC vouched for. */
    public record Checked(byte[] rid, Role role) {}

    /** @throws CertificateException (400) if the text is not base64url of a credential message */
    public static RegistrationCredential decode(String encoded) {
        try {
            return CredentialFormat.decode(encoded == null ? null : encoded.strip());
        } catch (CredentialFormat.MalformedCredentialException e) {
            throw CertificateException.badRequest(e.getMessage());
        }
    }

    /** Completes with the rid and role, or fails with a 4xx saying why the credential is not acceptable. */
    public Uni<Checked> check(RegistrationCredential credential) {
        return registration.withDeadlineAfter(config.registrationTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .verifyCredential(VerifyCredentialRequest.newBuilder().setCredential(credential).build())
                .onFailure(StatusRuntimeException.class).transform(failure -> refused((StatusRuntimeException) failure))
                .map(answer -> {
                    if (answer.getStatus() == RegistrationStatus.REGISTRATION_STATUS_SUSPENDED) {
                        throw CertificateException.forbidden("the registration is suspended");
                    }
                    if (answer.getStatus() != RegistrationStatus.REGISTRATION_STATUS_ACTIVE) {
                        throw CertificateException.forbidden("the registration is revoked");
                    }
                    return new Checked(credential.getRid().toByteArray(), answer.getRole());
                });
    }

    private static RuntimeException refused(StatusRuntimeException failure) {
        String reason = failure.getStatus().getDescription();
        return switch (failure.getStatus().getCode()) {
            case INVALID_ARGUMENT -> CertificateException.badRequest("credential: " + reason);
            case UNAUTHENTICATED -> CertificateException.unauthenticated("the registration credential is not genuine");
            case FAILED_PRECONDITION -> CertificateException.unauthenticated("the registration credential is not valid: " + reason);
            case NOT_FOUND -> CertificateException.unauthenticated("the registration credential names no registration");
            default -> {
                LOG.warnf("registration-service did not answer a credential check: %s", failure.getStatus().getCode());
                yield CertificateException.unavailable("registration-service is unavailable; nothing was issued");
            }
        };
    }
}
