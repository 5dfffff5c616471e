package org.carechain.crypto.sign;

import java.security.SignatureException;
import java.util.Objects;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Verifies Ed25519 signatures (pure Ed25519, no context) against one public key. Thread-safe.
 *
 * <p>BouncyCastle rejects a non-canonical scalar ({@code S >= L}), so signatures are not
 * malleable.
 */
public final class Ed25519Verify implements PublicKeyVerify {

  private final Ed25519PublicKey key;

  private Ed25519Verify(Ed25519PublicKey key) {
    this.key = key;
  }

  public static Ed25519Verify create(Ed25519PublicKey key) {
    return new Ed25519Verify(Objects.requireNonNull(key, "key"));
  }

  /**
   * @throws SignatureException if {@code signature} is not 64 bytes or does not verify
   */
  @Override
  public void verify(byte[] signature, byte[] data) throws SignatureException {
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(data, "data");
    if (signature.length != Ed25519Sign.SIGNATURE_SIZE) {
      throw new SignatureException(
          "an Ed25519 signature is " + Ed25519Sign.SIGNATURE_SIZE + " bytes, got " + signature.length);
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, key.parameters());
    verifier.update(data, 0, data.length);
    if (!verifier.verifySignature(signature)) {
      throw new SignatureException("Ed25519 signature does not verify under key " + key.keyId());
    }
  }

  /** The id of the key that signatures are checked against. */
  public KeyId keyId() {
    return key.keyId();
  }

  @Override
  public String toString() {
    return "Ed25519Verify{keyId=" + key.keyId() + "}";
  }
}
