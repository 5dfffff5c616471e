package org.carechain.search.server;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.security.SignatureException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sign.Ed25519Verify;
import org.carechain.crypto.sse.Entry;
import org.carechain.crypto.sse.PutUpdatesSigning;
import org.carechain.proto.search.v1.EncryptedEntry;
import org.carechain.proto.search.v1.PutUpdatesRequest;

/**
 * One owner's push for one epoch, well formed and signed by that owner: what the store appends.
 * {@code digest} is SHA-256 of the signed bytes, which identify the push exactly (owner, epoch,
 * base size and every entry), so a retry of it can be recognised.
 */
public record VerifiedPush(String owner, long epoch, long baseLogSize, List<Entry> entries, Hash digest,
        byte[] signature) {

    /** Entries in one push; the gRPC message limit (32 MiB) also bounds it. */
    public static final int MAX_ENTRIES = 100_000;
    /** An entry's value is an AES-GCM envelope of a record reference and an operation: small. */
    public static final int MAX_VALUE_SIZE = 1024;

    /**
     * Checks a push where it enters: the owner is hosted, every field is well formed, and the
     * signature verifies under the owner's key.
     *
     * @throws SearchServerException PERMISSION_DENIED for an owner this host does not serve or a
     *     signature that does not verify, INVALID_ARGUMENT for a malformed push
     */
    public static VerifiedPush verify(PutUpdatesRequest request, HostedOwners owners) {
        Ed25519Verify verifier = owners.verifier(request.getOwner())
                .orElseThrow(() -> SearchServerException.forbidden("owner: not hosted by this server"));
        if (request.getEpoch() == 0) {
            throw SearchServerException.badRequest("epoch: must be at least 1");
        }
        if (request.getEpoch() < 0) {
            throw SearchServerException.badRequest("epoch: out of range");
        }
        if (request.getBaseLogSize() < 0) {
            throw SearchServerException.badRequest("base_log_size: out of range");
        }
        List<Entry> entries = entries(request.getEntriesList());
        byte[] signed = PutUpdatesSigning.signedBytes(request.getOwner(), request.getEpoch(), request.getBaseLogSize(),
                entries);
        byte[] signature = request.getSignature().toByteArray();
        try {
            verifier.verify(signature, signed);
        } catch (SignatureException e) {
            throw SearchServerException.forbidden("signature: does not verify with the owner's key");
        }
        return new VerifiedPush(request.getOwner(), request.getEpoch(), request.getBaseLogSize(), entries,
                Hash.sha256(signed), signature);
    }

    /** Whether this is an exact repeat of the push that produced {@code head}. */
    boolean repeats(StoredHead head) {
        return epoch == head.epoch() && baseLogSize == head.baseLogSize() && digest.equals(head.batchDigest());
    }

    private static List<Entry> entries(List<EncryptedEntry> pushed) {
        if (pushed.size() > MAX_ENTRIES) {
            throw SearchServerException.badRequest("entries: at most " + MAX_ENTRIES + " per push");
        }
        List<Entry> entries = new ArrayList<>(pushed.size());
        Set<ByteBuffer> labels = new HashSet<>(pushed.size() * 2);
        for (int i = 0; i < pushed.size(); i++) {
            EncryptedEntry entry = pushed.get(i);
            ByteString label = entry.getLabel();
            if (label.size() != Entry.LABEL_SIZE) {
                throw SearchServerException.badRequest("entries[" + i + "].label: must be " + Entry.LABEL_SIZE + " bytes");
            }
            int valueSize = entry.getValue().size();
            if (valueSize == 0 || valueSize > MAX_VALUE_SIZE) {
                throw SearchServerException.badRequest("entries[" + i + "].value: must be 1 to " + MAX_VALUE_SIZE + " bytes");
            }
            if (!labels.add(label.asReadOnlyByteBuffer())) {
                throw SearchServerException.badRequest("entries[" + i + "].label: repeats an earlier label of this push");
            }
            entries.add(new Entry(label.toByteArray(), entry.getValue().toByteArray()));
        }
        return entries;
    }
}
