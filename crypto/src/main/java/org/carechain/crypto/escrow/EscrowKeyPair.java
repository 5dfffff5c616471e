package org.carechain.crypto.escrow;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.carechain.crypto.sign.KeyId;

/**
 * The consortium escrow key pair: an X25519 private key of 32 bytes with its
 * {@link EscrowPublicKey}.
 *
 * <p>This is the key whole, in one place. In production the escrow key is made already shared
 * ({@link ThresholdEscrow#dealFreshKey}) and never exists as an {@code EscrowKeyPair}; this class
 * serves to share out a key made earlier ({@link ThresholdEscrow#deal}), and for tests. The private
 * key has no export method, and {@link #toString()} shows only the public key's id.
 */
public final class EscrowKeyPair {

  /** Length of the private key in bytes. */
  public static final int PRIVATE_KEY_SIZE = X25519PrivateKeyParameters.KEY_SIZE;

  private final X25519PrivateKeyParameters privateKey;
  private final EscrowPublicKey publicKey;

  private EscrowKeyPair(X25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    this.publicKey = EscrowPublicKey.fromParameters(privateKey.generatePublicKey());
  }

  /** A new key pair whose private key is drawn from {@code random}. */
  public static EscrowKeyPair generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    return new EscrowKeyPair(new X25519PrivateKeyParameters(random));
  }

  /** The key pair with a given private key; for checking against published test vectors. */
  static EscrowKeyPair fromPrivateKey(byte[] privateKey) {
    return new EscrowKeyPair(new X25519PrivateKeyParameters(privateKey, 0));
  }

  /** clamp(sk) mod ℓ: the scalar {@link ThresholdEscrow#deal} shares. */
  java.math.BigInteger scalarModOrder() {
    byte[] secret = privateKey.getEncoded();
    try {
      return Curve25519Group.clampedScalarModOrder(secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  public EscrowPublicKey publicKey() {
    return publicKey;
  }

  public KeyId keyId() {
    return publicKey.keyId();
  }

  /** The pair in BouncyCastle's form, for HPKE decapsulation. */
  AsymmetricCipherKeyPair hpkeKeyPair() {
    return new AsymmetricCipherKeyPair(publicKey.parameters(), privateKey);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof EscrowKeyPair that)) {
      return false;
    }
    byte[] mine = privateKey.getEncoded();
    byte[] theirs = that.privateKey.getEncoded();
    try {
      return MessageDigest.isEqual(mine, theirs);
    } finally {
      Arrays.fill(mine, (byte) 0);
      Arrays.fill(theirs, (byte) 0);
    }
  }

  @Override
  public int hashCode() {
    // Derived from the public half so that the hash code reveals nothing about the private key.
    return publicKey.hashCode();
  }

  @Override
  public String toString() {
    return "EscrowKeyPair{keyId=" + keyId() + "}";
  }
}
