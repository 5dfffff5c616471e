package org.carechain.crypto.sse.oxt;

import java.math.BigInteger;
import java.security.MessageDigest;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.carechain.crypto.Hash;
import org.carechain.crypto.Sha256;

/**
 * The DDH group of OXT: NIST P-256 (secp256r1) through BouncyCastle's custom field arithmetic, of
 * prime order q and cofactor 1, with generator g the standard base point.
 *
 * <p>Points travel compressed (SEC 1 section 2.3.3, 33 bytes: 0x02 or 0x03, then x). Only points
 * of the curve other than the identity are accepted. Exponentiation by g uses BouncyCastle's
 * fixed-base comb, whose table is computed once; any other base uses the curve's default
 * variable-base multiplier. Results are normalised to affine coordinates.
 *
 * <p>Scalars from {@link #scalarOf} are in [1, q − 1], so every one is invertible.
 *
 * <p>BouncyCastle's EC arithmetic and {@link BigInteger} are not constant-time.
 */
public final class OxtGroup {

  /** Size of a compressed point. */
  public static final int POINT_SIZE = 33;

  /** Size of a scalar as 32 bytes big-endian. */
  public static final int SCALAR_SIZE = 32;

  /** Bytes of PRF output reduced to one scalar: 64, so the bias from the reduction is below 2^-256. */
  public static final int WIDE_SCALAR_SIZE = 64;

  private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
  private static final ECCurve CURVE = P256.getCurve();
  private static final ECPoint G = P256.getG().normalize();
  private static final BigInteger Q = P256.getN();
  private static final BigInteger Q_MINUS_ONE = Q.subtract(BigInteger.ONE);
  private static final ECMultiplier FIXED_BASE = new FixedPointCombMultiplier();
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Sha256::newDigest);

  private OxtGroup() {}

  /** The group order q. */
  public static BigInteger order() {
    return Q;
  }

  /** The curve, for callers that build points from coordinates (the benchmark's baseline). */
  public static ECCurve curve() {
    return CURVE;
  }

  /** The generator g. */
  public static ECPoint generator() {
    return G;
  }

  /** g<sup>k</sup> with the fixed-base comb, normalised. */
  public static ECPoint baseMultiply(BigInteger k) {
    return FIXED_BASE.multiply(G, k.mod(Q)).normalize();
  }

  /**
   * g<sup>k</sup> for each k, with the fixed-base comb, normalised together (one field inversion
   * for the whole batch).
   */
  public static ECPoint[] baseMultiplyAll(BigInteger[] scalars) {
    ECPoint[] points = new ECPoint[scalars.length];
    for (int i = 0; i < scalars.length; i++) {
      points[i] = FIXED_BASE.multiply(G, scalars[i].mod(Q));
    }
    CURVE.normalizeAll(points);
    return points;
  }

  /** point<sup>k</sup> with the variable-base multiplier, normalised. */
  public static ECPoint multiply(ECPoint point, BigInteger k) {
    return point.multiply(k.mod(Q)).normalize();
  }

  /**
   * The scalar of {@value #WIDE_SCALAR_SIZE} bytes of PRF output: the bytes as an unsigned
   * big-endian integer, reduced mod (q − 1), plus 1. Never zero.
   */
  public static BigInteger scalarOf(byte[] wide) {
    if (wide.length != WIDE_SCALAR_SIZE) {
      throw new IllegalArgumentException("a wide scalar is " + WIDE_SCALAR_SIZE + " bytes");
    }
    return new BigInteger(1, wide).mod(Q_MINUS_ONE).add(BigInteger.ONE);
  }

  /** The 32-byte big-endian form of a scalar in [0, q). */
  public static byte[] scalarBytes(BigInteger scalar) {
    if (scalar.signum() < 0 || scalar.compareTo(Q) >= 0) {
      throw new IllegalArgumentException("a scalar is in [0, q)");
    }
    byte[] magnitude = scalar.toByteArray();
    byte[] out = new byte[SCALAR_SIZE];
    int copy = Math.min(magnitude.length, SCALAR_SIZE);
    System.arraycopy(magnitude, magnitude.length - copy, out, SCALAR_SIZE - copy, copy);
    return out;
  }

  /**
   * The scalar of 32 big-endian bytes.
   *
   * @return null unless the value is in [1, q − 1]
   */
  static BigInteger scalarFromBytes(byte[] bytes) {
    BigInteger value = new BigInteger(1, bytes);
    return value.signum() == 0 || value.compareTo(Q) >= 0 ? null : value;
  }

  /** The compressed encoding of a point other than the identity. */
  public static byte[] encode(ECPoint point) {
    if (point.isInfinity()) {
      throw new IllegalArgumentException("the identity has no OXT encoding");
    }
    return point.getEncoded(true);
  }

  /**
   * Reads a compressed point, refusing the identity, uncompressed or hybrid forms, and anything
   * not on the curve.
   *
   * @throws IllegalArgumentException with a reason that names no secret
   */
  public static ECPoint decode(byte[] encoded) {
    if (encoded == null || encoded.length != POINT_SIZE || (encoded[0] != 0x02 && encoded[0] != 0x03)) {
      throw new IllegalArgumentException("a group element is a " + POINT_SIZE + "-byte compressed P-256 point");
    }
    ECPoint point;
    try {
      point = CURVE.decodePoint(encoded);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException("a group element is not a point of P-256");
    }
    if (point.isInfinity()) {
      throw new IllegalArgumentException("a group element must not be the identity");
    }
    return point;
  }

  /** H(point): SHA-256 of the compressed encoding, the form in which xtags enter the XSet. */
  public static Hash hashOf(ECPoint point) {
    return Hash.of(SHA256.get().digest(encode(point)));
  }
}
