package org.carechain.consensus.testing;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carechain.consensus.MessageAuthenticator;
import org.carechain.consensus.MessageSigner;
import org.carechain.consensus.Signature;
import org.carechain.crypto.Hash;

/**
 * Cheap deterministic signatures for bulk simulation: SHA-256(secret ‖ payload), with a secret per
 * validator. Only the authenticator knows every secret; a simulated Byzantine validator gets a
 * signer for its own id only, so it can forge another's signature no better than with Ed25519.
 */
public final class FakeCrypto {

  private final Map<String, byte[]> secrets = new HashMap<>();

  public FakeCrypto(List<String> validators) {
    for (String validator : validators) {
      secrets.put(validator, Hash.sha256(("fake-key/" + validator).getBytes(StandardCharsets.UTF_8)).toByteArray());
    }
  }

  public MessageSigner signerFor(String validator) {
    byte[] secret = secrets.get(validator).clone();
    return payload -> Signature.of(Hash.sha256(secret, payload).toByteArray());
  }

  public MessageAuthenticator authenticator() {
    return (validator, payload, signature) -> {
      byte[] secret = secrets.get(validator);
      return secret != null && Hash.sha256(secret, payload).contentEquals(signature.toByteArray());
    };
  }
}
