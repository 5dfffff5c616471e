package org.carechain.search.owner;

import com.google.protobuf.ByteString;
import org.carechain.crypto.sse.EpochAnchor;

/** How an epoch anchor goes onto the {@code search} channel. */
final class SearchAnchors {

    private SearchAnchors() {}

    /** The anchor's idempotency key: one anchor per owner and epoch, found by users under this key. */
    static String idempotencyKey(String owner, long epoch) {
        return EpochAnchor.idempotencyKey(owner, epoch);
    }

    static org.carechain.proto.search.v1.EpochAnchor toProto(EpochAnchor anchor) {
        return org.carechain.proto.search.v1.EpochAnchor.newBuilder()
                .setOwner(anchor.owner())
                .setEpoch(anchor.epoch())
                .setLogSize(anchor.logSize())
                .setLogRoot(ByteString.copyFrom(anchor.logRoot().toByteArray()))
                .setSignature(ByteString.copyFrom(anchor.signature()))
                .build();
    }
}
