package org.carechain.crypto.escrow;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;

/**
 * One officer's contribution to opening one message: D<sub>i</sub> = f(i)·E for the message's
 * encapsulated key E, with a Chaum-Pedersen proof (c, z) that log<sub>B</sub> V<sub>i</sub> =
 * log<sub>E</sub> D<sub>i</sub>, so a combiner can tell a wrong or forged one from a good one
 * ({@link ThresholdEscrow#verify}). It reveals nothing about the officer's share, and fewer than k
 * of them reveal nothing about the message; k of them open it, so treat them as sensitive in
 * transit.
 *
 * <p>Encoding ({@link #toByteArray()}), {@value #SIZE} bytes:
 *
 * <pre>
 *   offset  length  field
 *   0       1       version, {@value #VERSION}
 *   1       1       officer index i, 1..255
 *   2       32      D_i: u little-endian with the parity of v in the top bit, a point of the
 *                   prime-order subgroup
 *   34      32      challenge c, little-endian, below ℓ
 *   66      32      response z, little-endian, below ℓ
 * </pre>
 */
public final class PartialDecryption {

  /** The only encoding version defined. */
  public static final byte VERSION = 0x01;

  /** Length of the encoding in bytes. */
  public static final int SIZE = 2 + Curve25519Group.POINT_SIZE + 2 * Curve25519Group.SCALAR_SIZE;

  private static final int POINT_OFFSET = 2;
  private static final int CHALLENGE_OFFSET = POINT_OFFSET + Curve25519Group.POINT_SIZE;
  private static final int RESPONSE_OFFSET = CHALLENGE_OFFSET + Curve25519Group.SCALAR_SIZE;

  private final int index;
  private final ECPoint point;
  private final BigInteger challenge;
  private final BigInteger response;

  PartialDecryption(int index, ECPoint point, BigInteger challenge, BigInteger response) {
    this.index = index;
    this.point = point;
    this.challenge = challenge;
    this.response = response;
  }

  /**
   * Reads the encoding written by {@link #toByteArray()}. This checks the layout only; whether the
   * proof holds is for {@link ThresholdEscrow#verify} or {@link ThresholdEscrow#combine}.
   *
   * @throws InvalidSharesException if it is not exactly {@value #SIZE} bytes, has an unknown
   *     version or index 0, D<sub>i</sub> is not a point of the prime-order subgroup, or c or z is
   *     not below ℓ
   */
  public static PartialDecryption parse(byte[] encoded) throws InvalidSharesException {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.length != SIZE) {
      throw new InvalidSharesException(
          "a partial decryption is " + SIZE + " bytes, got " + encoded.length);
    }
    if (encoded[0] != VERSION) {
      throw new InvalidSharesException("unknown partial decryption version "
          + (encoded[0] & 0xff) + ", expected " + VERSION);
    }
    int index = encoded[1] & 0xff;
    if (index < 1) {
      throw new InvalidSharesException("a partial decryption's officer index is 1..255, got 0");
    }
    ECPoint point = Curve25519Group.decode(encoded, POINT_OFFSET);
    if (point == null) {
      throw new InvalidSharesException("the partial decryption of officer " + index
          + " is not a point of the prime-order subgroup");
    }
    BigInteger challenge = Curve25519Group.decodeScalar(encoded, CHALLENGE_OFFSET);
    BigInteger response = Curve25519Group.decodeScalar(encoded, RESPONSE_OFFSET);
    if (challenge == null || response == null) {
      throw new InvalidSharesException("the proof in the partial decryption of officer " + index
          + " has a scalar out of range");
    }
    return new PartialDecryption(index, point, challenge, response);
  }

  public byte[] toByteArray() {
    byte[] encoded = new byte[SIZE];
    encoded[0] = VERSION;
    encoded[1] = (byte) index;
    System.arraycopy(Curve25519Group.encode(point), 0, encoded, POINT_OFFSET,
        Curve25519Group.POINT_SIZE);
    System.arraycopy(Curve25519Group.encodeScalar(challenge), 0, encoded, CHALLENGE_OFFSET,
        Curve25519Group.SCALAR_SIZE);
    System.arraycopy(Curve25519Group.encodeScalar(response), 0, encoded, RESPONSE_OFFSET,
        Curve25519Group.SCALAR_SIZE);
    return encoded;
  }

  /** The index of the officer who claims to have made it, 1..255. */
  public int index() {
    return index;
  }

  ECPoint point() {
    return point;
  }

  BigInteger challenge() {
    return challenge;
  }

  BigInteger response() {
    return response;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PartialDecryption that
        && Arrays.equals(toByteArray(), that.toByteArray());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(toByteArray());
  }

  @Override
  public String toString() {
    return "PartialDecryption{index=" + index + "}";
  }
}
