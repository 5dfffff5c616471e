package org.carechain.crypto.sse;

import java.security.SignatureException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519PublicKey;
import org.carechain.crypto.sign.Ed25519Sign;
import org.carechain.crypto.sign.Ed25519Verify;

/**
 * The owner's signed statement about one keyword, issued with each search token: at epoch
 * {@code epoch} the keyword with tag {@code keywordTag} has {@code count} entries whose hash chain
 * ends in {@code digest}, valid from {@code issuedAtMillis} to {@code expiresAtMillis}. A count of
 * zero is a signed statement of absence.
 *
 * <p>Signed bytes ({@link #signedBytes}):
 *
 * <pre>
 * CanonicalEncoder.forDomain("carechain/search/statement/v1")
 *     .writeString(owner).writeString(ownerKeyId).writeHash(keywordTag).writeInt64(count)
 *     .writeHash(digest).writeInt64(epoch).writeInt64(issuedAtMillis).writeInt64(expiresAtMillis)
 * </pre>
 */
public record KeywordStatement(
    String owner,
    String ownerKeyId,
    Hash keywordTag,
    long count,
    Hash digest,
    long epoch,
    long issuedAtMillis,
    long expiresAtMillis,
    byte[] signature) {

  /** The domain tag of the signed bytes. */
  public static final String DOMAIN = "carechain/search/statement/v1";

  /**
   * @throws IllegalArgumentException if a field is missing, or the count or epoch is negative
   */
  public KeywordStatement {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(ownerKeyId, "ownerKeyId");
    Objects.requireNonNull(keywordTag, "keywordTag");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(signature, "signature");
    if (owner.isEmpty()) {
      throw new IllegalArgumentException("a statement names its owner");
    }
    if (count < 0) {
      throw new IllegalArgumentException("a statement's count is >= 0, got " + count);
    }
    if (epoch < 0) {
      throw new IllegalArgumentException("a statement's epoch is >= 0, got " + epoch);
    }
    signature = signature.clone();
  }

  /**
   * Signs the state of the keyword with {@code tag} at {@code epoch}, valid for {@code validity}
   * from {@code issuedAt}.
   *
   * @throws IllegalArgumentException if {@code validity} is not positive
   */
  public static KeywordStatement sign(
      Ed25519PrivateKey key,
      String owner,
      Hash tag,
      KeywordState state,
      long epoch,
      Instant issuedAt,
      Duration validity) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(validity, "validity");
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("a statement's validity must be positive");
    }
    long issued = issuedAt.toEpochMilli();
    long expires = issuedAt.plus(validity).toEpochMilli();
    KeywordStatement unsigned = new KeywordStatement(owner, key.keyId().hex(), tag, state.count(),
        state.digest(), epoch, issued, expires, new byte[0]);
    byte[] signature = Ed25519Sign.create(key).sign(unsigned.signedBytes());
    return unsigned.withSignature(signature);
  }

  private KeywordStatement withSignature(byte[] newSignature) {
    return new KeywordStatement(owner, ownerKeyId, keywordTag, count, digest, epoch, issuedAtMillis,
        expiresAtMillis, newSignature);
  }

  /** The bytes the signature covers; see the class comment. */
  public byte[] signedBytes() {
    return CanonicalEncoder.forDomain(DOMAIN)
        .writeString(owner)
        .writeString(ownerKeyId)
        .writeHash(keywordTag)
        .writeInt64(count)
        .writeHash(digest)
        .writeInt64(epoch)
        .writeInt64(issuedAtMillis)
        .writeInt64(expiresAtMillis)
        .toByteArray();
  }

  /**
   * Whether the statement names {@code ownerKey}'s key id and its signature verifies under it. It
   * says nothing about freshness or the result; {@link SearchVerifier} checks those.
   */
  public boolean verify(Ed25519PublicKey ownerKey) {
    Objects.requireNonNull(ownerKey, "ownerKey");
    if (!ownerKey.keyId().hex().equals(ownerKeyId)) {
      return false;
    }
    try {
      Ed25519Verify.create(ownerKey).verify(signature, signedBytes());
      return true;
    } catch (SignatureException e) {
      return false;
    }
  }

  /** The state this statement vouches for. */
  public KeywordState state() {
    return new KeywordState(count, digest);
  }

  public Instant issuedAt() {
    return Instant.ofEpochMilli(issuedAtMillis);
  }

  public Instant expiresAt() {
    return Instant.ofEpochMilli(expiresAtMillis);
  }

  /** A copy of the 64-byte Ed25519 signature. */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KeywordStatement that
        && owner.equals(that.owner)
        && ownerKeyId.equals(that.ownerKeyId)
        && keywordTag.equals(that.keywordTag)
        && count == that.count
        && digest.equals(that.digest)
        && epoch == that.epoch
        && issuedAtMillis == that.issuedAtMillis
        && expiresAtMillis == that.expiresAtMillis
        && Arrays.equals(signature, that.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(owner, keywordTag, count, digest, epoch, issuedAtMillis);
  }

  @Override
  public String toString() {
    return "KeywordStatement{owner=" + owner + ", count=" + count + ", epoch=" + epoch
        + ", issuedAtMillis=" + issuedAtMillis + ", expiresAtMillis=" + expiresAtMillis + "}";
  }
}
