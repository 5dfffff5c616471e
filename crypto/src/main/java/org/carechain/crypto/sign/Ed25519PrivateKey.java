package org.carechain.crypto.sign;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * An Ed25519 private key, held as its 32-byte seed (RFC 8032 section 5.1.5), with its public key.
 *
 * <p>{@link #toString()} shows only the key id. Two keys are equal when their seeds are, compared
 * in constant time.
 */
public final class Ed25519PrivateKey {

  /** Length of the seed in bytes. */
  public static final int SEED_SIZE = Ed25519PrivateKeyParameters.KEY_SIZE;

  private final Ed25519PrivateKeyParameters parameters;
  private final Ed25519PublicKey publicKey;

  private Ed25519PrivateKey(Ed25519PrivateKeyParameters parameters) {
    this.parameters = parameters;
    this.publicKey = Ed25519PublicKey.fromParameters(parameters.generatePublicKey());
  }

  /** A new key whose seed is drawn from {@code random}. */
  public static Ed25519PrivateKey generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    byte[] seed = new byte[SEED_SIZE];
    try {
      random.nextBytes(seed);
      return new Ed25519PrivateKey(new Ed25519PrivateKeyParameters(seed, 0));
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /**
   * The key with the given 32-byte seed.
   *
   * @throws InvalidKeyException if {@code seed} is not 32 bytes
   */
  public static Ed25519PrivateKey create(byte[] seed) throws InvalidKeyException {
    Objects.requireNonNull(seed, "seed");
    if (seed.length != SEED_SIZE) {
      throw new InvalidKeyException("an Ed25519 seed is " + SEED_SIZE + " bytes, got " + seed.length);
    }
    return new Ed25519PrivateKey(new Ed25519PrivateKeyParameters(seed, 0));
  }

  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  /** The id of the public key, which also names this key. */
  public KeyId keyId() {
    return publicKey.keyId();
  }

  /**
   * A copy of the secret seed, for storing the key in a keystore or secret manager. The caller owns
   * the copy and should overwrite it when done.
   */
  public byte[] exportSeed() {
    return parameters.getEncoded();
  }

  Ed25519PrivateKeyParameters parameters() {
    return parameters;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof Ed25519PrivateKey that)) {
      return false;
    }
    byte[] mine = parameters.getEncoded();
    byte[] theirs = that.parameters.getEncoded();
    try {
      return MessageDigest.isEqual(mine, theirs);
    } finally {
      Arrays.fill(mine, (byte) 0);
      Arrays.fill(theirs, (byte) 0);
    }
  }

  @Override
  public int hashCode() {
    // Derived from the public half so that the hash code reveals nothing about the seed.
    return publicKey.hashCode();
  }

  @Override
  public String toString() {
    return "Ed25519PrivateKey{keyId=" + keyId() + "}";
  }
}
