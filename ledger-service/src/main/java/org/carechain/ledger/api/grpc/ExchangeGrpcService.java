package org.carechain.ledger.api.grpc;

import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.carechain.ledger.interop.ExchangeServer;
import org.carechain.proto.exchange.v1.ExchangeService;
import org.carechain.proto.exchange.v1.FetchRecordsRequest;
import org.carechain.proto.exchange.v1.FetchRecordsResponse;

/** Record exchange between providers' gateways (docs/interop.md): this node serving its provider's records. */
@GrpcService
public class ExchangeGrpcService implements ExchangeService {

    @Inject
    ExchangeServer server;

    @Override
    public Uni<FetchRecordsResponse> fetchRecords(FetchRecordsRequest request) {
        return server.fetch(request);
    }
}
