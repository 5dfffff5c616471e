package org.carechain.certificate.consortium;

import com.google.protobuf.ByteString;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;
import org.carechain.crypto.pki.CaCertificate;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519PublicKey;
import org.carechain.crypto.sign.Ed25519Sign;
import org.carechain.crypto.sign.Ed25519Verify;
import org.carechain.proto.certificate.v1.Endorsement;
import org.carechain.proto.certificate.v1.TrustBundleUpdate;

/**
 * The consortium's CA roots: those of the {@code cbc} genesis, changed by endorsed
 * {@link TrustBundleUpdate}s in chain order. Immutable and deterministic: every CA that replays
 * the same chain holds the same bundle, which replaces pairwise bridges between CAs.
 *
 * <p>An update applies when its sequence is the next one and more than half of the roots in the
 * bundle before it endorsed it, each with an Ed25519 signature by its CA key over
 * {@link #signedBytes}. It may not empty the bundle. A root is a self-signed CA certificate with an
 * Ed25519 key, identified by the SHA-256 of its DER.
 */
public final class TrustBundle {

    public static final String DOMAIN = "carechain/certificate/trust-bundle-update/v1";

    /** One CA root, named by the SHA-256 of its DER. */
    public record Root(Hash id, CaCertificate certificate) {
        public byte[] der() {
            return certificate.toDer();
        }

        public Ed25519PublicKey key() {
            return certificate.publicKey();
        }
    }

    /** The result of applying an update: the next bundle, or why the update was ignored. */
    public record Outcome(TrustBundle bundle, Optional<String> rejection) {}

    private final long sequence;
    private final Map<Hash, Root> roots;

    private TrustBundle(long sequence, Map<Hash, Root> roots) {
        this.sequence = sequence;
        this.roots = roots;
    }

    /**
     * The bundle the genesis fixes.
     *
     * @throws IllegalArgumentException if it is empty or a root is not a self-signed Ed25519 CA certificate
     */
    public static TrustBundle genesis(List<byte[]> roots) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("the cbc genesis lists no CA root");
        }
        Map<Hash, Root> parsed = new LinkedHashMap<>();
        for (int i = 0; i < roots.size(); i++) {
            try {
                Root root = root(roots.get(i));
                if (parsed.put(root.id(), root) != null) {
                    throw new IllegalArgumentException("trust root " + i + " is listed twice");
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("trust root " + i + " of the cbc genesis: " + e.getMessage());
            }
        }
        return new TrustBundle(0, Map.copyOf(parsed));
    }

    /** Parses and checks one root certificate: a self-signed Ed25519 CA certificate. */
    public static Root root(byte[] der) throws GeneralSecurityException {
        CaCertificate certificate = CaCertificate.parse(der);
        return new Root(certificate.sha256(), certificate);
    }

    /** The same roots, restored with the update count they had reached (after a restart). */
    public TrustBundle withSequence(long restoredSequence) {
        return new TrustBundle(restoredSequence, roots);
    }

    /** The number of updates applied so far. */
    public long sequence() {
        return sequence;
    }

    public List<Root> roots() {
        return List.copyOf(roots.values());
    }

    public Optional<Root> root(Hash id) {
        return Optional.ofNullable(roots.get(id));
    }

    /** Applies an update from the chain; an invalid one changes nothing and says why. */
    public Outcome apply(TrustBundleUpdate update) {
        if (update.getSequence() != sequence + 1) {
            return rejected("sequence " + update.getSequence() + " is not the next one (" + (sequence + 1) + ")");
        }
        byte[] signed = signedBytes(update);
        Set<Hash> endorsers = new HashSet<>();
        for (Endorsement endorsement : update.getEndorsementsList()) {
            if (endorsement.getRootHash().size() != Hash.SIZE) {
                return rejected("an endorsement names no root");
            }
            Root endorser = roots.get(Hash.of(endorsement.getRootHash().toByteArray()));
            if (endorser == null) {
                continue;
            }
            try {
                Ed25519Verify.create(endorser.key()).verify(endorsement.getSignature().toByteArray(), signed);
                endorsers.add(endorser.id());
            } catch (GeneralSecurityException e) {
                return rejected("the endorsement of root " + endorser.id().toHex() + " does not verify");
            }
        }
        if (endorsers.size() * 2 <= roots.size()) {
            return rejected(endorsers.size() + " of " + roots.size() + " roots endorsed it; more than half must");
        }
        Map<Hash, Root> next = new LinkedHashMap<>(roots);
        for (ByteString removed : update.getRemoveRootsList()) {
            if (removed.size() != Hash.SIZE || next.remove(Hash.of(removed.toByteArray())) == null) {
                return rejected("it removes a root that is not in the bundle");
            }
        }
        for (ByteString added : update.getAddRootsList()) {
            try {
                Root root = root(added.toByteArray());
                if (next.put(root.id(), root) != null) {
                    return rejected("it adds a root that is already in the bundle");
                }
            } catch (GeneralSecurityException e) {
                return rejected("an added root is unusable: " + e.getMessage());
            }
        }
        if (next.isEmpty()) {
            return rejected("it would leave the bundle empty");
        }
        return new Outcome(new TrustBundle(sequence + 1, Map.copyOf(next)), Optional.empty());
    }

    /** What each endorser signs: the sequence, the added roots and the removed root hashes, in order. */
    public static byte[] signedBytes(TrustBundleUpdate update) {
        CanonicalEncoder encoder = CanonicalEncoder.forDomain(DOMAIN).writeInt64(update.getSequence());
        encoder.writeCount(update.getAddRootsCount());
        update.getAddRootsList().forEach(root -> encoder.writeBytes(root.toByteArray()));
        encoder.writeCount(update.getRemoveRootsCount());
        update.getRemoveRootsList().forEach(root -> encoder.writeBytes(root.toByteArray()));
        return encoder.toByteArray();
    }

    /** An endorsement of the update by the CA whose root is {@code rootId}. */
    public static Endorsement endorse(TrustBundleUpdate update, Hash rootId, Ed25519PrivateKey caKey) {
        return Endorsement.newBuilder()
                .setRootHash(ByteString.copyFrom(rootId.toByteArray()))
                .setSignature(ByteString.copyFrom(Ed25519Sign.create(caKey).sign(signedBytes(update))))
                .build();
    }

    private Outcome rejected(String reason) {
        return new Outcome(this, Optional.of(reason));
    }

    /** Root ids in a stable order, for logs and answers. */
    public List<String> rootIds() {
        List<String> ids = new ArrayList<>();
        roots.keySet().forEach(id -> ids.add(id.toHex()));
        ids.sort(null);
        return ids;
    }
}
