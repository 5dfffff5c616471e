package org.carechain.crypto.escrow;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.custom.djb.Curve25519;

/**
 * The prime-order subgroup of Curve25519, with full point arithmetic, for threshold decryption.
 *
 * <p>X25519 (RFC 7748) works on Montgomery u-coordinates only, which cannot be added. BouncyCastle's
 * {@link Curve25519} is the same curve in short Weierstrass form, y² = x³ + ax + b, reached from
 * Montgomery (u, v) with B = 1 by x = u + A/3 (A = 486662) and y = v. The base point is u = 9.
 *
 * <p>Points travel as 32 bytes, like an X25519 public key with the sign of v in the top bit:
 * u little-endian in bits 0..254 (u &lt; p), and bit 255 set when y is odd. Only points of the
 * prime-order subgroup other than the identity are accepted, so every decoded point is a multiple of
 * the base point and no small-order component can slip into a combination.
 *
 * <p>Scalars are integers mod ℓ = 2<sup>252</sup> + 27742317777372353535851937790883648493, 32 bytes
 * little-endian.
 *
 * <p>BouncyCastle's Weierstrass arithmetic and {@link BigInteger} are not constant-time, and a
 * {@code BigInteger} cannot be wiped.
 */
final class Curve25519Group {

  static final int POINT_SIZE = 32;
  static final int SCALAR_SIZE = 32;

  static final Curve25519 CURVE = new Curve25519();
  static final BigInteger P = CURVE.getField().getCharacteristic();
  static final BigInteger ORDER = CURVE.getOrder();

  private static final BigInteger A_OVER_3 =
      BigInteger.valueOf(486662).multiply(BigInteger.valueOf(3).modInverse(P)).mod(P);
  private static final ECPoint BASE = liftEven(BigInteger.valueOf(9));

  /**
   * h = 8 · (8<sup>-1</sup> mod ℓ): h ≡ 1 (mod ℓ) and h ≡ 0 (mod 8), so h·Q is the prime-order
   * component of any curve point Q, and h·Q = Q for Q in the subgroup.
   */
  private static final BigInteger SUBGROUP_PROJECTOR =
      BigInteger.valueOf(8).multiply(BigInteger.valueOf(8).modInverse(ORDER));

  private static final BigInteger LOW_255_BITS = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE);

  private Curve25519Group() {}

  static ECPoint base() {
    return BASE;
  }

  /** k·point, normalised to affine coordinates; the identity for k ≡ 0. */
  static ECPoint multiply(ECPoint point, BigInteger k) {
    return point.multiply(k.mod(ORDER)).normalize();
  }

  /**
   * The point of an HPKE encapsulated key (an X25519 public key) as every officer and the combiner
   * must see it: u decoded as RFC 7748 does (top bit ignored, reduced mod p), lifted with the even
   * y, then projected onto the prime-order subgroup. For any d ≡ 0 (mod 8), such as a clamped
   * X25519 scalar, d·Q and d·(h·Q) are the same point, so the sharing mod ℓ reproduces X25519 for
   * every point of the curve. Which y was chosen does not matter for the result's u-coordinate,
   * since u(d·(−Q)) = u(−d·Q) = u(d·Q); it only has to be the same choice everywhere.
   *
   * @throws InvalidKeyException if u is not on the curve (it is on the twist) or is a low-order
   *     point, whose shared secret would be all zero
   */
  static ECPoint encapsulatedKeyPoint(byte[] enc) throws InvalidKeyException {
    if (enc.length != POINT_SIZE) {
      throw new InvalidKeyException(
          "an encapsulated key is " + POINT_SIZE + " bytes, got " + enc.length);
    }
    BigInteger u = littleEndian(enc).and(LOW_255_BITS).mod(P);
    ECPoint lifted = liftEven(u);
    if (lifted == null) {
      throw new InvalidKeyException("the encapsulated key is not a point of Curve25519");
    }
    ECPoint projected = lifted.multiply(SUBGROUP_PROJECTOR).normalize();
    if (projected.isInfinity()) {
      throw new InvalidKeyException("the encapsulated key is a low-order point");
    }
    return projected;
  }

  /** The Montgomery u-coordinate, 32 bytes little-endian, as X25519 outputs it. */
  static byte[] uCoordinate(ECPoint point) {
    if (point.isInfinity()) {
      throw new IllegalArgumentException("the identity has no u-coordinate");
    }
    BigInteger u = point.normalize().getAffineXCoord().toBigInteger().subtract(A_OVER_3).mod(P);
    return toLittleEndian(u, POINT_SIZE);
  }

  static byte[] encode(ECPoint point) {
    ECPoint affine = point.normalize();
    byte[] encoded = uCoordinate(affine);
    if (affine.getAffineYCoord().testBitZero()) {
      encoded[POINT_SIZE - 1] |= (byte) 0x80;
    }
    return encoded;
  }

  /**
   * Reads the encoding of {@link #encode}, refusing anything it would not write.
   *
   * @return null if the bytes are not the encoding of a point of the prime-order subgroup other
   *     than the identity
   */
  static ECPoint decode(byte[] encoded, int offset) {
    byte[] bytes = Arrays.copyOfRange(encoded, offset, offset + POINT_SIZE);
    boolean odd = (bytes[POINT_SIZE - 1] & 0x80) != 0;
    bytes[POINT_SIZE - 1] &= 0x7f;
    BigInteger u = littleEndian(bytes);
    if (u.compareTo(P) >= 0) {
      return null;
    }
    ECPoint even = liftEven(u);
    if (even == null || even.getAffineYCoord().isZero()) {
      // y = 0 would make the sign bit meaningless; such points have order 2 anyway.
      return null;
    }
    ECPoint point = odd ? even.negate().normalize() : even;
    if (point.isInfinity() || !point.multiply(ORDER).isInfinity()) {
      return null;
    }
    return point;
  }

  /** (u, y) with y even, or null if u + A/3 has no y on the curve. */
  private static ECPoint liftEven(BigInteger u) {
    ECFieldElement x = CURVE.fromBigInteger(u.add(A_OVER_3).mod(P));
    ECFieldElement rhs = x.square().add(CURVE.getA()).multiply(x).add(CURVE.getB());
    ECFieldElement y = rhs.sqrt();
    if (y == null) {
      return null;
    }
    if (y.testBitZero()) {
      y = y.negate();
    }
    return CURVE.createPoint(x.toBigInteger(), y.toBigInteger()).normalize();
  }

  /** A uniform scalar mod ℓ, reduced from 64 random bytes so the bias is below 2^-250. */
  static BigInteger randomScalar(SecureRandom random) {
    byte[] wide = new byte[64];
    try {
      random.nextBytes(wide);
      return littleEndian(wide).mod(ORDER);
    } finally {
      Arrays.fill(wide, (byte) 0);
    }
  }

  /** A uniform scalar in 1..ℓ−1. */
  static BigInteger randomNonzeroScalar(SecureRandom random) {
    while (true) {
      BigInteger scalar = randomScalar(random);
      if (scalar.signum() != 0) {
        return scalar;
      }
    }
  }

  /**
   * The integer an X25519 private key stands for, clamp(sk) as RFC 7748's decodeScalar25519 reads
   * it, reduced mod ℓ.
   */
  static BigInteger clampedScalarModOrder(byte[] privateKey) {
    byte[] clamped = privateKey.clone();
    clamped[0] &= (byte) 0xf8;
    clamped[31] &= 0x7f;
    clamped[31] |= 0x40;
    try {
      return littleEndian(clamped).mod(ORDER);
    } finally {
      Arrays.fill(clamped, (byte) 0);
    }
  }

  /** A scalar from its 32-byte little-endian encoding, or null if it is not below ℓ. */
  static BigInteger decodeScalar(byte[] encoded, int offset) {
    BigInteger scalar = littleEndian(Arrays.copyOfRange(encoded, offset, offset + SCALAR_SIZE));
    return scalar.compareTo(ORDER) < 0 ? scalar : null;
  }

  static byte[] encodeScalar(BigInteger scalar) {
    return toLittleEndian(scalar.mod(ORDER), SCALAR_SIZE);
  }

  static BigInteger littleEndian(byte[] bytes) {
    byte[] bigEndian = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      bigEndian[i] = bytes[bytes.length - 1 - i];
    }
    try {
      return new BigInteger(1, bigEndian);
    } finally {
      Arrays.fill(bigEndian, (byte) 0);
    }
  }

  static byte[] toLittleEndian(BigInteger value, int length) {
    byte[] bigEndian = value.toByteArray();
    byte[] result = new byte[length];
    // toByteArray may carry a leading zero sign byte; value < 2^(8·length) is the caller's promise.
    for (int i = 0; i < length && i < bigEndian.length; i++) {
      result[i] = bigEndian[bigEndian.length - 1 - i];
    }
    Arrays.fill(bigEndian, (byte) 0);
    return result;
  }
}
