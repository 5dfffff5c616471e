package org.carechain.cli.cluster;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.carechain.cli.ledger.ConsortiumSetup;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sse.MasterKeys;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.proto.search.v1.SearchConsortium;
import org.carechain.proto.search.v1.SearchOwner;

/**
 * The local cluster's search owner: {@code hospital1}, run by the cluster's search-service next to
 * server mode. Its owner key signs statements, pushes and anchors and is the {@code search}
 * channel's submitter {@code search-hospital1}; the {@code search} genesis pins its public key
 * ({@link SearchConsortium}), which is what users verify statements with.
 */
public final class LocalSearch {

    /** The provider whose records the local search-service indexes. */
    public static final String OWNER = "hospital1";
    /** The type URL of the search genesis app state. */
    public static final String CONSORTIUM_TYPE_URL = org.carechain.cli.search.SearchClient.CONSORTIUM_TYPE_URL;

    private final Path dir;

    LocalSearch(Path consortiumDir) {
        this.dir = consortiumDir;
    }

    /** The owner's submitter id on the {@code search} channel. */
    public static String ownerSubmitter(String provider) {
        return "search-" + provider;
    }

    public Path ownerKeyFile() {
        return ConsortiumSetup.keyFile(dir, ownerSubmitter(OWNER));
    }

    public Path masterKeyFile() {
        return dir.resolve("search").resolve(OWNER + ".master");
    }

    /**
     * Makes the owner key (before the genesis, which lists it) and the SSE master keys, and answers
     * the {@code search} genesis app state that pins the owner key.
     */
    TypedPayload create(SecureRandom random) throws IOException {
        Ed25519PrivateKey ownerKey = Ed25519PrivateKey.generate(random);
        writeSecret(ownerKeyFile(), (HexFormat.of().formatHex(ownerKey.exportSeed()) + "\n").getBytes(
                java.nio.charset.StandardCharsets.US_ASCII));
        writeSecret(masterKeyFile(), MasterKeys.generate(random).encode());
        SearchConsortium consortium = SearchConsortium.newBuilder()
                .addOwners(SearchOwner.newBuilder().setOwner(OWNER)
                        .setPublicKey(ByteString.copyFrom(ownerKey.publicKey().toByteArray())))
                .build();
        return new TypedPayload(CONSORTIUM_TYPE_URL, consortium.toByteArray());
    }

    boolean complete() {
        return Files.isRegularFile(ownerKeyFile()) && Files.isRegularFile(masterKeyFile());
    }

    private static void writeSecret(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.write(file, content);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's permissions apply.
        }
    }
}
