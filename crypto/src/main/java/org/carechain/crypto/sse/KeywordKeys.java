package org.carechain.crypto.sse;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;

/**
 * The keys of one keyword under one security label, derived by the owner from the label's master
 * key (see {@link MasterKeys#keywordKeys}): the public-facing tag, the label key that computes the
 * entry labels {@code L_c = HMAC(labelKey, c)}, and the value encryption key.
 *
 * <p>Only the owner holds this object. A user receives {@link #labels(long) labels} (the
 * Mitra-style token) and the {@link #userKey() user key}, never the label key, so no one but the
 * owner can compute a label for a counter beyond those already issued. Immutable and thread-safe.
 * {@link #toString()} shows neither key.
 */
public final class KeywordKeys {

  /** Message of the label key: {@code HMAC(K_w, CanonicalEncoder("carechain/search/label-key/v1"))}. */
  private static final byte[] LABEL_KEY_MESSAGE =
      CanonicalEncoder.forDomain("carechain/search/label-key/v1").toByteArray();
  /** Message of the value key: {@code HMAC(K_w, CanonicalEncoder("carechain/search/value-key/v1"))}. */
  private static final byte[] VALUE_KEY_MESSAGE =
      CanonicalEncoder.forDomain("carechain/search/value-key/v1").toByteArray();

  private final SecurityLabel securityLabel;
  private final Hash tag;
  private final byte[] labelKey;
  private final byte[] encryptionKey;

  private KeywordKeys(SecurityLabel securityLabel, Hash tag, byte[] labelKey, byte[] encryptionKey) {
    this.securityLabel = securityLabel;
    this.tag = tag;
    this.labelKey = labelKey;
    this.encryptionKey = encryptionKey;
  }

  /** Derives the keyword keys from the tag and the keyword key {@code K_w}, which is not kept. */
  static KeywordKeys derive(SecurityLabel securityLabel, Hash tag, byte[] keywordKey) {
    Objects.requireNonNull(securityLabel, "securityLabel");
    Objects.requireNonNull(tag, "tag");
    Mac mac = HmacSha256.keyed(keywordKey);
    byte[] labelKey = mac.doFinal(LABEL_KEY_MESSAGE);
    byte[] encryptionKey = mac.doFinal(VALUE_KEY_MESSAGE);
    return new KeywordKeys(securityLabel, tag, labelKey, encryptionKey);
  }

  public SecurityLabel securityLabel() {
    return securityLabel;
  }

  /** {@code HMAC(K_ℓ, "tag" ‖ w)}: names the keyword in statements without revealing it. */
  public Hash tag() {
    return tag;
  }

  /**
   * The label of the keyword's {@code counter}-th entry: HMAC-SHA-256 under the label key of
   * {@code counter} as 8 bytes big-endian.
   *
   * @throws IllegalArgumentException if {@code counter < 1}
   */
  public byte[] label(long counter) {
    if (counter < 1) {
      throw new IllegalArgumentException("entry counters start at 1, got " + counter);
    }
    return HmacSha256.keyed(labelKey).doFinal(counterBytes(counter));
  }

  /**
   * The labels {@code L_1 .. L_count}, in counter order: the search token for a keyword with
   * {@code count} entries.
   *
   * @throws IllegalArgumentException if {@code count} is negative or above {@link Integer#MAX_VALUE}
   */
  public List<byte[]> labels(long count) {
    if (count < 0 || count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a token has 0 to " + Integer.MAX_VALUE + " labels, got " + count);
    }
    List<byte[]> labels = new ArrayList<>((int) count);
    if (count == 0) {
      return labels;
    }
    Mac mac = HmacSha256.keyed(labelKey);
    byte[] counter = new byte[Long.BYTES];
    for (long c = 1; c <= count; c++) {
      writeCounter(c, counter);
      labels.add(mac.doFinal(counter));
    }
    return labels;
  }

  /** A copy of the 32-byte value encryption key: what is wrapped to an authorised user. */
  public byte[] encryptionKey() {
    return encryptionKey.clone();
  }

  /** The key for a user: tag and encryption key, without the label key. */
  public UserKeywordKey userKey() {
    return new UserKeywordKey(securityLabel, tag, encryptionKey);
  }

  /** The encryption key itself, for {@link UpdateBuilder}, which never hands it out. */
  byte[] encryptionKeyNoCopy() {
    return encryptionKey;
  }

  private static byte[] counterBytes(long counter) {
    byte[] bytes = new byte[Long.BYTES];
    writeCounter(counter, bytes);
    return bytes;
  }

  private static void writeCounter(long counter, byte[] bytes) {
    for (int i = 0; i < Long.BYTES; i++) {
      bytes[i] = (byte) (counter >>> (56 - 8 * i));
    }
  }

  @Override
  public String toString() {
    return "KeywordKeys{label=" + securityLabel + ", tag=" + tag.toHex().substring(0, 16) + "...}";
  }
}
