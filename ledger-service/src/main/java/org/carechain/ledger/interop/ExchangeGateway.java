package org.carechain.ledger.interop;

import org.carechain.service.error.ApiException;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.carechain.proto.exchange.v1.ExchangeServiceGrpc;
import org.carechain.proto.exchange.v1.FetchRecordsRequest;
import org.carechain.proto.exchange.v1.FetchRecordsResponse;

/**
 * The requesting side's way to other providers' gateways: {@code carechain.exchange.peers} maps a
 * provider id to its ledger node's gRPC address. A request for this node's own provider is served
 * here without a network hop.
 */
@ApplicationScoped
public class ExchangeGateway {

    @Inject
    InteropConfig config;

    @Inject
    InteropNode node;

    @Inject
    ExchangeServer local;

    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    /** Forwards the request to the provider's gateway; its refusals come back as InteropExceptions with its reason. */
    public Uni<FetchRecordsResponse> fetch(String provider, FetchRecordsRequest request) {
        if (local.servingProvider().map(provider::equals).orElse(false)) {
            return local.fetch(request);
        }
        String target = peers().get(provider);
        if (target == null) {
            throw ApiException.notFound("provider " + provider + " is not a known exchange peer of this gateway");
        }
        ManagedChannel channel = channels.computeIfAbsent(provider,
                p -> ManagedChannelBuilder.forTarget(target).usePlaintext().maxInboundMessageSize(64 * 1024 * 1024).build());
        ExchangeServiceGrpc.ExchangeServiceFutureStub stub = ExchangeServiceGrpc.newFutureStub(channel)
                .withDeadlineAfter(config.forwardTimeout().toMillis(), TimeUnit.MILLISECONDS);
        // The reply comes on a gRPC thread; the caller goes on (audit, proofs) on its own context.
        return org.carechain.service.CallerContext.resume(Uni.createFrom().future(stub.fetchRecords(request))
                .onFailure().transform(failure -> mapped(provider, failure)));
    }

    private Map<String, String> peers() {
        Map<String, String> peers = new ConcurrentHashMap<>();
        for (String entry : config.peers().orElse(List.of())) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                peers.put(entry.substring(0, equals).strip(), entry.substring(equals + 1).strip());
            }
        }
        return peers;
    }

    private static Throwable mapped(String provider, Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.ExecutionException ? failure.getCause() : failure;
        if (!(cause instanceof StatusRuntimeException status)) {
            return ApiException.badGateway("provider " + provider + " did not answer");
        }
        String reason = "provider " + provider + ": " + (status.getStatus().getDescription() == null ? "no reason given"
                : status.getStatus().getDescription());
        return switch (status.getStatus().getCode()) {
            case INVALID_ARGUMENT -> ApiException.badRequest(reason);
            case UNAUTHENTICATED -> ApiException.unauthenticated(reason);
            case PERMISSION_DENIED -> ApiException.forbidden(reason);
            case NOT_FOUND -> ApiException.notFound(reason);
            default -> ApiException.badGateway(reason);
        };
    }

    @PreDestroy
    void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
