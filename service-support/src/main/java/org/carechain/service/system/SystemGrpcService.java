package org.carechain.service.system;

import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.carechain.proto.system.v1.PingRequest;
import org.carechain.proto.system.v1.PingResponse;
import org.carechain.proto.system.v1.SystemService;

/** The gRPC face of {@link PingChain}; every service serves it. */
@GrpcService
public class SystemGrpcService implements SystemService {

    @Inject
    PingChain chain;

    @Override
    public Uni<PingResponse> ping(PingRequest request) {
        return Uni.createFrom().deferred(() -> chain.ping(request.getNonce()));
    }
}
