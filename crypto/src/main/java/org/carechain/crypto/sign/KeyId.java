package org.carechain.crypto.sign;

import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;
import org.carechain.crypto.Hash;

/**
 * A stable, short name for a public key: the first 16 bytes of SHA-256 of its raw encoding (for
 * Ed25519, the 32-byte point), as 32 lowercase hex digits.
 *
 * <p>It can be recomputed with {@code sha256sum} alone. At 128 bits, collisions between honest keys
 * are out of reach; a key id is a name, never a substitute for comparing the key itself.
 */
public record KeyId(String hex) {

  /** Bytes of the SHA-256 prefix kept. */
  public static final int BYTES = 16;

  private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{" + 2 * BYTES + "}");

  /**
   * @throws IllegalArgumentException unless {@code hex} is 32 lowercase hex digits
   */
  public KeyId {
    Objects.requireNonNull(hex, "hex");
    if (!FORMAT.matcher(hex).matches()) {
      throw new IllegalArgumentException("a key id is " + 2 * BYTES + " lowercase hex digits");
    }
  }

  /** Parses a key id, as the constructor does. */
  public static KeyId of(String hex) {
    return new KeyId(hex);
  }

  /** The key id of a raw public key encoding. */
  public static KeyId ofPublicKey(byte[] rawPublicKey) {
    byte[] digest = Hash.sha256(rawPublicKey).toByteArray();
    return new KeyId(HexFormat.of().formatHex(digest, 0, BYTES));
  }

  @Override
  public String toString() {
    return hex;
  }
}
