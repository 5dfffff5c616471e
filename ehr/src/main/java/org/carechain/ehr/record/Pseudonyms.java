package org.carechain.ehr.record;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;

/**
 * The pseudonyms record events carry instead of ids.
 *
 * <ul>
 *   <li>{@code recordRef = HMAC-SHA-256(recordKey, CanonicalEncoder.forDomain("carechain/ehr/record-ref/v1")
 *       .writeString(provider).writeString(resourceType).writeString(resourceId))}: one record at one
 *       provider, linkable only by that provider;
 *   <li>{@code patientRef = HMAC-SHA-256(patientKey, CanonicalEncoder.forDomain("carechain/ehr/patient-ref/v1")
 *       .writeString(mpiId))}: one person, the same at every provider since the patient key is the
 *       consortium's.
 * </ul>
 *
 * <p>Thread-safe: each thread keeps its own {@link Mac}s.
 */
public final class Pseudonyms {

  public static final String RECORD_DOMAIN = "carechain/ehr/record-ref/v1";
  public static final String PATIENT_DOMAIN = "carechain/ehr/patient-ref/v1";

  private static final String ALGORITHM = "HmacSHA256";

  /** The encoded domain tag that starts every record-ref message. */
  private static final byte[] RECORD_TAG = CanonicalEncoder.forDomain(RECORD_DOMAIN).toByteArray();

  private final ThreadLocal<Mac> recordMac;
  private final ThreadLocal<Mac> patientMac;

  public Pseudonyms(ProviderKeys keys) {
    Objects.requireNonNull(keys, "keys");
    byte[] recordKey = keys.recordKey();
    byte[] patientKey = keys.patientKey();
    this.recordMac = ThreadLocal.withInitial(() -> hmacSha256(recordKey));
    this.patientMac = ThreadLocal.withInitial(() -> hmacSha256(patientKey));
  }

  /**
   * The pseudonym of record {@code resourceType/resourceId} at {@code provider}.
   *
   * <p>The MAC is fed the encoding field by field, the same bytes as {@code CanonicalEncoder}
   * builds (an audit computes this for every row; building the message allocated and ran a
   * CharsetEncoder per string).
   */
  public Hash recordRef(String provider, String resourceType, String resourceId) {
    // Every string is encoded, and refused if it is not valid UTF-16, before the MAC sees a byte.
    byte[] providerUtf8 = ContentHash.strictUtf8(provider);
    byte[] typeUtf8 = ContentHash.strictUtf8(resourceType);
    byte[] idUtf8 = ContentHash.strictUtf8(resourceId);
    Mac mac = recordMac.get();
    mac.update(RECORD_TAG);
    updateFramed(mac, providerUtf8);
    updateFramed(mac, typeUtf8);
    updateFramed(mac, idUtf8);
    return Hash.of(mac.doFinal());
  }

  /** The consortium-wide pseudonym of the patient with MPI id {@code mpiId}. */
  public Hash patientRef(String mpiId) {
    byte[] message = CanonicalEncoder.forDomain(PATIENT_DOMAIN).writeString(mpiId).toByteArray();
    return Hash.of(patientMac.get().doFinal(message));
  }

  @Override
  public String toString() {
    return "Pseudonyms[secret keys]";
  }

  /** {@code CanonicalEncoder.writeBytes}: the length, 4 bytes big-endian, then the bytes. */
  private static void updateFramed(Mac mac, byte[] value) {
    mac.update((byte) (value.length >>> 24));
    mac.update((byte) (value.length >>> 16));
    mac.update((byte) (value.length >>> 8));
    mac.update((byte) value.length);
    mac.update(value);
  }

  /** A new HMAC-SHA-256 keyed with {@code key}; package-private for the RFC 4231 vectors. */
  static Mac hmacSha256(byte[] key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac;
    } catch (GeneralSecurityException e) {
      // Every Java SE platform must provide HmacSHA256 (Mac javadoc), so this is a broken JDK.
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
