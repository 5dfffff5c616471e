package org.carechain.crypto.escrow;

import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The public side of a dealing: the escrow public key, the threshold k, and each officer's
 * verification key V<sub>i</sub> = f(i)·B, which a combiner checks partial decryptions against.
 * Public; publish it with the escrow key (for example in the trust bundle on {@code cbc}).
 *
 * <p>Encoding ({@link #toByteArray()}), 35 + 32n bytes:
 *
 * <pre>
 *   offset    length  field
 *   0         1       version, {@value #VERSION}
 *   1         1       threshold k, 1..n
 *   2         1       officer count n, 1..255
 *   3         32      escrow public key (X25519)
 *   35+32(i−1) 32     V_i for officer i = 1..n, a point of the prime-order subgroup: u
 *                     little-endian with the parity of v in the top bit
 * </pre>
 *
 * <p>{@link #parse} also checks that the keys belong together: V<sub>1</sub>..V<sub>k</sub>
 * interpolate at 0 to the escrow public key and at every other index to that officer's key, so they
 * are the points of one polynomial of degree below k whose constant term is the escrow scalar.
 */
public final class EscrowVerificationKeys {

  /** The only encoding version defined. */
  public static final byte VERSION = 0x01;

  private static final int HEADER_SIZE = 3 + EscrowPublicKey.SIZE;

  private final EscrowPublicKey escrowKey;
  private final int threshold;
  private final List<ECPoint> keys;

  private EscrowVerificationKeys(EscrowPublicKey escrowKey, int threshold, List<ECPoint> keys) {
    this.escrowKey = escrowKey;
    this.threshold = threshold;
    this.keys = List.copyOf(keys);
  }

  /** Keys computed by the dealer, who knows they are consistent. */
  static EscrowVerificationKeys ofDealing(
      EscrowPublicKey escrowKey, int threshold, List<ECPoint> keys) {
    return new EscrowVerificationKeys(escrowKey, threshold, keys);
  }

  /**
   * Reads the encoding written by {@link #toByteArray()}.
   *
   * @throws InvalidSharesException if the layout, version, counts or escrow key are wrong, a
   *     V<sub>i</sub> is not the encoding of a point of the prime-order subgroup, or the keys are
   *     not those of one k-of-n sharing of the escrow key
   */
  public static EscrowVerificationKeys parse(byte[] encoded) throws InvalidSharesException {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.length < HEADER_SIZE + Curve25519Group.POINT_SIZE) {
      throw new InvalidSharesException("escrow verification keys are at least "
          + (HEADER_SIZE + Curve25519Group.POINT_SIZE) + " bytes, got " + encoded.length);
    }
    if (encoded[0] != VERSION) {
      throw new InvalidSharesException("unknown verification keys version " + (encoded[0] & 0xff)
          + ", expected " + VERSION);
    }
    int threshold = encoded[1] & 0xff;
    int count = encoded[2] & 0xff;
    if (threshold < 1 || threshold > count) {
      throw new InvalidSharesException(
          "verification keys need 1 <= threshold <= count, got " + threshold + " of " + count);
    }
    int expectedSize = HEADER_SIZE + count * Curve25519Group.POINT_SIZE;
    if (encoded.length != expectedSize) {
      throw new InvalidSharesException("verification keys for " + count + " officers are "
          + expectedSize + " bytes, got " + encoded.length);
    }
    EscrowPublicKey escrowKey;
    try {
      escrowKey = EscrowPublicKey.create(Arrays.copyOfRange(encoded, 3, HEADER_SIZE));
    } catch (InvalidKeyException e) {
      throw new InvalidSharesException("the verification keys name an invalid escrow key");
    }
    List<ECPoint> keys = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      ECPoint key = Curve25519Group.decode(encoded, HEADER_SIZE + (i - 1) * Curve25519Group.POINT_SIZE);
      if (key == null) {
        throw new InvalidSharesException(
            "the verification key of officer " + i + " is not a point of the prime-order subgroup");
      }
      keys.add(key);
    }
    checkConsistent(escrowKey, threshold, keys);
    return new EscrowVerificationKeys(escrowKey, threshold, keys);
  }

  private static void checkConsistent(EscrowPublicKey escrowKey, int threshold, List<ECPoint> keys)
      throws InvalidSharesException {
    int[] basis = IntStream.rangeClosed(1, threshold).toArray();
    List<ECPoint> basisKeys = keys.subList(0, threshold);
    ECPoint atZero = Lagrange.interpolate(basisKeys, basis, 0);
    if (atZero.isInfinity()
        || !Arrays.equals(Curve25519Group.uCoordinate(atZero), escrowKey.toByteArray())) {
      throw new InvalidSharesException("the verification keys of officers 1.." + threshold
          + " do not interpolate to escrow key " + escrowKey.keyId());
    }
    for (int j = threshold + 1; j <= keys.size(); j++) {
      if (!Lagrange.interpolate(basisKeys, basis, j).equals(keys.get(j - 1))) {
        throw new InvalidSharesException("the verification key of officer " + j
            + " is not on the polynomial of officers 1.." + threshold);
      }
    }
  }

  public byte[] toByteArray() {
    byte[] encoded = new byte[HEADER_SIZE + keys.size() * Curve25519Group.POINT_SIZE];
    encoded[0] = VERSION;
    encoded[1] = (byte) threshold;
    encoded[2] = (byte) keys.size();
    System.arraycopy(escrowKey.toByteArray(), 0, encoded, 3, EscrowPublicKey.SIZE);
    for (int i = 0; i < keys.size(); i++) {
      System.arraycopy(Curve25519Group.encode(keys.get(i)), 0, encoded,
          HEADER_SIZE + i * Curve25519Group.POINT_SIZE, Curve25519Group.POINT_SIZE);
    }
    return encoded;
  }

  public EscrowPublicKey escrowKey() {
    return escrowKey;
  }

  /** How many officers' partial decryptions open a message. */
  public int threshold() {
    return threshold;
  }

  /** How many officers hold shares; their indices are 1..officerCount. */
  public int officerCount() {
    return keys.size();
  }

  /**
   * Officer {@code index}'s verification key in its 32-byte encoding.
   *
   * @throws IndexOutOfBoundsException unless 1 ≤ index ≤ {@link #officerCount()}
   */
  public byte[] verificationKey(int index) {
    return Curve25519Group.encode(point(index));
  }

  ECPoint point(int index) {
    Objects.checkIndex(index - 1, keys.size());
    return keys.get(index - 1);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EscrowVerificationKeys that
        && Arrays.equals(toByteArray(), that.toByteArray());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(toByteArray());
  }

  @Override
  public String toString() {
    return "EscrowVerificationKeys{keyId=" + escrowKey.keyId() + ", threshold=" + threshold
        + ", officers=" + keys.size() + "}";
  }
}
