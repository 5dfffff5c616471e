package org.carechain.crypto.sse.oxt;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.sse.SecurityLabel;

/**
 * The owner's OXT keys for one security label, derived from that label's 32-byte master key:
 * {@code K_n = HMAC-SHA-256(master, CanonicalEncoder("carechain/oxt/key/v1").writeString(n)
 * .writeString(label))} for n in {@code stag}, {@code xterm}, {@code xind}, {@code blind},
 * {@code entry}. Binding the label in too means that a master key reused across labels still
 * gives unrelated keys.
 *
 * <ul>
 *   <li>K_S ({@code stag}): stag_w = HMAC(K_S, w), from which the s-term's entry tokens come;
 *   <li>K_X ({@code xterm}): x_w = F_p(K_X, w), the x-term exponent;
 *   <li>K_I ({@code xind}): xind = F_p(K_I, id), the document's exponent;
 *   <li>K_Z ({@code blind}): z_{w,c} = F_p(K_Z, c || w), the blinding of entry c of w;
 *   <li>K_T ({@code entry}): K_e(w) = HMAC(K_T, w), the AES-256-GCM key of w's entries.
 * </ul>
 *
 * <p>F_p(K, x) is {@link OxtGroup#scalarOf} of HMAC(K, 0x01 || x) || HMAC(K, 0x02 || x); keywords
 * are their UTF-8 bytes and c is 8 bytes big-endian. Thread-safe; shows no key in {@code toString}.
 */
public final class OxtKeys {

  /** Size of a master key. */
  public static final int MASTER_KEY_SIZE = 32;

  static final String DOMAIN = "carechain/oxt/key/v1";

  private final SecurityLabel label;
  private final HmacPrf stagKey;
  private final HmacPrf xtermKey;
  private final HmacPrf xindKey;
  private final HmacPrf blindKey;
  private final HmacPrf entryKey;

  private OxtKeys(SecurityLabel label, byte[] masterKey) {
    this.label = label;
    HmacPrf master = new HmacPrf(masterKey);
    this.stagKey = new HmacPrf(subkey(master, "stag", label));
    this.xtermKey = new HmacPrf(subkey(master, "xterm", label));
    this.xindKey = new HmacPrf(subkey(master, "xind", label));
    this.blindKey = new HmacPrf(subkey(master, "blind", label));
    this.entryKey = new HmacPrf(subkey(master, "entry", label));
  }

  /**
   * The keys of {@code label} under its master key.
   *
   * @throws IllegalArgumentException if the master key is not {@value #MASTER_KEY_SIZE} bytes
   */
  public static OxtKeys derive(SecurityLabel label, byte[] masterKey) {
    Objects.requireNonNull(label, "label");
    if (masterKey == null || masterKey.length != MASTER_KEY_SIZE) {
      throw new IllegalArgumentException("an OXT master key is " + MASTER_KEY_SIZE + " bytes");
    }
    return new OxtKeys(label, masterKey);
  }

  /** The security label these keys serve. */
  public SecurityLabel label() {
    return label;
  }

  byte[] stag(String keyword) {
    return stagKey.apply(utf8(keyword));
  }

  BigInteger xterm(String keyword) {
    return OxtGroup.scalarOf(xtermKey.applyWide(utf8(keyword)));
  }

  BigInteger xind(byte[] id) {
    return OxtGroup.scalarOf(xindKey.applyWide(id));
  }

  BigInteger blind(String keyword, long counter) {
    return OxtGroup.scalarOf(blindKey.applyWide(counterBytes(counter), utf8(keyword)));
  }

  byte[] entryKey(String keyword) {
    return entryKey.apply(utf8(keyword));
  }

  static byte[] counterBytes(long counter) {
    return ByteBuffer.allocate(Long.BYTES).putLong(counter).array();
  }

  static byte[] utf8(String keyword) {
    if (keyword == null || keyword.isEmpty()) {
      throw new IllegalArgumentException("a keyword must not be empty");
    }
    return keyword.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] subkey(HmacPrf master, String name, SecurityLabel label) {
    return master.apply(
        CanonicalEncoder.forDomain(DOMAIN).writeString(name).writeString(label.name()).toByteArray());
  }

  @Override
  public String toString() {
    return "OxtKeys[" + label + "]";
  }
}
