package org.carechain.ehr.record;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;
import org.carechain.crypto.Sha256;

/**
 * The content hash of an EHR record version: the one definition that capture, audit and
 * verification all compute.
 *
 * <h2>Definition</h2>
 *
 * <pre>
 * contentHash = SHA-256( CanonicalEncoder.forDomain("carechain/ehr/content/v1")
 *                            .writeBytes(salt)              // the provider's 32-byte content salt
 *                            .writeString(resourceType)     // res_type, e.g. "Observation"
 *                            .writeString(resourceId)       // res_id
 *                            .writeInt32(version)           // res_ver
 *                            .writeBytes(jsonbText) )       // UTF-8 of content::text
 * </pre>
 *
 * <p>Spelled out in bytes, with {@code len(x)} the 4-byte big-endian length of {@code x}:
 * {@code len(tag) tag len(salt) salt len(type) type len(id) id version len(content) content}, where
 * {@code tag} is the ASCII of {@value #DOMAIN}, strings are UTF-8, {@code version} is 4 bytes
 * big-endian, and {@code content} is the UTF-8 of PostgreSQL's text of the {@code content} jsonb
 * column: exactly what {@code SELECT content::text} returns and what pgoutput sends for the column.
 * For a DELETE the content is the row as it was before the delete.
 *
 * <h2>Why PostgreSQL's jsonb text, not RFC 8785</h2>
 *
 * <p>jsonb stores a parsed value and prints it in one normal form: object keys sorted by length,
 * then by bytes; the last of duplicate keys kept; {@code ": "} and {@code ", "} as separators;
 * numbers as PostgreSQL's numeric prints them ({@code 1.50} stays {@code 1.50}, {@code 1e2} becomes
 * {@code 100}); printing that text and storing it again gives the same text. Every
 * party that must agree on the hash already holds that text: change capture receives it from
 * pgoutput, an audit reads it with {@code content::text} (or lets the database hash it with
 * {@code sha256(convert_to(content::text, 'UTF8'))}), and a verifier is handed it. None of them has
 * to parse JSON. An RFC 8785 (JCS) form would need a JSON parse and re-serialisation of every row in
 * Java, could not be computed in SQL, and re-formats numbers as IEEE doubles, which changes the
 * meaning of decimals such as lab values. The price: the bytes a client inserted are not the bytes
 * hashed, so whoever hashes must hash what PostgreSQL gives back, never their own JSON. The form has
 * not changed since jsonb appeared (PostgreSQL 9.4) but no standard fixes it; should a release ever
 * print jsonb differently, hashes would need a new domain tag.
 *
 * <p>Thread-safe; each thread reuses one digest.
 */
public final class ContentHash {

  /** The domain tag of the encoding; a new layout needs a new tag. */
  public static final String DOMAIN = "carechain/ehr/content/v1";

  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

  // The tag and the salt never change for a provider, so their encoding is made once.
  private final byte[] prefix;

  private ContentHash(byte[] prefix) {
    this.prefix = prefix;
  }

  /**
   * Hashes under {@code salt}.
   *
   * @throws IllegalArgumentException if the salt is not {@value ProviderKeys#KEY_BYTES} bytes
   */
  public static ContentHash withSalt(byte[] salt) {
    Objects.requireNonNull(salt, "salt");
    if (salt.length != ProviderKeys.KEY_BYTES) {
      throw new IllegalArgumentException("content salt must be " + ProviderKeys.KEY_BYTES + " bytes, got " + salt.length);
    }
    return new ContentHash(CanonicalEncoder.forDomain(DOMAIN).writeBytes(salt).toByteArray());
  }

  /** Hashes under the provider's content salt. */
  public static ContentHash forProvider(ProviderKeys keys) {
    return withSalt(keys.contentSalt());
  }

  /**
   * The content hash of one record version.
   *
   * @param jsonbText PostgreSQL's text of the {@code content} jsonb
   * @throws IllegalArgumentException if a string holds an unpaired surrogate
   */
  public Hash of(String resourceType, String resourceId, int version, String jsonbText) {
    return of(resourceType, resourceId, version, strictUtf8(jsonbText));
  }

  /**
   * The content hash of one record version, from the UTF-8 bytes of the jsonb text as the database
   * sent them (pgjdbc's {@code ResultSet.getBytes} on {@code content::text}): an audit need not
   * decode them.
   */
  public Hash of(String resourceType, String resourceId, int version, byte[] jsonbTextUtf8) {
    Objects.requireNonNull(jsonbTextUtf8, "jsonbTextUtf8");
    MessageDigest digest = DIGEST.get();
    digest.update(prefix);
    updateFramed(digest, strictUtf8(resourceType));
    updateFramed(digest, strictUtf8(resourceId));
    updateInt32(digest, version);
    updateFramed(digest, jsonbTextUtf8);
    return Hash.of(digest.digest());
  }

  /**
   * The bytes the definition hashes, built with {@link CanonicalEncoder} field by field: the
   * reference {@link #of} must agree with. Slow; for tests and for explaining a hash.
   */
  public static byte[] canonicalEncoding(byte[] salt, String resourceType, String resourceId, int version, String jsonbText) {
    return CanonicalEncoder.forDomain(DOMAIN)
        .writeBytes(salt)
        .writeString(resourceType)
        .writeString(resourceId)
        .writeInt32(version)
        .writeString(jsonbText)
        .toByteArray();
  }

  @Override
  public String toString() {
    return "ContentHash[" + DOMAIN + "]";
  }

  private static void updateFramed(MessageDigest digest, byte[] value) {
    updateInt32(digest, value.length);
    digest.update(value);
  }

  private static void updateInt32(MessageDigest digest, int value) {
    digest.update((byte) (value >>> 24));
    digest.update((byte) (value >>> 16));
    digest.update((byte) (value >>> 8));
    digest.update((byte) value);
  }

  /**
   * UTF-8, refusing unpaired surrogates as {@link CanonicalEncoder#writeString} does: String.getBytes
   * would turn them into '?', so two different strings would hash alike. Checking first and then
   * using getBytes keeps the JDK's fast path for the usual all-ASCII text.
   */
  static byte[] strictUtf8(String value) {
    Objects.requireNonNull(value, "value");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
        } else {
          throw new IllegalArgumentException("string is not valid UTF-16 (unpaired surrogate at " + i + ")");
        }
      }
    }
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
