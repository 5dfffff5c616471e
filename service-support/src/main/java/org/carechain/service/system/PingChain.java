package org.carechain.service.system;

import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.regex.Pattern;
import org.carechain.proto.system.v1.Hop;
import org.carechain.proto.system.v1.PingRequest;
import org.carechain.proto.system.v1.PingResponse;
import org.carechain.proto.system.v1.SystemService;
import org.carechain.service.ServiceInfo;

/**
 * Answers a ping for this service, after asking the downstream service (if any) over gRPC, so
 * one call proves that the whole chain of services behind this one is reachable.
 */
@ApplicationScoped
public class PingChain {

    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final ServiceInfo service;
    private final SystemService downstream;
    private final Clock clock;

    @Inject
    PingChain(ServiceInfo service, @GrpcClient("downstream") SystemService downstream) {
        this(service, downstream, Clock.systemUTC());
    }

    PingChain(ServiceInfo service, SystemService downstream, Clock clock) {
        this.service = service;
        this.downstream = downstream;
        this.clock = clock;
    }

    public Uni<PingResponse> ping(String nonce) {
        if (nonce == null || !NONCE.matcher(nonce).matches()) {
            throw new IllegalArgumentException("nonce must be 1 to 64 characters of [A-Za-z0-9._-]");
        }
        Uni<PingResponse.Builder> behind = service.downstream().isPresent()
                ? downstream.ping(PingRequest.newBuilder().setNonce(nonce).build()).map(PingResponse::toBuilder)
                : Uni.createFrom().item(() -> PingResponse.newBuilder().setNonce(nonce));
        return behind.map(response -> response.addHops(ownHop()).build());
    }

    private Hop ownHop() {
        return Hop.newBuilder()
                .setService(service.name())
                .setVersion(service.version())
                .setAnsweredAtMillis(clock.millis())
                .build();
    }
}
