package org.carechain.consensus;

import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import org.carechain.crypto.sign.Ed25519PublicKey;
import org.carechain.crypto.sign.Ed25519Verify;

/** Checks consensus signatures against each validator's Ed25519 public key from genesis. */
public final class Ed25519MessageAuthenticator implements MessageAuthenticator {

  private final Map<String, Ed25519Verify> verifiers;

  private Ed25519MessageAuthenticator(Map<String, Ed25519Verify> verifiers) {
    this.verifiers = verifiers;
  }

  /** @param keys each validator id with its consensus public key */
  public static Ed25519MessageAuthenticator create(Map<String, Ed25519PublicKey> keys) {
    Map<String, Ed25519Verify> verifiers = new HashMap<>();
    keys.forEach((validator, key) -> verifiers.put(validator, Ed25519Verify.create(key)));
    return new Ed25519MessageAuthenticator(Map.copyOf(verifiers));
  }

  @Override
  public boolean isAuthentic(String validator, byte[] payload, Signature signature) {
    Ed25519Verify verifier = verifiers.get(validator);
    if (verifier == null) {
      return false;
    }
    try {
      verifier.verify(signature.toByteArray(), payload);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
