package org.carechain.consensus;

import java.util.Objects;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519Sign;

/** Signs consensus payloads with the validator's Ed25519 key. */
public final class Ed25519MessageSigner implements MessageSigner {

  private final Ed25519Sign signer;

  private Ed25519MessageSigner(Ed25519Sign signer) {
    this.signer = signer;
  }

  public static Ed25519MessageSigner create(Ed25519PrivateKey key) {
    return new Ed25519MessageSigner(Ed25519Sign.create(Objects.requireNonNull(key, "key")));
  }

  @Override
  public Signature sign(byte[] payload) {
    return Signature.of(signer.sign(payload));
  }

  @Override
  public String toString() {
    return "Ed25519MessageSigner{keyId=" + signer.keyId() + "}";
  }
}
