package org.carechain.registration.api.grpc;

import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import org.carechain.proto.registration.v1.GetRegistrationStatusRequest;
import org.carechain.proto.registration.v1.GetRegistrationStatusResponse;
import org.carechain.proto.registration.v1.RegistrationCredential;
import org.carechain.proto.registration.v1.RegistrationService;
import org.carechain.proto.registration.v1.VerifyCredentialRequest;
import org.carechain.proto.registration.v1.VerifyCredentialResponse;
import org.carechain.registration.RegistrationDesk;
import org.carechain.registration.RegistrationException;
import org.carechain.service.credential.CredentialFormat;
import org.carechain.service.credential.CredentialFormat.ExpiredCredentialException;
import org.carechain.service.credential.CredentialFormat.MalformedCredentialException;
import org.carechain.registration.identity.Rid;
import org.carechain.registration.keys.RegistrationKeys;

/**
 * What certificate-service asks the RBC: a registration's status, and whether a credential is
 * genuine, unexpired and for a registration that still exists (with its status).
 */
@GrpcService
public class RegistrationGrpcService implements RegistrationService {

    @Inject
    RegistrationDesk desk;

    @Inject
    RegistrationKeys keys;

    @Override
    public Uni<GetRegistrationStatusResponse> getRegistrationStatus(GetRegistrationStatusRequest request) {
        if (request.getRid().size() != Rid.SIZE) {
            throw new IllegalArgumentException("rid must be " + Rid.SIZE + " bytes");
        }
        return desk.status(Rid.of(request.getRid().toByteArray()))
                .map(row -> GetRegistrationStatusResponse.newBuilder()
                        .setStatus(row.status())
                        .setRole(row.role())
                        .setVersion(row.version())
                        .setReason(row.reason())
                        .build());
    }

    @Override
    public Uni<VerifyCredentialResponse> verifyCredential(VerifyCredentialRequest request) {
        if (!request.hasCredential()) {
            throw new IllegalArgumentException("credential is required");
        }
        RegistrationCredential credential = request.getCredential();
        try {
            keys.requireConfigured();
            CredentialFormat.verify(credential, keys.credentialKey().publicKey(), desk.clock().instant());
        } catch (MalformedCredentialException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (ExpiredCredentialException e) {
            throw Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException();
        } catch (GeneralSecurityException e) {
            throw Status.UNAUTHENTICATED.withDescription("the credential signature does not verify").asRuntimeException();
        } catch (RegistrationException e) {
            throw e.toGrpcStatus().asRuntimeException();
        }
        return desk.status(Rid.of(credential.getRid().toByteArray()))
                .map(row -> {
                    if (row.role() != credential.getRole()) {
                        throw Status.FAILED_PRECONDITION.withDescription("the credential's role is not the registration's")
                                .asRuntimeException();
                    }
                    return VerifyCredentialResponse.newBuilder().setStatus(row.status()).setRole(row.role()).build();
                });
    }
}
