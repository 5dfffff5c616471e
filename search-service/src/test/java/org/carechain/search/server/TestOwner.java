package org.carechain.search.server;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.MerkleLog;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519Sign;
import org.carechain.crypto.sse.Entry;
import org.carechain.crypto.sse.PutUpdatesSigning;
import org.carechain.proto.search.v1.EncryptedEntry;
import org.carechain.proto.search.v1.PutUpdatesRequest;

/**
 * An owner as the tests play it: a key derived from its name (so the server's configuration and
 * the tests agree without sharing state), and an in-memory mirror of the update log it expects
 * the server to hold.
 */
public final class TestOwner {

    /**
     * The owners the server under test hosts (SearchNetwork configures them with its own). Each test pushes
     * as its own owner, so tests do not depend on each other's order.
     */
    static final List<String> HOSTED = List.of("grpc-root", "grpc-empty", "grpc-retry", "grpc-base",
            "grpc-epoch", "grpc-signature", "grpc-malformed", "grpc-stored", "grpc-search", "grpc-resume",
            "grpc-timing", "grpc-metrics", "rest", "scan");

    final String name;
    final Ed25519PrivateKey key;
    final MerkleLog log = MerkleLog.create();
    long epoch;

    private TestOwner(String name, Ed25519PrivateKey key) {
        this.name = name;
        this.key = key;
    }

    static TestOwner of(String name) {
        return new TestOwner(name, key(name));
    }

    static Ed25519PrivateKey key(String name) {
        try {
            return Ed25519PrivateKey.create(
                    Hash.sha256(("carechain-search-server-test/" + name).getBytes(StandardCharsets.UTF_8)).toByteArray());
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code carechain.search.server.owners} for {@link #HOSTED}. */
    public static String ownersConfig() {
        return HOSTED.stream()
                .map(owner -> owner + ":" + HexFormat.of().formatHex(key(owner).publicKey().toByteArray()))
                .collect(Collectors.joining(","));
    }

    /** The push that extends the mirror by one epoch. */
    PutUpdatesRequest next(List<Entry> entries) {
        return request(epoch + 1, log.size(), entries);
    }

    PutUpdatesRequest request(long epoch, long baseLogSize, List<Entry> entries) {
        return unsigned(epoch, baseLogSize, entries)
                .setSignature(ByteString.copyFrom(Ed25519Sign.create(key)
                        .sign(PutUpdatesSigning.signedBytes(name, epoch, baseLogSize, entries))))
                .build();
    }

    PutUpdatesRequest.Builder unsigned(long epoch, long baseLogSize, List<Entry> entries) {
        PutUpdatesRequest.Builder request = PutUpdatesRequest.newBuilder()
                .setOwner(name).setEpoch(epoch).setBaseLogSize(baseLogSize);
        for (Entry entry : entries) {
            request.addEntries(EncryptedEntry.newBuilder()
                    .setLabel(ByteString.copyFrom(entry.label()))
                    .setValue(ByteString.copyFrom(entry.value())));
        }
        return request;
    }

    /** Records that the server applied {@code request}. */
    void applied(PutUpdatesRequest request) {
        epoch = request.getEpoch();
        for (EncryptedEntry entry : request.getEntriesList()) {
            log.appendLeaf(new Entry(entry.getLabel().toByteArray(), entry.getValue().toByteArray()).leafData());
        }
    }

    static List<Entry> randomEntries(Random random, int count) {
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] label = new byte[Entry.LABEL_SIZE];
            random.nextBytes(label);
            // About the size of an AES-GCM envelope of a record reference and an operation.
            byte[] value = new byte[40 + random.nextInt(40)];
            random.nextBytes(value);
            entries.add(new Entry(label, value));
        }
        return entries;
    }
}
