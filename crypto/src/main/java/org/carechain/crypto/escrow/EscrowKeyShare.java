package org.carechain.crypto.escrow;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;

/**
 * One CA officer's share of the escrow private key: f(i) for the officer's index i, where f is the
 * dealing's random polynomial over Z<sub>ℓ</sub> of degree k − 1 whose constant term is the escrow
 * scalar. The officer never hands it over; it only computes {@linkplain ThresholdEscrow#partial
 * partial decryptions} with it.
 *
 * <p>Encoding ({@link #toByteArray()}), {@value #SIZE} bytes, for the officer to keep in a file:
 *
 * <pre>
 *   offset  length  field
 *   0       1       version, {@value #VERSION}
 *   1       1       threshold k, 1..255
 *   2       1       officer index i, 1..255
 *   3       32      escrow public key (X25519) the share belongs to
 *   35      32      f(i), little-endian, 0 &lt; f(i) &lt; ℓ
 * </pre>
 *
 * <p>Secret material: {@link #toString()} shows the index, threshold and key id only, {@link
 * #equals} compares in constant time, and {@link #hashCode()} uses the public fields.
 */
public final class EscrowKeyShare {

  /** The only encoding version defined. */
  public static final byte VERSION = 0x01;

  /** Length of the encoding in bytes. */
  public static final int SIZE = 3 + EscrowPublicKey.SIZE + Curve25519Group.SCALAR_SIZE;

  /** Most officers in one dealing; an index fits in a byte. */
  public static final int MAX_OFFICERS = 255;

  private static final int KEY_OFFSET = 3;
  private static final int SCALAR_OFFSET = KEY_OFFSET + EscrowPublicKey.SIZE;

  private final int index;
  private final int threshold;
  private final EscrowPublicKey escrowKey;
  private final BigInteger scalar;

  private EscrowKeyShare(int index, int threshold, EscrowPublicKey escrowKey, BigInteger scalar) {
    this.index = index;
    this.threshold = threshold;
    this.escrowKey = escrowKey;
    this.scalar = scalar;
  }

  static EscrowKeyShare create(
      int index, int threshold, EscrowPublicKey escrowKey, BigInteger scalar) {
    if (index < 1 || index > MAX_OFFICERS || threshold < 1 || threshold > MAX_OFFICERS
        || scalar.signum() <= 0 || scalar.compareTo(Curve25519Group.ORDER) >= 0) {
      throw new IllegalArgumentException("not a valid key share");
    }
    return new EscrowKeyShare(index, threshold, Objects.requireNonNull(escrowKey), scalar);
  }

  /**
   * Reads the encoding written by {@link #toByteArray()}.
   *
   * @throws InvalidSharesException if it is not exactly {@value #SIZE} bytes, has an unknown
   *     version, a threshold or index of 0, an invalid escrow public key, or a share value that is
   *     0 or not below ℓ
   */
  public static EscrowKeyShare parse(byte[] encoded) throws InvalidSharesException {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.length != SIZE) {
      throw new InvalidSharesException(
          "an escrow key share is " + SIZE + " bytes, got " + encoded.length);
    }
    if (encoded[0] != VERSION) {
      throw new InvalidSharesException(
          "unknown key share version " + (encoded[0] & 0xff) + ", expected " + VERSION);
    }
    int threshold = encoded[1] & 0xff;
    int index = encoded[2] & 0xff;
    if (threshold < 1 || index < 1) {
      throw new InvalidSharesException("a key share's threshold and index are 1.." + MAX_OFFICERS
          + ", got threshold " + threshold + " and index " + index);
    }
    EscrowPublicKey escrowKey;
    try {
      escrowKey = EscrowPublicKey.create(
          Arrays.copyOfRange(encoded, KEY_OFFSET, KEY_OFFSET + EscrowPublicKey.SIZE));
    } catch (InvalidKeyException e) {
      throw new InvalidSharesException("key share " + index + " names an invalid escrow key");
    }
    BigInteger scalar = Curve25519Group.decodeScalar(encoded, SCALAR_OFFSET);
    if (scalar == null || scalar.signum() == 0) {
      throw new InvalidSharesException("key share " + index + " has a value out of range");
    }
    return new EscrowKeyShare(index, threshold, escrowKey, scalar);
  }

  public byte[] toByteArray() {
    byte[] encoded = new byte[SIZE];
    encoded[0] = VERSION;
    encoded[1] = (byte) threshold;
    encoded[2] = (byte) index;
    System.arraycopy(escrowKey.toByteArray(), 0, encoded, KEY_OFFSET, EscrowPublicKey.SIZE);
    byte[] value = Curve25519Group.encodeScalar(scalar);
    System.arraycopy(value, 0, encoded, SCALAR_OFFSET, value.length);
    Arrays.fill(value, (byte) 0);
    return encoded;
  }

  /** The officer's index, 1..255: the x coordinate of the share. */
  public int index() {
    return index;
  }

  /** How many officers' partial decryptions open a message. */
  public int threshold() {
    return threshold;
  }

  /** The escrow public key this is a share of. */
  public EscrowPublicKey escrowKey() {
    return escrowKey;
  }

  BigInteger scalar() {
    return scalar;
  }

  /** f(i)·B: the officer's verification key, against which partial decryptions are checked. */
  ECPoint verificationKey() {
    return Curve25519Group.multiply(Curve25519Group.base(), scalar);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof EscrowKeyShare that)) {
      return false;
    }
    byte[] mine = toByteArray();
    byte[] theirs = that.toByteArray();
    try {
      return MessageDigest.isEqual(mine, theirs);
    } finally {
      Arrays.fill(mine, (byte) 0);
      Arrays.fill(theirs, (byte) 0);
    }
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, threshold, escrowKey);
  }

  @Override
  public String toString() {
    return "EscrowKeyShare{index=" + index + ", threshold=" + threshold + ", keyId="
        + escrowKey.keyId() + "}";
  }
}
