package org.carechain.crypto.sse;

import java.security.SignatureException;
import java.util.Arrays;
import java.util.Objects;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519PublicKey;
import org.carechain.crypto.sign.Ed25519Sign;
import org.carechain.crypto.sign.Ed25519Verify;

/**
 * The owner's signed head of its update log at the end of epoch {@code epoch}, anchored on the
 * ledger's {@code search} channel. It commits the owner to what the server should hold, and the
 * newest anchored epoch is the one a fresh {@link KeywordStatement} must name.
 *
 * <p>Signed bytes ({@link #signedBytes}):
 *
 * <pre>
 * CanonicalEncoder.forDomain("carechain/search/anchor/v1")
 *     .writeString(owner).writeInt64(epoch).writeInt64(logSize).writeHash(logRoot)
 * </pre>
 */
public record EpochAnchor(String owner, long epoch, long logSize, Hash logRoot, byte[] signature) {

  /** The domain tag of the signed bytes. */
  public static final String DOMAIN = "carechain/search/anchor/v1";

  /**
   * The idempotency key of the anchor of {@code epoch} on the {@code search} channel:
   * {@code search/anchor/<owner>/<epoch>}. One anchor per owner and epoch; users look it up, and
   * the next epoch's, under these keys.
   */
  public static String idempotencyKey(String owner, long epoch) {
    return "search/anchor/" + owner + "/" + epoch;
  }

  /**
   * @throws IllegalArgumentException if a field is missing, or the epoch or size is negative
   */
  public EpochAnchor {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(logRoot, "logRoot");
    Objects.requireNonNull(signature, "signature");
    if (owner.isEmpty()) {
      throw new IllegalArgumentException("an anchor names its owner");
    }
    if (epoch < 0 || logSize < 0) {
      throw new IllegalArgumentException("an anchor's epoch and log size are >= 0");
    }
    signature = signature.clone();
  }

  /** Signs the log head {@code head} as the end of {@code epoch}. */
  public static EpochAnchor sign(Ed25519PrivateKey key, String owner, long epoch, TreeHead head) {
    Objects.requireNonNull(head, "head");
    return sign(key, owner, epoch, head.size(), head.root());
  }

  /** Signs the log of {@code logSize} leaves with root {@code logRoot} as the end of {@code epoch}. */
  public static EpochAnchor sign(Ed25519PrivateKey key, String owner, long epoch, long logSize, Hash logRoot) {
    Objects.requireNonNull(key, "key");
    EpochAnchor unsigned = new EpochAnchor(owner, epoch, logSize, logRoot, new byte[0]);
    return new EpochAnchor(owner, epoch, logSize, logRoot, Ed25519Sign.create(key).sign(unsigned.signedBytes()));
  }

  /** The bytes the signature covers; see the class comment. */
  public byte[] signedBytes() {
    return CanonicalEncoder.forDomain(DOMAIN)
        .writeString(owner)
        .writeInt64(epoch)
        .writeInt64(logSize)
        .writeHash(logRoot)
        .toByteArray();
  }

  /** Whether the signature verifies under {@code ownerKey}. */
  public boolean verify(Ed25519PublicKey ownerKey) {
    Objects.requireNonNull(ownerKey, "ownerKey");
    try {
      Ed25519Verify.create(ownerKey).verify(signature, signedBytes());
      return true;
    } catch (SignatureException e) {
      return false;
    }
  }

  /** The anchored log head. */
  public TreeHead treeHead() {
    return new TreeHead(logSize, logRoot);
  }

  /** A copy of the 64-byte Ed25519 signature. */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EpochAnchor that
        && owner.equals(that.owner)
        && epoch == that.epoch
        && logSize == that.logSize
        && logRoot.equals(that.logRoot)
        && Arrays.equals(signature, that.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(owner, epoch, logSize, logRoot);
  }

  @Override
  public String toString() {
    return "EpochAnchor{owner=" + owner + ", epoch=" + epoch + ", logSize=" + logSize + ", logRoot=" + logRoot + "}";
  }
}
