package org.carechain.consensus.sim;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carechain.consensus.Ed25519MessageAuthenticator;
import org.carechain.consensus.Ed25519MessageSigner;
import org.carechain.consensus.MessageAuthenticator;
import org.carechain.consensus.MessageSigner;
import org.carechain.consensus.testing.FakeCrypto;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519PublicKey;

/** Signers and the authenticator of a simulated network: fake for bulk runs, or real Ed25519. */
interface SimCrypto {

  MessageSigner signerFor(String validator);

  MessageAuthenticator authenticator();

  static SimCrypto fake(List<String> ids) {
    FakeCrypto fake = new FakeCrypto(ids);
    MessageAuthenticator authenticator = fake.authenticator();
    return new SimCrypto() {
      @Override
      public MessageSigner signerFor(String validator) {
        return fake.signerFor(validator);
      }

      @Override
      public MessageAuthenticator authenticator() {
        return authenticator;
      }
    };
  }

  /** Ed25519 keys whose seeds are SHA-256("sim-ed25519/" + id): fixed, so runs stay replayable. */
  static SimCrypto ed25519(List<String> ids) {
    Map<String, Ed25519PrivateKey> keys = new HashMap<>();
    Map<String, Ed25519PublicKey> publicKeys = new HashMap<>();
    for (String id : ids) {
      try {
        Ed25519PrivateKey key = Ed25519PrivateKey.create(
            Hash.sha256(("sim-ed25519/" + id).getBytes(StandardCharsets.UTF_8)).toByteArray());
        keys.put(id, key);
        publicKeys.put(id, key.publicKey());
      } catch (InvalidKeyException e) {
        throw new IllegalStateException(e);
      }
    }
    MessageAuthenticator authenticator = Ed25519MessageAuthenticator.create(publicKeys);
    return new SimCrypto() {
      @Override
      public MessageSigner signerFor(String validator) {
        return Ed25519MessageSigner.create(keys.get(validator));
      }

      @Override
      public MessageAuthenticator authenticator() {
        return authenticator;
      }
    };
  }
}
