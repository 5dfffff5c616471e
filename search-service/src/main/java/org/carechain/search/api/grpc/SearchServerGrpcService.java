package org.carechain.search.api.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.carechain.proto.search.v1.EncryptedEntry;
import org.carechain.proto.search.v1.GetLogHeadRequest;
import org.carechain.proto.search.v1.GetLogHeadResponse;
import org.carechain.proto.search.v1.PutUpdatesRequest;
import org.carechain.proto.search.v1.PutUpdatesResponse;
import org.carechain.proto.search.v1.SearchRequest;
import org.carechain.proto.search.v1.SearchResponse;
import org.carechain.proto.search.v1.SearchServerService;
import org.carechain.search.server.LogHead;
import org.carechain.search.server.SearchServer;

/**
 * The untrusted host's gRPC face: owners push signed epochs of entries, users search by label and
 * read an owner's log head. Errors map centrally (GrpcErrorMapping).
 */
@GrpcService
public class SearchServerGrpcService implements SearchServerService {

    @Inject
    SearchServer server;

    @Override
    public Uni<PutUpdatesResponse> putUpdates(PutUpdatesRequest request) {
        return server.putUpdates(request).map(applied -> PutUpdatesResponse.newBuilder()
                .setLogSize(applied.head().size())
                .setLogRoot(bytes(applied.head().root().toByteArray()))
                .build());
    }

    @Override
    public Uni<GetLogHeadResponse> getLogHead(GetLogHeadRequest request) {
        return server.head(request.getOwner()).map(SearchServerGrpcService::headResponse);
    }

    @Override
    public Uni<SearchResponse> search(SearchRequest request) {
        List<ByteString> asked = request.getLabelsList();
        List<byte[]> labels = new ArrayList<>(asked.size());
        for (ByteString label : asked) {
            labels.add(label.toByteArray());
        }
        return server.search(request.getOwner(), labels).map(found -> {
            SearchResponse.Builder response = SearchResponse.newBuilder();
            for (SearchServer.Found entry : found) {
                response.addEntries(EncryptedEntry.newBuilder()
                        .setLabel(bytes(entry.label()))
                        .setValue(bytes(entry.value())));
            }
            return response.build();
        });
    }

    private static GetLogHeadResponse headResponse(LogHead head) {
        return GetLogHeadResponse.newBuilder()
                .setEpoch(head.epoch())
                .setLogSize(head.size())
                .setLogRoot(bytes(head.root().toByteArray()))
                .build();
    }

    /** Wraps arrays this service made and never changes again, without a copy. */
    private static ByteString bytes(byte[] fresh) {
        return UnsafeByteOperations.unsafeWrap(fresh);
    }
}
