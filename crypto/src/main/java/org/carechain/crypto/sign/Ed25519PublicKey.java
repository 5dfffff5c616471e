package org.carechain.crypto.sign;

import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/** An Ed25519 public key: a 32-byte encoded curve point (RFC 8032 section 5.1.2). */
public final class Ed25519PublicKey {

  /** Length of the encoding in bytes. */
  public static final int SIZE = Ed25519PublicKeyParameters.KEY_SIZE;

  private final byte[] encoded;
  private final Ed25519PublicKeyParameters parameters;
  private final KeyId keyId;

  private Ed25519PublicKey(byte[] encoded, Ed25519PublicKeyParameters parameters) {
    this.encoded = encoded;
    this.parameters = parameters;
    this.keyId = KeyId.ofPublicKey(encoded);
  }

  /**
   * Reads a raw 32-byte public key.
   *
   * @throws InvalidKeyException if it is not 32 bytes or not the encoding of a curve point
   */
  public static Ed25519PublicKey create(byte[] encoded) throws InvalidKeyException {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.length != SIZE) {
      throw new InvalidKeyException("an Ed25519 public key is " + SIZE + " bytes, got " + encoded.length);
    }
    byte[] copy = encoded.clone();
    try {
      // BouncyCastle decodes the point here, so a key that is not on the curve fails now, not at
      // the first verification.
      return new Ed25519PublicKey(copy, new Ed25519PublicKeyParameters(copy, 0));
    } catch (IllegalArgumentException e) {
      throw new InvalidKeyException("not a valid Ed25519 public key", e);
    }
  }

  static Ed25519PublicKey fromParameters(Ed25519PublicKeyParameters parameters) {
    return new Ed25519PublicKey(parameters.getEncoded(), parameters);
  }

  /** The raw 32-byte encoding. */
  public byte[] toByteArray() {
    return encoded.clone();
  }

  public KeyId keyId() {
    return keyId;
  }

  Ed25519PublicKeyParameters parameters() {
    return parameters;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Ed25519PublicKey that && Arrays.equals(encoded, that.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "Ed25519PublicKey{keyId=" + keyId + ", key=" + HexFormat.of().formatHex(encoded) + "}";
  }
}
