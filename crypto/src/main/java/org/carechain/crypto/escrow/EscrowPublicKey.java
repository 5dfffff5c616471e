package org.carechain.crypto.escrow;

import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.carechain.crypto.sign.KeyId;

/**
 * The consortium escrow public key: an X25519 public key (RFC 7748), 32 bytes, to which identity
 * data keys are wrapped and registration ids are encrypted as link tags ({@link EscrowCipher}).
 */
public final class EscrowPublicKey {

  /** Length of the encoding in bytes. */
  public static final int SIZE = X25519PublicKeyParameters.KEY_SIZE;

  /** A clamped scalar; any low-order point times it is the identity, whose encoding is all zero. */
  private static final byte[] PROBE_SCALAR = new byte[X25519.SCALAR_SIZE];

  static {
    PROBE_SCALAR[0] = 8;
    PROBE_SCALAR[31] = 0x40;
  }

  private final byte[] encoded;
  private final X25519PublicKeyParameters parameters;
  private final KeyId keyId;

  private EscrowPublicKey(byte[] encoded) {
    this.encoded = encoded;
    this.parameters = new X25519PublicKeyParameters(encoded, 0);
    this.keyId = KeyId.ofPublicKey(encoded);
  }

  /**
   * Reads a raw 32-byte X25519 public key.
   *
   * @throws InvalidKeyException if it is not 32 bytes or is a low-order point, to which nothing
   *     can be encrypted
   */
  public static EscrowPublicKey create(byte[] encoded) throws InvalidKeyException {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.length != SIZE) {
      throw new InvalidKeyException(
          "an X25519 escrow public key is " + SIZE + " bytes, got " + encoded.length);
    }
    byte[] copy = encoded.clone();
    if (!X25519.calculateAgreement(PROBE_SCALAR, 0, copy, 0, new byte[X25519.POINT_SIZE], 0)) {
      throw new InvalidKeyException("the escrow public key is a low-order X25519 point");
    }
    return new EscrowPublicKey(copy);
  }

  static EscrowPublicKey fromParameters(X25519PublicKeyParameters parameters) {
    return new EscrowPublicKey(parameters.getEncoded());
  }

  /** The raw 32-byte encoding. */
  public byte[] toByteArray() {
    return encoded.clone();
  }

  /** First 16 bytes of SHA-256 of the encoding, as for every CareChain public key. */
  public KeyId keyId() {
    return keyId;
  }

  X25519PublicKeyParameters parameters() {
    return parameters;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EscrowPublicKey that && Arrays.equals(encoded, that.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "EscrowPublicKey{keyId=" + keyId + ", key=" + HexFormat.of().formatHex(encoded) + "}";
  }
}
