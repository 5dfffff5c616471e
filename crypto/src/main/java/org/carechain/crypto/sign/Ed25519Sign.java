package org.carechain.crypto.sign;

import java.util.Objects;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Signs with an Ed25519 private key (pure Ed25519, no context). Thread-safe. */
public final class Ed25519Sign implements PublicKeySign {

  /** Length of a signature in bytes. */
  public static final int SIGNATURE_SIZE = 64;

  private final Ed25519PrivateKey key;

  private Ed25519Sign(Ed25519PrivateKey key) {
    this.key = key;
  }

  public static Ed25519Sign create(Ed25519PrivateKey key) {
    return new Ed25519Sign(Objects.requireNonNull(key, "key"));
  }

  /** Signs {@code data}; Ed25519 is deterministic, so the same data always gives the same signature. */
  @Override
  public byte[] sign(byte[] data) {
    Objects.requireNonNull(data, "data");
    // Ed25519Signer buffers the message internally, so one per call keeps this class thread-safe;
    // it is a small allocation next to the scalar multiplication.
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, key.parameters());
    signer.update(data, 0, data.length);
    return signer.generateSignature();
  }

  /** The id of the key that signs. */
  public KeyId keyId() {
    return key.keyId();
  }

  @Override
  public String toString() {
    return "Ed25519Sign{keyId=" + key.keyId() + "}";
  }
}
