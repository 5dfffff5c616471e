package org.carechain.crypto.sse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;

/**
 * The owner's master keys: one 32-byte key {@code K_ℓ} per security label. Every keyword key is
 * derived from the master key of its label, so holding only some labels' keys gives no access to
 * the others' keywords. Immutable and thread-safe; {@link #toString()} names only the labels.
 *
 * <h2>Key file format ({@link #encode}, version 1)</h2>
 *
 * <pre>
 * "CCMK"                     4 bytes, ASCII magic
 * 0x01                       1 byte, format version
 * n                          1 byte, the number of keys, 0..6
 * n times:
 *   code                     1 byte, the label's letter in ASCII (U, L, M, N, R or V)
 *   key                      32 bytes
 * </pre>
 *
 * Labels appear in the order U, L, M, N, R, V, each at most once, and nothing follows the last
 * key, so a set of keys has exactly one encoding.
 */
public final class MasterKeys {

  /** Length of a master key in bytes. */
  public static final int KEY_SIZE = 32;
  /** The first bytes of an encoding. */
  static final byte[] MAGIC = "CCMK".getBytes(StandardCharsets.US_ASCII);
  /** The format version written by {@link #encode}. */
  static final int VERSION = 1;

  private static final byte[] TAG_PREFIX =
      CanonicalEncoder.forDomain("carechain/search/keyword-tag/v1").toByteArray();
  private static final byte[] KEYWORD_KEY_PREFIX =
      CanonicalEncoder.forDomain("carechain/search/keyword-key/v1").toByteArray();
  private static final int MAX_KEYWORD_LENGTH = 1024;

  private final EnumMap<SecurityLabel, byte[]> keys;

  private MasterKeys(EnumMap<SecurityLabel, byte[]> keys) {
    this.keys = keys;
  }

  /** Fresh keys for every security label, drawn from {@code random}. */
  public static MasterKeys generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    EnumMap<SecurityLabel, byte[]> keys = new EnumMap<>(SecurityLabel.class);
    for (SecurityLabel label : SecurityLabel.values()) {
      byte[] key = new byte[KEY_SIZE];
      random.nextBytes(key);
      keys.put(label, key);
    }
    return new MasterKeys(keys);
  }

  /**
   * Reads a key file written by {@link #encode}.
   *
   * @throws IllegalArgumentException if the bytes are not exactly a version-1 encoding; the message
   *     says what is wrong and never contains key bytes
   */
  public static MasterKeys decode(byte[] encoded) {
    Objects.requireNonNull(encoded, "encoded");
    int header = MAGIC.length + 2;
    if (encoded.length < header || !Arrays.equals(encoded, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new IllegalArgumentException("not a CareChain master key file (bad magic)");
    }
    int version = encoded[MAGIC.length] & 0xff;
    if (version != VERSION) {
      throw new IllegalArgumentException("unsupported master key file version " + version + "; expected " + VERSION);
    }
    int count = encoded[MAGIC.length + 1] & 0xff;
    if (count > SecurityLabel.values().length) {
      throw new IllegalArgumentException("master key file claims " + count + " keys; there are at most "
          + SecurityLabel.values().length);
    }
    int recordSize = 1 + KEY_SIZE;
    if (encoded.length != header + count * recordSize) {
      throw new IllegalArgumentException("master key file of " + count + " keys must be "
          + (header + count * recordSize) + " bytes, got " + encoded.length);
    }
    EnumMap<SecurityLabel, byte[]> keys = new EnumMap<>(SecurityLabel.class);
    int previous = -1;
    for (int i = 0; i < count; i++) {
      int offset = header + i * recordSize;
      SecurityLabel label = labelOfCode(encoded[offset], i);
      if (label.ordinal() <= previous) {
        throw new IllegalArgumentException("master key file: key " + i + " is out of order or repeated"
            + " (labels go U, L, M, N, R, V, each once)");
      }
      previous = label.ordinal();
      keys.put(label, Arrays.copyOfRange(encoded, offset + 1, offset + recordSize));
    }
    return new MasterKeys(keys);
  }

  private static SecurityLabel labelOfCode(byte code, int index) {
    for (SecurityLabel label : SecurityLabel.values()) {
      if (label.name().charAt(0) == (code & 0xff)) {
        return label;
      }
    }
    throw new IllegalArgumentException("master key file: key " + index + " has no valid security label code");
  }

  /** The key file bytes; see the class comment. The caller should overwrite them when done. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(MAGIC.length + 2 + keys.size() * (1 + KEY_SIZE));
    out.writeBytes(MAGIC);
    out.write(VERSION);
    out.write(keys.size());
    for (Map.Entry<SecurityLabel, byte[]> entry : keys.entrySet()) {
      out.write(entry.getKey().name().charAt(0));
      out.writeBytes(entry.getValue());
    }
    return out.toByteArray();
  }

  /** Whether this holds the master key of {@code label}. */
  public boolean has(SecurityLabel label) {
    return keys.containsKey(label);
  }

  /** The labels this holds keys for. */
  public Set<SecurityLabel> labels() {
    return Collections.unmodifiableSet(keys.keySet());
  }

  /**
   * The keys of {@code labels} only, for handing to a component that should not reach the others.
   *
   * @throws IllegalArgumentException if this does not hold a key for one of {@code labels}
   */
  public MasterKeys only(Set<SecurityLabel> labels) {
    Objects.requireNonNull(labels, "labels");
    EnumMap<SecurityLabel, byte[]> subset = new EnumMap<>(SecurityLabel.class);
    for (SecurityLabel label : labels) {
      subset.put(label, requireKey(label).clone());
    }
    return new MasterKeys(subset);
  }

  /**
   * Derives the keys of {@code keyword} under {@code label}:
   *
   * <pre>
   * tag       = HMAC(K_ℓ, CanonicalEncoder("carechain/search/keyword-tag/v1").writeString(w))
   * K_w       = HMAC(K_ℓ, CanonicalEncoder("carechain/search/keyword-key/v1").writeString(w))
   * labelKey  = HMAC(K_w, CanonicalEncoder("carechain/search/label-key/v1"))
   * valueKey  = HMAC(K_w, CanonicalEncoder("carechain/search/value-key/v1"))
   * </pre>
   *
   * @param keyword 1 to 1024 characters of valid UTF-16; it never appears in an exception message
   * @throws IllegalArgumentException if this holds no key for {@code label} or the keyword is
   *     empty, too long or holds an unpaired surrogate
   */
  public KeywordKeys keywordKeys(SecurityLabel label, String keyword) {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(keyword, "keyword");
    if (keyword.isEmpty() || keyword.length() > MAX_KEYWORD_LENGTH) {
      throw new IllegalArgumentException("a keyword has 1 to " + MAX_KEYWORD_LENGTH + " characters");
    }
    byte[] masterKey = requireKey(label);
    byte[] utf8 = strictUtf8(keyword);
    Mac mac = HmacSha256.keyed(masterKey);
    Hash tag = Hash.of(mac.doFinal(withStringField(TAG_PREFIX, utf8)));
    byte[] keywordKey = mac.doFinal(withStringField(KEYWORD_KEY_PREFIX, utf8));
    try {
      return KeywordKeys.derive(label, tag, keywordKey);
    } finally {
      Arrays.fill(keywordKey, (byte) 0);
    }
  }

  /**
   * The bytes of {@code CanonicalEncoder.forDomain(..).writeString(..)}, given the encoded domain
   * and the string's UTF-8: built directly because the encoder's strict charset encoder costs more
   * than the HMACs of a derivation.
   */
  private static byte[] withStringField(byte[] encodedDomain, byte[] utf8) {
    byte[] message = Arrays.copyOf(encodedDomain, encodedDomain.length + 4 + utf8.length);
    int at = encodedDomain.length;
    message[at] = (byte) (utf8.length >>> 24);
    message[at + 1] = (byte) (utf8.length >>> 16);
    message[at + 2] = (byte) (utf8.length >>> 8);
    message[at + 3] = (byte) utf8.length;
    System.arraycopy(utf8, 0, message, at + 4, utf8.length);
    return message;
  }

  /** UTF-8 of {@code value}, refusing unpaired surrogates (which {@code getBytes} would turn into '?'). */
  private static byte[] strictUtf8(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("a keyword must be valid UTF-16; character " + i + " is an unpaired surrogate");
      }
    }
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private byte[] requireKey(SecurityLabel label) {
    byte[] key = keys.get(Objects.requireNonNull(label, "label"));
    if (key == null) {
      throw new IllegalArgumentException("no master key for security label " + label);
    }
    return key;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof MasterKeys that) || !keys.keySet().equals(that.keys.keySet())) {
      return false;
    }
    boolean equal = true;
    for (Map.Entry<SecurityLabel, byte[]> entry : keys.entrySet()) {
      equal &= MessageDigest.isEqual(entry.getValue(), that.keys.get(entry.getKey()));
    }
    return equal;
  }

  @Override
  public int hashCode() {
    // From the labels only, so that the hash code reveals nothing about the keys.
    return keys.keySet().hashCode();
  }

  @Override
  public String toString() {
    return "MasterKeys{labels=" + keys.keySet() + "}";
  }
}
