package org.carechain.crypto.escrow;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.carechain.crypto.sign.KeyId;

/**
 * The consortium escrow key pair: an X25519 private key of 32 bytes with its
 * {@link EscrowPublicKey}.
 *
 * <p>The private key has no export method. It leaves this object only as Shamir shares
 * ({@link #splitPrivateKey}), one per CA officer, and comes back only from at least k of them
 * ({@link #fromShares}), so opening a wrapped key or a link tag needs k officers to agree.
 * {@link #toString()} shows only the public key's id.
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

  /**
   * Recombines the private key from at least k of its shares and checks it against the escrow
   * public key everyone already knows.
   *
   * @throws InvalidSharesException if the shares cannot be combined (see {@link Shamir#combine})
   * @throws InvalidKeyException if they combine to a key that is not the private half of
   *     {@code expectedPublicKey}: a share is corrupted or belongs to another key
   */
  public static EscrowKeyPair fromShares(
      Collection<Share> shares, EscrowPublicKey expectedPublicKey)
      throws InvalidSharesException, InvalidKeyException {
    Objects.requireNonNull(expectedPublicKey, "expectedPublicKey");
    byte[] secret = Shamir.combine(shares);
    try {
      if (secret.length != PRIVATE_KEY_SIZE) {
        throw new InvalidKeyException("the shares hold a " + secret.length
            + "-byte secret, an escrow private key is " + PRIVATE_KEY_SIZE + " bytes");
      }
      EscrowKeyPair keyPair = new EscrowKeyPair(new X25519PrivateKeyParameters(secret, 0));
      if (!keyPair.publicKey.equals(expectedPublicKey)) {
        throw new InvalidKeyException("the shares do not recombine to the private key of escrow key "
            + expectedPublicKey.keyId() + ": a share is corrupted or belongs to another key");
      }
      return keyPair;
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /** The key pair with a given private key; for checking against published test vectors. */
  static EscrowKeyPair fromPrivateKey(byte[] privateKey) {
    return new EscrowKeyPair(new X25519PrivateKeyParameters(privateKey, 0));
  }

  /**
   * Splits the private key into {@code shareCount} Shamir shares, any {@code threshold} of which
   * recombine it with {@link #fromShares}.
   *
   * @throws IllegalArgumentException unless 2 ≤ threshold ≤ shareCount ≤ 255
   */
  public List<Share> splitPrivateKey(int threshold, int shareCount, SecureRandom random) {
    byte[] secret = privateKey.getEncoded();
    try {
      return Shamir.split(secret, threshold, shareCount, random);
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
